"""The loyalty mechanics page: promo codes, the rewards catalog, segments, passes and subscription plans.

Each form is checked by the API's own request model, then handed to the same service function the API calls."""

import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from achievements.catalog import definition_history, list_definitions, save_definition, spec_of
from achievements.definitions import Kind, SegmentSpec
from api.console.base import (
    KeyPath,
    NotSignedIn,
    Posted,
    console_words,
    csrf_token,
    form_sender,
    form_text,
    reason_of,
    render,
    signed_in,
    to_login,
)
from api.deps import AppState, State
from api.passes import PassTypeIn
from api.promo_codes import PromoBatchIn, PromoCodeIn
from api.rewards import RewardIn, RewardPatch, Stock
from api.segments import backfill_segments
from api.subscriptions import PlanIn
from core.db import run_in_transaction, unit_of_work
from core.errors import LaurelError
from core.tenancy import Principal
from loyalty.passes import create_pass_type, list_pass_types
from loyalty.promo_codes import create_promo_code, generate_promo_codes, list_promo_codes
from loyalty.rewards import create_reward, get_reward, list_rewards, restock_reward
from loyalty.subscriptions import create_plan, list_plans
from targeting.segments import segment_members, segment_sizes
from wallets.programs import list_programs, program_by_id

router = APIRouter(prefix="/admin")


class RewardStockIn(RewardPatch):
    """The restock form: an empty stock means unlimited."""

    stock: Stock | None = None


LOCAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?")


def as_utc(value: str) -> str:
    """A browser's local date-time (no zone, seconds optional) as an RFC 3339 date-time in UTC; other text as it is."""
    if not LOCAL_TIME.fullmatch(value):
        return value
    return f"{value}Z" if value.count(":") == 2 else f"{value}:00Z"


def _loyalty_page(
    state: AppState,
    request: Request,
    principal: Principal,
    token: str,
    *,
    status_code: int = 200,
    form_id: str | None = None,
    error: str | None = None,
    values: dict[str, str] | None = None,
    generated: list[str] | None = None,
) -> HTMLResponse:
    with unit_of_work(state.engine, read_only=True) as session:
        promo_codes, promo_total = list_promo_codes(session, principal.tenant_id)
        sizes = segment_sizes(session, principal.tenant_id)
        segments = [
            SegmentSpec.model_validate(row.body) for row in list_definitions(session, principal.tenant_id, Kind.SEGMENT)
        ]
        rewards = list_rewards(session, principal.tenant_id)
        pass_types = list_pass_types(session, principal.tenant_id)
        plans = list_plans(session, principal.tenant_id)
        programs = list_programs(session, principal.tenant_id)
    return render(
        request,
        "admin/loyalty.html",
        status_code,
        promo_codes=promo_codes,
        promo_total=promo_total,
        segments=[(spec, sizes.get(spec.key, 0)) for spec in segments],
        rewards=rewards,
        pass_types=pass_types,
        plans=plans,
        segment_options=[(spec.key, spec.name) for spec in segments],
        program_options=[(program.key, program.name) for program in programs],
        csrf=csrf_token(state, token),
        form_id=form_id,
        error=error,
        values=values or {},
        generated=generated,
        notice=request.query_params.get("notice"),
    )


@router.get("/loyalty", response_class=HTMLResponse)
def loyalty_page(state: State, request: Request) -> Response:
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    return _loyalty_page(state, request, principal, token)


def _form_body(values: dict[str, str]) -> dict[str, str]:
    """A form's filled fields as a request body; a browser's local date-time (no zone) is read as UTC."""
    body = {name: value.strip() for name, value in values.items() if name != "csrf" and value.strip()}
    return {name: as_utc(value) for name, value in body.items()}


def _loyalty_form(
    state: AppState,
    request: Request,
    form: FormData,
    form_id: str,
    model: type[BaseModel],
    act: Callable[[str, Any], str],
) -> Response:
    """Check the form with `model`, run `act(tenant, body)`; its answer is the notice shown. A refusal shows the
    page again with the form as sent and the reason beside it."""
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    try:
        notice = act(principal.tenant_id, model.model_validate(_form_body(values), strict=False))
    except (ValidationError, LaurelError) as exc:
        _, token = signed_in(state, request)
        return _loyalty_page(
            state, request, principal, token, status_code=422, form_id=form_id, error=reason_of(exc), values=values
        )
    section = form_id.split("_")[0]
    return RedirectResponse(f"/admin/loyalty?{urlencode({'notice': notice})}#{section}", status_code=303)


def _created(request: Request, what: str, key: str, created: bool) -> str:
    words = console_words(request)
    return str(words["notices"]["created" if created else "unchanged"].format(what=words["mechanics"][what], key=key))


