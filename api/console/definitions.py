"""The admin console at `/admin`: server-rendered pages behind a login with an admin API key.

The session is a signed cookie naming the key (never the key itself), checked against the database on every
request, so revoking the key ends the session. Every form carries a CSRF token derived from the session; the
scripts' JSON calls send it in a header. Pages speak the reader's language (`?lang=`, then a cookie, then
Accept-Language).
"""

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from achievements.catalog import definition_history, list_definitions, rulebook_from_specs, save_definition, spec_of
from achievements.definitions import (
    EVENT_VARS,
    MEMBER_VARS,
    SPEC_TYPES,
    Kind,
    RuleSpec,
    SegmentSpec,
    Spec,
)
from achievements.engine import Engine, EventFacts
from achievements.expressions import compile_expression
from achievements.overview import console_view
from achievements.simulate import simulate
from achievements.state import MemberState
from api.deps import AppState, State
from api.page_links import PageClaim, sign
from api.passes import PassTypeIn
from api.promo_codes import PromoBatchIn, PromoCodeIn
from api.rewards import RewardIn, RewardPatch, Stock
from api.segments import backfill_segments
from api.signing import BadToken, check, issue
from api.subscriptions import PlanIn
from api.templating import LANGUAGE_COOKIE, STRINGS, TEMPLATES_DIR, choose_language, templates
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput, LaurelError
from core.tenancy import Principal, Scope, authenticate, principal_of_key
from loyalty.kpis import kpi_series
from loyalty.lifecycle import set_program_status
from loyalty.passes import create_pass_type, list_pass_types
from loyalty.promo_codes import create_promo_code, generate_promo_codes, list_promo_codes
from loyalty.rewards import create_reward, get_reward, list_rewards, restock_reward
from loyalty.stats import members_csv
from loyalty.subscriptions import create_plan, list_plans
from targeting.segments import segment_members, segment_sizes
from wallets.programs import TRANSITIONS, list_programs, program_by_id
from worker.tasks import nudge_webhooks

router = APIRouter(prefix="/admin", include_in_schema=False)
COOKIE = "laurel_console"
PURPOSE = "console-sessions"
SESSION_HOURS = 8
KPI_WINDOWS = (30, 90)
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; img-src data:; form-action 'self'",
    "Cache-Control": "no-store",
}
# What a CEL field of the editors must be: the variables it may read and the type of its result.
EXPRESSION_FIELDS: dict[str, tuple[frozenset[str], type]] = {
    "condition": (EVENT_VARS, bool),
    "points": (EVENT_VARS, int),
    "member": (MEMBER_VARS, bool),
}
KeyPath = Annotated[str, Path(min_length=1, max_length=64)]
POSITION = re.compile(r"expression:(\d+):(\d+):")


class NotSignedIn(Exception):
    pass


async def _posted(request: Request) -> FormData:
    """The posted form, read before the (synchronous, threadpool-run) handler that uses it."""
    return await request.form()


Posted = Annotated[FormData, Depends(_posted)]


def _session(state: AppState, request: Request) -> tuple[Principal, str]:
    """The signed-in admin and the session's token (the CSRF secret is derived from it)."""
    token = request.cookies.get(COOKIE, "")
    try:
        claims = check(state.keystore, PURPOSE, token)
        with unit_of_work(state.engine, read_only=True) as session:
            principal = principal_of_key(session, str(claims["k"]))
    except (BadToken, LaurelError) as exc:
        raise NotSignedIn from exc
    if not principal.allows(Scope.ADMIN):
        raise NotSignedIn
    return principal, token


def csrf_token(state: AppState, session_token: str) -> str:
    return hmac.new(state.keystore.derived_key("console-csrf"), session_token.encode(), hashlib.sha256).hexdigest()


def _csrf_ok(state: AppState, session_token: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(state, session_token), given or "")


def _form_sender(state: AppState, request: Request, csrf: str | None) -> Principal | Response:
    """Who sent this form, or the answer to give instead: sign in again, or refuse a form without its token."""
    try:
        principal, token = _session(state, request)
    except NotSignedIn:
        return _to_login()
    if not _csrf_ok(state, token, csrf):
        return _render(request, "admin/error.html", 403, message=_words(request)["csrf_refused"])
    return principal


