"""The till: a phone-first page where a cashier finds a member by scanning the card (camera or photo) or typing its
number, sees name, level and balance, and records a purchase, redeems a reward or a promo code, or uses a pass.

Each action calls the same service function as the API, under an idempotency key the page makes per action and
keeps until the action is answered, so a double tap or a retried request does nothing twice: a purchase is an event
whose id is the key, a pass use takes the key as its `use_id`, and a reward or promo code redemption is kept under
the key (`core.idempotency`). The page lives under `/admin/till` with the rest of the console; `/till` leads there.
Who may use it: the `till` capability, which `needed` in `api.console.base` gives every till route (a cashier's
only one); `till_operator` turns a refusal into the page's JSON answer.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, StringConstraints
from sqlmodel import Session

from achievements.service import MemberView, member_view
from api.console.base import NotAllowed, NotSignedIn, csrf_ok, csrf_token, render, signed_in, to_login
from api.deps import AppState, State
from api.events import EventIn, after_commit
from api.schemas import ExternalId, Key
from api.templating import TEMPLATES_DIR
from core.db import read_then_write, run_in_transaction, unit_of_work
from core.errors import LaurelError, NotFound
from core.idempotency import run_once
from core.tenancy import Principal, get_member
from loyalty.branding import get_branding
from loyalty.cards import CardView, card_holder, luhn_valid, member_card
from loyalty.models import Reward
from loyalty.passes import PassView, member_passes, use_pass
from loyalty.promo_codes import redeem_promo_code
from loyalty.rewards import get_reward, list_rewards, redeem_reward

router = APIRouter(include_in_schema=False)
# The barcode decoder for browsers without BarcodeDetector: @zxing/library's UMD build, pinned in package.json and
# copied here by `make setup`.
DECODER = Path(__file__).parents[1] / "static" / "zxing.min.js"
PURCHASE_EVENT = "purchase"
ActionKey = Annotated[str, StringConstraints(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
CardNumber = Annotated[str, StringConstraints(min_length=1, max_length=32, strip_whitespace=True)]


def till_operator(state: AppState, request: Request, *, csrf_checked: bool = True) -> Principal | Response:
    """Who is at the till, or the answer to give instead (sign in, or a refusal)."""
    try:
        principal, token = signed_in(state, request)  # the till capability: see `needed` in api.console.base
    except NotSignedIn:
        return JSONResponse({"ok": False, "error": "signed out"}, status_code=401) if csrf_checked else to_login()
    except NotAllowed:
        return JSONResponse({"ok": False, "error": "not allowed at the till"}, status_code=403)
    if csrf_checked and not csrf_ok(state, token, request.headers.get("X-CSRF-Token")):
        return JSONResponse({"ok": False, "error": "CSRF check failed"}, status_code=403)
    return principal


class LookupIn(BaseModel):
    number: CardNumber


class ActionIn(BaseModel):
    key: ActionKey = Field(description="Made by the page per action; the same key again replays the answer.")
    member: ExternalId


class PurchaseIn(ActionIn):
    amount: Annotated[int, Field(gt=0, lt=2**53)]


class RewardIn(ActionIn):
    reward: Key


class PromoIn(ActionIn):
    code: Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]


class PassIn(ActionIn):
    pass_id: Annotated[str, StringConstraints(min_length=1, max_length=40)]


def member_summary(state: AppState, tenant_id: str, external_id: str) -> dict[str, Any]:
    """What the till shows of a member: name, level, balance, card, the rewards on offer and the passes held."""

    def read(session: Session) -> tuple[MemberView, CardView, list[PassView], list[Reward]]:
        return (
            member_view(session, state.keystore, tenant_id, external_id),
            member_card(session, tenant_id, external_id),
            member_passes(session, tenant_id, get_member(session, tenant_id, external_id)),
            list_rewards(session, tenant_id),
        )

    # Writes only the first time (the member's derived addresses, their card) or when points matured.
    view, card, passes, rewards = read_then_write(state.engine, read)
    available = view.balance.available
    return {
        "member": view.external_id,
        "name": view.display_name or view.external_id,
        "level": view.level["name"] if view.level else None,
        "available": available,
        "card": card.number,
        "rewards": [
            {"key": r.key, "name": r.name, "cost": r.cost, "affordable": r.cost <= available and r.stock != 0}
            for r in rewards
        ],
        "passes": [
            {"id": p.id, "name": p.name, "uses_left": p.uses_left}
            for p in passes
            if p.status == "active" and p.uses_left != 0
        ],
    }


@router.get("/till")
def till_short() -> RedirectResponse:
    return RedirectResponse("/admin/till", status_code=303)


@router.get("/admin/till", response_class=HTMLResponse)
def till_page(state: State, request: Request) -> Response:
    principal = till_operator(state, request, csrf_checked=False)
    if isinstance(principal, Response):
        return principal
    _, token = signed_in(state, request)
    with unit_of_work(state.engine, read_only=True) as session:
        branding = get_branding(session, principal.tenant_id)
    return render(request, "admin/till.html", csrf=csrf_token(state, token), branding=branding)


@router.get("/admin/till.js")
def till_js() -> Response:
    return Response(
        (TEMPLATES_DIR / "admin" / "till.js").read_text(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/admin/till/decoder.js")
def till_decoder() -> Response:
    if not DECODER.exists():
        return Response("/* the decoder is missing: run make setup */", media_type="text/javascript", status_code=404)
    return Response(DECODER.read_bytes(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


def _answer(work: Callable[[], dict[str, Any]]) -> JSONResponse:
    """The action's answer, or its refusal with the service's own words (the page shows them)."""
    try:
        return JSONResponse({"ok": True, **work()})
    except LaurelError as exc:
        return JSONResponse({"ok": False, "error": exc.detail}, status_code=exc.status)


def _kept(state: AppState, tenant_id: str, body: ActionIn, act: Callable[[Session], dict[str, Any]]) -> dict[str, Any]:
    """Run `act` once per action key: the same key again gives back the first answer."""
    action = f"till.{type(body).__name__.removesuffix('In').lower()}"
    answer, fresh = run_in_transaction(
        state.engine,
        lambda s: run_once(s, tenant_id, f"till:{body.key}", action, body.model_dump(), lambda: act(s)),
    )
    return {**answer, "replayed": not fresh}


def _acted(state: AppState, tenant_id: str, member: str, outcome: dict[str, Any]) -> dict[str, Any]:
    return {**outcome, "summary": member_summary(state, tenant_id, member)}


@router.post("/admin/till/lookup")
def till_lookup(state: State, request: Request, body: LookupIn) -> Response:
    """A scanned or typed card number: its member."""
    principal = till_operator(state, request)
    if isinstance(principal, Response):
        return principal

    def work() -> dict[str, Any]:
        number = body.number.replace(" ", "")
        if not number.isdigit() or not luhn_valid(number):
            raise NotFound(f"card {number!r} not found (the check digit does not match)")
        with unit_of_work(state.engine, read_only=True) as session:
            holder = card_holder(session, principal.tenant_id, number).member
        return {"summary": member_summary(state, principal.tenant_id, holder)}

    return _answer(work)


@router.post("/admin/till/purchase")
def till_purchase(state: State, request: Request, body: PurchaseIn) -> Response:
    """A purchase is an event of type `purchase` with its `amount`: the program's rules decide the points."""
    principal = till_operator(state, request)
    if isinstance(principal, Response):
        return principal

    def work() -> dict[str, Any]:
        event = EventIn(
            id=f"till-{body.key}", member=body.member, type=PURCHASE_EVENT, properties={"amount": body.amount}
        )
        result = state.committer.ingest(principal.tenant_id, event.to_input())
        if result.error is not None:
            raise result.error
        points = (result.effects or {}).get("points", 0)
        return _acted(state, principal.tenant_id, body.member, {"points": points, "replayed": not result.created})

    return _answer(work)