@router.post("/promo-codes")
def create_promo_code_form(state: State, request: Request, form: Posted) -> Response:
    def act(tenant_id: str, body: PromoCodeIn) -> str:
        promo, created = run_in_transaction(
            state.engine, lambda s: create_promo_code(s, tenant_id, body.code, body.terms())
        )
        return _created(request, "promo_code", promo.code, created)

    return _loyalty_form(state, request, form, "promo_code", PromoCodeIn, act)


@router.post("/promo-codes/batch")
def generate_promo_codes_form(state: State, request: Request, form: Posted) -> Response:
    """Generated codes are shown once, on the page that answers (and listed with the others after)."""
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    _, token = signed_in(state, request)
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    try:
        body = PromoBatchIn.model_validate(_form_body(values), strict=False)
        _, codes = run_in_transaction(
            state.engine,
            lambda s: generate_promo_codes(
                s, principal.tenant_id, body.terms(), count=body.count, prefix=body.prefix, length=body.length
            ),
        )
    except (ValidationError, LaurelError) as exc:
        return _loyalty_page(
            state,
            request,
            principal,
            token,
            status_code=422,
            form_id="promo_batch",
            error=reason_of(exc),
            values=values,
        )
    return _loyalty_page(state, request, principal, token, generated=codes)


@router.post("/rewards")
def create_reward_form(state: State, request: Request, form: Posted) -> Response:
    def act(tenant_id: str, body: RewardIn) -> str:
        reward, created = run_in_transaction(
            state.engine,
            lambda s: create_reward(
                s, tenant_id, body.key, body.name, body.cost, body.stock, body.program, body.segment, body.partner
            ),
        )
        return _created(request, "reward", reward.key, created)

    return _loyalty_form(state, request, form, "reward", RewardIn, act)


@router.post("/rewards/{key}/stock")
def restock_reward_form(state: State, request: Request, key: KeyPath, form: Posted) -> Response:
    """A new stock figure for a catalog item (empty: unlimited), as `PATCH /v1/rewards/{key}` does."""

    def act(tenant_id: str, body: RewardPatch) -> str:
        reward = run_in_transaction(state.engine, lambda s: restock_reward(s, tenant_id, key, body.stock))
        stock = console_words(request)["unlimited"] if reward.stock is None else str(reward.stock)
        return str(console_words(request)["notices"]["restocked"].format(key=reward.key, stock=stock))

    try:
        with unit_of_work(state.engine, read_only=True) as session:
            get_reward(session, signed_in(state, request)[0].tenant_id, key)
    except NotSignedIn:
        return to_login()
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)
    return _loyalty_form(state, request, form, "reward_stock", RewardStockIn, act)


@router.post("/segments")
def create_segment_form(state: State, request: Request, form: Posted) -> Response:
    """A segment is a definition: saved like the API saves it, then its members are found (see the API)."""

    def act(tenant_id: str, spec: SegmentSpec) -> str:
        limit = state.settings.max_expression_length
        saved = run_in_transaction(
            state.engine,
            lambda s: save_definition(s, tenant_id, Kind.SEGMENT, spec, replace=False, max_expression_length=limit),
        )
        backfill_segments(state, tenant_id)
        return _created(request, "segment", spec.key, saved.created)

    return _loyalty_form(state, request, form, "segment", SegmentSpec, act)


@router.get("/segments/{key}", response_class=HTMLResponse)
def segment_page(
    state: State, request: Request, key: KeyPath, after: Annotated[int | None, Query(ge=0)] = None
) -> Response:
    """A segment's members, a page of 100 at a time."""
    try:
        principal, _ = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            row = definition_history(session, principal.tenant_id, Kind.SEGMENT, key)[0]
            program = program_by_id(session, row.program_id).key
            page = segment_members(session, principal.tenant_id, key, program=program, after=after)
            size = segment_sizes(session, principal.tenant_id, program).get(key, 0)
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)
    return render(request, "admin/segment.html", segment=spec_of(row), program=program, page=page, size=size)


@router.post("/passes")
def create_pass_form(state: State, request: Request, form: Posted) -> Response:
    def act(tenant_id: str, body: PassTypeIn) -> str:
        pass_type, created = run_in_transaction(state.engine, lambda s: create_pass_type(s, tenant_id, body.terms()))
        return _created(request, "pass", pass_type.key, created)

    return _loyalty_form(state, request, form, "pass", PassTypeIn, act)


@router.post("/plans")
def create_plan_form(state: State, request: Request, form: Posted) -> Response:
    def act(tenant_id: str, body: PlanIn) -> str:
        plan, created = run_in_transaction(state.engine, lambda s: create_plan(s, tenant_id, body.terms()))
        return _created(request, "plan", plan.key, created)

    return _loyalty_form(state, request, form, "plan", PlanIn, act)