def _json_sender(state: AppState, request: Request, csrf: str | None) -> Principal | JSONResponse:
    """The same checks for the scripts' calls, answered in JSON."""
    try:
        principal, token = _session(state, request)
    except NotSignedIn:
        return JSONResponse({"ok": False, "error": "signed out"}, status_code=401)
    if not _csrf_ok(state, token, csrf):
        return JSONResponse({"ok": False, "error": "CSRF check failed"}, status_code=403)
    return principal


def _words(request: Request) -> dict[str, Any]:
    """The console's strings in the reader's language."""
    words: dict[str, Any] = STRINGS[choose_language(request, request.query_params.get("lang"))]["console"]
    return words


def _render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    asked = request.query_params.get("lang")
    language = choose_language(request, asked)
    page = templates.get_template(name).render(
        context, lang=language, t=STRINGS[language], c=STRINGS[language]["console"], languages=sorted(STRINGS)
    )
    response = HTMLResponse(page, status_code=status_code, headers=HEADERS)
    if asked == language:  # a choice from the language switch is remembered for the next pages
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax", path="/")
    return response


def _to_login() -> RedirectResponse:
    return RedirectResponse("/admin/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _render(request, "admin/login.html")


@router.post("/login")
def login(state: State, request: Request, api_key: Annotated[str, Form(max_length=300)]) -> Response:
    words = _words(request)
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            principal = authenticate(session, api_key.strip())
    except LaurelError:
        return _render(request, "admin/login.html", 401, error=words["bad_key"])
    if not principal.allows(Scope.ADMIN):
        return _render(request, "admin/login.html", 403, error=words["not_admin"])
    expires = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(
        COOKIE,
        issue(state.keystore, PURPOSE, {"k": principal.key_id}, expires),
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        path="/admin",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = _to_login()
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.get("", response_class=HTMLResponse)
def dashboard(
    state: State,
    request: Request,
    q: Annotated[str | None, Query(max_length=128)] = None,
    notice: Annotated[str | None, Query(max_length=300)] = None,
    days: Annotated[int, Query()] = KPI_WINDOWS[0],
    program: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    try:
        principal, token = _session(state, request)
    except NotSignedIn:
        return _to_login()
    window = days if days in KPI_WINDOWS else KPI_WINDOWS[0]
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            view = console_view(session, principal.tenant_id, member_search=q or "", program=program)
            kpis = kpi_series(session, principal.tenant_id, program, days=window)
    except LaurelError as exc:
        return _render(request, "admin/error.html", exc.status, message=exc.detail)
    return _render(
        request,
        "admin/dashboard.html",
        view=view,
        figures=view.figures,
        kpis=kpis.days,
        kpi_program=kpis.program,
        window=window,
        windows=KPI_WINDOWS,
        transitions=TRANSITIONS,
        definitions=view.definitions,
        members=view.members,
        payouts=view.payouts,
        q=q or "",
        csrf=csrf_token(state, token),
        notice=notice,
    )


# ---- the editors: one form per kind, turned into the same spec the API takes --------------------------------


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _rule_body(form: FormData) -> dict[str, Any]:
    return {name: _text(form, name) for name in ("key", "event_type", "condition", "points", "xp")}


BADGE_SHAPES = ("count", "sum", "streak", "member", "all_of")


def _badge_criteria(form: FormData) -> dict[str, Any]:
    """The criteria of the shape the form chose; the other shapes' fields are ignored (the page hides them)."""
    shape = _text(form, "criteria") or "count"
    on_events = {"event_type": _text(form, "event_type"), "condition": _text(form, "condition")}
    if shape == "count":
        return {**on_events, "count": _text(form, "count") or 1}
    if shape == "sum":
        return {**on_events, "sum": _text(form, "sum"), "at_least": _text(form, "at_least")}
    if shape == "streak":
        return {**on_events, "streak_days": _text(form, "streak_days")}
    if shape == "member":
        return {"condition": _text(form, "member_condition")}
    if shape == "all_of":
        return {"all_of": re.findall(r"[^\s,]+", _text(form, "all_of") or "")}
    raise InvalidInput(f"criteria: one of {', '.join(BADGE_SHAPES)}", field="criteria")


def _badge_body(form: FormData) -> dict[str, Any]:
    criteria = {name: value for name, value in _badge_criteria(form).items() if value is not None}
    body = {name: _text(form, name) for name in ("key", "name")}
    return {**body, "points": _text(form, "points") or 0, "criteria": criteria}


def _quest_body(form: FormData) -> dict[str, Any]:
    types, conditions, counts = (form.getlist(f"step_{part}") for part in ("event_type", "condition", "count"))
    steps = [
        {"event_type": str(t).strip(), "condition": str(c).strip() or None, "count": str(n).strip() or 1}
        for t, c, n in zip(types, conditions, counts, strict=False)
        if str(t).strip()
    ]
    body = {name: _text(form, name) for name in ("key", "name", "badge", "window_days")}
    return {**body, "steps": steps, "points": _text(form, "points") or 0, "ordered": form.get("ordered") == "on"}


LEVEL_BASES = ("min_points", "min_xp", "min_rolling_points")


def _level_body(form: FormData) -> dict[str, Any]:
    basis = _text(form, "basis")
    if basis not in LEVEL_BASES:
        raise InvalidInput(f"basis: one of {', '.join(LEVEL_BASES)}", field="basis")
    body: dict[str, Any] = {name: _text(form, name) for name in ("key", "name")}
    body |= {name: _text(form, "threshold") if name == basis else None for name in LEVEL_BASES}
    for name, default in (("multiplier", 1), ("reward_points", 0), ("hold_days", 0)):
        body[name] = _text(form, name) or default
    return body


FORMS: dict[Kind, Callable[[FormData], dict[str, Any]]] = {
    Kind.RULE: _rule_body,
    Kind.BADGE: _badge_body,
    Kind.QUEST: _quest_body,
    Kind.LEVEL: _level_body,
}


def _spec_from_form(kind: Kind, form: FormData, saved: dict[str, Any] | None = None) -> Spec:
    """The spec a form describes. Editing starts from the saved body, so fields the form does not show (a rule's
    segment, a badge's image...) are kept; the fields it shows are taken as posted, an emptied one removed."""
    fields = FORMS[kind](form)
    kept = {name: value for name, value in (saved or {}).items() if name not in fields}
    return SPEC_TYPES[kind].model_validate(kept | {name: value for name, value in fields.items() if value is not None})


def _save_form(state: AppState, request: Request, form: FormData, kind: Kind) -> Response:
    principal = _form_sender(state, request, _text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    return _save(state, request, principal, kind, lambda: _spec_from_form(kind, form))


@router.post("/rules")
def create_rule(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.RULE)


@router.post("/badges")
def create_badge(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.BADGE)


@router.post("/quests")
def create_quest(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.QUEST)


@router.post("/levels")
def create_level(state: State, request: Request, form: Posted) -> Response:
    return _save_form(state, request, form, Kind.LEVEL)


PLURALS = {Kind.RULE: "rules", Kind.BADGE: "badges", Kind.QUEST: "quests", Kind.LEVEL: "levels"}


def _values_of(kind: Kind, spec: Spec) -> dict[str, Any]:
    """A saved definition as its editor's fields (the names the form posts)."""
    body = spec.model_dump(mode="json", exclude_none=True)
    if kind is Kind.BADGE:
        criteria = body.pop("criteria")
        shape = spec.criteria.kind  # type: ignore[attr-defined]
        if shape == "member":
            criteria["member_condition"] = criteria.pop("condition")
        if shape == "all_of":
            criteria["all_of"] = ", ".join(criteria["all_of"])
        body |= criteria | {"criteria": shape}
    if kind is Kind.LEVEL:
        basis = next(name for name in LEVEL_BASES if name in body)
        body |= {"basis": basis, "threshold": body[basis]}
    return body


def _posted_values(form: FormData) -> dict[str, Any]:
    """What was posted, to show the form again as it was sent."""
    values: dict[str, Any] = {name: value for name, value in form.items() if isinstance(value, str)}
    types, conditions, counts = (form.getlist(f"step_{part}") for part in ("event_type", "condition", "count"))
    values["steps"] = [
        {"event_type": t, "condition": c, "count": n} for t, c, n in zip(types, conditions, counts, strict=False)
    ]
    values["ordered"] = form.get("ordered") == "on"
    return values


def _edit_page(
    state: AppState,
    request: Request,
    principal: Principal,
    token: str,
    kind: Kind,
    key: str,
    *,
    values: dict[str, Any] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A definition's editor, pre-filled with its current version (or with what was just posted and refused), and
    every version it has had."""
    with unit_of_work(state.engine, read_only=True) as session:
        history = definition_history(session, principal.tenant_id, kind, key)
        program = program_by_id(session, history[0].program_id).key
        badges = [spec_of(row) for row in list_definitions(session, principal.tenant_id, Kind.BADGE, program)]
    current = spec_of(history[0])
    return _render(
        request,
        "admin/definition.html",
        status_code,
        kind=kind.value,
        plural=PLURALS[kind],
        key=key,
        program=program,
        values={**(values or _values_of(kind, current)), "key": key, "editing": True},
        history=[(row.version, row.created_at, row.is_current, row.body) for row in history],
        badges=badges,
        csrf=csrf_token(state, token),
        error=error,
        notice=request.query_params.get("notice"),
    )


def _open_editor(state: AppState, request: Request, kind: Kind, key: str) -> Response:
    try:
        principal, token = _session(state, request)
    except NotSignedIn:
        return _to_login()
    try:
        return _edit_page(state, request, principal, token, kind, key)
    except LaurelError as exc:
        return _render(request, "admin/error.html", exc.status, message=exc.detail)


def _save_version(state: AppState, request: Request, form: FormData, kind: Kind, key: str) -> Response:
    """Save the edited form as the definition's next version, as `PUT /v1/{kind}s/{key}` does."""
    principal = _form_sender(state, request, _text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    _, token = _session(state, request)
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            row = definition_history(session, principal.tenant_id, kind, key)[0]
            saved = row.body | {"key": key, "program": program_by_id(session, row.program_id).key}
    except LaurelError as exc:
        return _render(request, "admin/error.html", exc.status, message=exc.detail)
    limit = state.settings.max_expression_length
    try:
        spec = _spec_from_form(kind, form, saved)
        if spec.key != key:
            raise InvalidInput(f"key: the form's key {spec.key!r} differs from {key!r}", field="key")
        version = run_in_transaction(
            state.engine,
            lambda s: (
                save_definition(s, principal.tenant_id, kind, spec, replace=True, max_expression_length=limit).version
            ),
        )
    except (ValidationError, LaurelError) as exc:
        return _edit_page(
            state,
            request,
            principal,
            token,
            kind,
            key,
            values=_posted_values(form),
            error=_reason(exc),
            status_code=422,
        )
    notice = _words(request)["notices"]["version_saved"].format(
        kind=_words(request)["kinds"][kind.value], key=key, version=version
    )
    return RedirectResponse(f"/admin/{PLURALS[kind]}/{quote(key)}?{urlencode({'notice': notice})}", status_code=303)


def _editor_routes(kind: Kind) -> None:
    def open_editor(state: State, request: Request, key: KeyPath) -> Response:
        return _open_editor(state, request, kind, key)

    def save_version(state: State, request: Request, key: KeyPath, form: Posted) -> Response:
        return _save_version(state, request, form, kind, key)

    router.add_api_route(f"/{PLURALS[kind]}/{{key}}", open_editor, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"/{PLURALS[kind]}/{{key}}", save_version, methods=["POST"])


for _kind in PLURALS:
    _editor_routes(_kind)


@router.post("/definitions")
def save_any_definition(
    state: State,
    request: Request,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    kind: Annotated[str, Form(max_length=16)] = "",
    body: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """Medals, leaderboards and the rest, written as the API takes them (the form is the API's body)."""
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    if kind not in {k.value for k in Kind}:
        return _notice(request, "not_saved", reason=f"unknown kind {kind[:16]!r}")
    definition_kind = Kind(kind)
    return _save(
        state, request, principal, definition_kind, lambda: SPEC_TYPES[definition_kind].model_validate_json(body)
    )


def _save(
    state: AppState, request: Request, principal: Principal, kind: Kind, make_spec: Callable[[], Spec]
) -> Response:
    """Save a definition a console form describes, and say on the front page whether it worked and why not."""
    try:
        spec = make_spec()
        run_in_transaction(state.engine, lambda s: save_definition(s, principal.tenant_id, kind, spec, replace=False))
    except (ValidationError, LaurelError) as exc:
        return _notice(request, "not_saved", reason=_reason(exc))
    return _notice(request, "saved", kind=_words(request)["kinds"][kind.value], key=spec.key)


def _notice(request: Request, message: str, **values: str) -> RedirectResponse:
    text = _words(request)["notices"][message].format(**values)[:300]
    return RedirectResponse(f"/admin?{urlencode({'notice': text})}", status_code=303)


def _reason(exc: ValidationError | LaurelError) -> str:
    if isinstance(exc, LaurelError):
        return exc.detail
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"] for e in exc.errors()
    )


@router.post("/check-expression")
def check_expression(state: State, request: Request, body: dict[str, Any]) -> Response:
    """The CEL check behind the editors' as-you-type feedback: the same compiler and checks as saving, with the
    position of a syntax error."""
    sender = _json_sender(state, request, request.headers.get("x-csrf-token"))
    if isinstance(sender, JSONResponse):
        return sender
    source = body.get("expression")
    field = body.get("field", "condition")
    if not isinstance(source, str) or field not in EXPRESSION_FIELDS:
        return JSONResponse(
            {"ok": False, "error": f"give `expression` (text) and `field` ({', '.join(EXPRESSION_FIELDS)})"},
            status_code=422,
        )
    if not source.strip():
        return JSONResponse({"ok": True})
    allowed, expected = EXPRESSION_FIELDS[field]
    try:
        compile_expression(source, field=field, expected=expected, allowed=allowed)
    except LaurelError as exc:
        position = POSITION.search(exc.detail)
        if position is None:
            return JSONResponse({"ok": False, "error": exc.detail, "line": None, "column": None})
        # The parser's own words from the position on: what is wrong there, and the line with a caret under it.
        error = exc.detail[position.end() :].strip()
        return JSONResponse({"ok": False, "error": error, "line": int(position[1]), "column": int(position[2])})
    return JSONResponse({"ok": True})


@router.post("/try/{kind}")
def try_definition(state: State, request: Request, kind: str, form: Posted) -> Response:
    """ "Try it on an event": what one event would do with the program's saved definitions plus this draft (in
    place of a saved one of the same key), for a member starting from zero. Nothing is written."""
    principal = _json_sender(state, request, _text(form, "csrf"))
    if isinstance(principal, JSONResponse):
        return principal
    try:
        if kind not in {k.value for k in FORMS}:
            raise InvalidInput(f"kind: one of {', '.join(k.value for k in FORMS)}", field="kind")
        draft_kind = Kind(kind)
        draft = _spec_from_form(draft_kind, form)
        properties = orjson.loads(_text(form, "try_properties") or "{}")
        if not isinstance(properties, dict):
            raise InvalidInput("try_properties: a JSON object", field="try_properties")
        event_type = _text(form, "try_event_type") or getattr(draft, "event_type", None)
        if event_type is None:
            raise InvalidInput("try_event_type: which event to try", field="try_event_type")
        with unit_of_work(state.engine, read_only=True) as session:
            saved = [
                (k, spec_of(row))
                for k in FORMS
                for row in list_definitions(session, principal.tenant_id, k)
                if (k, row.key) != (draft_kind, draft.key)
            ]
        now = datetime.now(UTC)
        outcome = Engine(rulebook_from_specs([*saved, (draft_kind, draft)]), UTC).evaluate(
            EventFacts("try", str(event_type), properties, "someone", now),
            MemberState(member_id=0, external_id="someone", attributes={}, joined_at=now),
        )
    except orjson.JSONDecodeError:
        return JSONResponse({"ok": False, "error": _words(request)["try_bad_json"]})
    except (ValidationError, LaurelError) as exc:
        return JSONResponse({"ok": False, "error": _reason(exc)})
    return JSONResponse({"ok": True, "effects": outcome.effects()})


# ---- loyalty mechanics: promo codes, the rewards catalog, segments, passes and subscription plans ---------------
# Each form is checked by the API's own request model, then handed to the same service function the API calls.


class RewardStockIn(RewardPatch):
    """The restock form: an empty stock means unlimited."""

    stock: Stock | None = None


LOCAL_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?")


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
    return _render(
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
        principal, token = _session(state, request)
    except NotSignedIn:
        return _to_login()
    return _loyalty_page(state, request, principal, token)


def _form_body(values: dict[str, str]) -> dict[str, str]:
    """A form's filled fields as a request body; a browser's local date-time (no zone) is read as UTC."""
    body = {name: value.strip() for name, value in values.items() if name != "csrf" and value.strip()}
    return {name: f"{value}Z" if LOCAL_TIME.fullmatch(value) else value for name, value in body.items()}


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
    principal = _form_sender(state, request, _text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    try:
        notice = act(principal.tenant_id, model.model_validate(_form_body(values)))
    except (ValidationError, LaurelError) as exc:
        _, token = _session(state, request)
        return _loyalty_page(
            state, request, principal, token, status_code=422, form_id=form_id, error=_reason(exc), values=values
        )
    section = form_id.split("_")[0]
    return RedirectResponse(f"/admin/loyalty?{urlencode({'notice': notice})}#{section}", status_code=303)


def _created(request: Request, what: str, key: str, created: bool) -> str:
    words = _words(request)
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
    principal = _form_sender(state, request, _text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    _, token = _session(state, request)
    values = {name: value for name, value in form.items() if isinstance(value, str)}
    try:
        body = PromoBatchIn.model_validate(_form_body(values))
        _, codes = run_in_transaction(
            state.engine,
            lambda s: generate_promo_codes(
                s, principal.tenant_id, body.terms(), count=body.count, prefix=body.prefix, length=body.length
            ),
        )
    except (ValidationError, LaurelError) as exc:
        return _loyalty_page(
            state, request, principal, token, status_code=422, form_id="promo_batch", error=_reason(exc), values=values
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
        stock = _words(request)["unlimited"] if reward.stock is None else str(reward.stock)
        return str(_words(request)["notices"]["restocked"].format(key=reward.key, stock=stock))

    try:
        with unit_of_work(state.engine, read_only=True) as session:
            get_reward(session, _session(state, request)[0].tenant_id, key)
    except NotSignedIn:
        return _to_login()
    except LaurelError as exc:
        return _render(request, "admin/error.html", exc.status, message=exc.detail)
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
        principal, _ = _session(state, request)
    except NotSignedIn:
        return _to_login()
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            row = definition_history(session, principal.tenant_id, Kind.SEGMENT, key)[0]
            program = program_by_id(session, row.program_id).key
            page = segment_members(session, principal.tenant_id, key, program=program, after=after)
            size = segment_sizes(session, principal.tenant_id, program).get(key, 0)
    except LaurelError as exc:
        return _render(request, "admin/error.html", exc.status, message=exc.detail)
    return _render(request, "admin/segment.html", segment=spec_of(row), program=program, page=page, size=size)


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


@router.post("/programs/{key}/status")
def change_program_status(
    state: State,
    request: Request,
    key: str,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    status: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """A step along the program's lifecycle (draft, active, closing, closed), as `PATCH /v1/programs/{key}` does."""
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    try:
        report = set_program_status(
            state.engine, principal.tenant_id, key, status, closes_at=None, now=datetime.now(UTC)
        )
    except LaurelError as exc:
        return _notice(request, "status_refused", reason=exc.detail)
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return _notice(request, "status_changed", key=key, status=_words(request)["statuses"].get(status, status))


@router.post("/members/{external_id}/page")
def open_member_page(
    state: State, request: Request, external_id: str, csrf: Annotated[str | None, Form(max_length=128)] = None
) -> Response:
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    link = sign(state.keystore, PageClaim(principal.tenant_id, external_id, datetime.now(UTC) + timedelta(hours=1)))
    return RedirectResponse(f"/m/{link}?lang={choose_language(request)}", status_code=303)


@router.get("/console.js")
def console_js() -> Response:
    return Response(
        (TEMPLATES_DIR / "admin" / "console.js").read_text(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


@router.post("/simulate", response_class=HTMLResponse)
def simulate_campaign(
    state: State,
    request: Request,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    event_type: Annotated[str, Form(max_length=64)] = "",
    points: Annotated[str, Form(max_length=2000)] = "",
    days: Annotated[int, Form(ge=1, le=366)] = 30,
) -> Response:
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    now = datetime.now(UTC)
    try:
        spec = RuleSpec.model_validate({"key": "campaign", "event_type": event_type, "points": points or None})
        with unit_of_work(state.engine, read_only=True) as session:
            result = simulate(
                session, principal.tenant_id, [(Kind.RULE, spec)], start=now - timedelta(days=days), end=now
            )
    except (ValidationError, LaurelError) as exc:
        return _notice(request, "simulation_refused", reason=_reason(exc))
    return _render(request, "admin/simulation.html", result=result, spec=spec, days=days)


@router.get("/export/members.csv")
def export_members(state: State, request: Request) -> Response:
    try:
        principal, _ = _session(state, request)
    except NotSignedIn:
        return _to_login()
    chunks = members_csv(lambda: unit_of_work(state.engine, read_only=True), principal.tenant_id)
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="members.csv"'},
    )