@router.post("/admin/till/reward")
def till_reward(state: State, request: Request, body: RewardIn) -> Response:
    principal = till_operator(state, request)
    if isinstance(principal, Response):
        return principal

    def redeem(session: Session) -> dict[str, Any]:
        view = redeem_reward(session, principal.tenant_id, body.reward, body.member)
        name = get_reward(session, principal.tenant_id, view.reward).name
        return {"redemption": view.id, "reward": view.reward, "name": name, "cost": view.cost}

    return _answer(
        lambda: _acted(state, principal.tenant_id, body.member, _kept(state, principal.tenant_id, body, redeem))
    )


@router.post("/admin/till/promo")
def till_promo(state: State, request: Request, body: PromoIn) -> Response:
    principal = till_operator(state, request)
    if isinstance(principal, Response):
        return principal

    def redeem(session: Session) -> dict[str, Any]:
        redemption = redeem_promo_code(session, principal.tenant_id, body.code, body.member)
        return {"code": redemption.code, "points": redemption.points}

    return _answer(
        lambda: _acted(state, principal.tenant_id, body.member, _kept(state, principal.tenant_id, body, redeem))
    )


@router.post("/admin/till/pass")
def till_pass(state: State, request: Request, body: PassIn) -> Response:
    """A pass use takes the action key as its `use_id`: a second use under it gives back the first."""
    principal = till_operator(state, request)
    if isinstance(principal, Response):
        return principal

    def work() -> dict[str, Any]:
        with unit_of_work(state.engine, read_only=True) as session:
            holder = get_member(session, principal.tenant_id, body.member)
            held = {p.id for p in member_passes(session, principal.tenant_id, holder)}
        if body.pass_id not in held:
            raise NotFound(f"pass {body.pass_id!r} is not {body.member!r}'s")
        view, created, outcome = run_in_transaction(
            state.engine, lambda s: use_pass(s, principal.tenant_id, body.pass_id, f"till-{body.key}")
        )
        if outcome is not None:
            after_commit(state, principal.tenant_id, outcome)
        outcome_view = {"pass": view.pass_.name, "uses_left": view.pass_.uses_left, "replayed": not created}
        return _acted(state, principal.tenant_id, body.member, outcome_view)

    return _answer(work)
