"""A member in the console: balance (pending, in payout, owed), returns, badges and what was done by hand, with
forms to adjust points, grant or revoke a badge and give streak freezes — the same services as the API, recorded
as done by `console:<key id>`."""

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from achievements.adjustments import (
    Done,
    adjust_points,
    give_streak_freezes,
    grant_badge_by_hand,
    manual_awards_of,
    revoke_badge,
)
from achievements.reversals import reversals_of
from achievements.service import badges_of
from api.adjustments import MAX_ADJUSTMENT, actor_of
from api.console.base import NotSignedIn, console_words, csrf_token, form_sender, render, signed_in, to_login
from api.deps import State
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput, LaurelError
from core.ids import new_id
from core.tenancy import Principal, get_member
from wallets.programs import resolve_program
from wallets.service import member_balance

router = APIRouter(prefix="/admin/members")
Csrf = Annotated[str | None, Form(max_length=128)]
Reason = Annotated[str, Form(max_length=400)]
RETURNS_SHOWN = 20


@router.get("/{external_id}", response_class=HTMLResponse)
def member_console(
    state: State,
    request: Request,
    external_id: str,
    notice: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            member = get_member(session, principal.tenant_id, external_id)
            program = resolve_program(session, principal.tenant_id, None)
            assert member.id is not None and program.id is not None
            balance = member_balance(session, principal.tenant_id, program.id, member.id)
            returns = reversals_of(session, principal.tenant_id, member.id, program.id, limit=RETURNS_SHOWN)
            badges = badges_of(session, principal.tenant_id, external_id, None, include_locked=True)
            awards = manual_awards_of(session, principal.tenant_id, external_id)
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)
    return render(
        request,
        "admin/member.html",
        member=member,
        balance=balance,
        returns=returns,
        held=[b for b in badges if b.awarded],
        grantable=[b for b in badges if not b.awarded],
        awards=awards,
        csrf=csrf_token(state, token),
        fresh_id=new_id("console"),  # one per form shown: sending the form twice applies it once
        notice=notice,
    )


def _act(
    state: State, request: Request, external_id: str, csrf: str | None, work: Callable[[Session, Principal], Done]
) -> Response:
    principal = form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    words = console_words(request)["manual"]
    try:
        run_in_transaction(state.engine, lambda s: work(s, principal))
        notice = words["done"]
    except LaurelError as exc:
        notice = words["refused"].format(reason=exc.detail)
    query = urlencode({"notice": notice[:300]})
    return RedirectResponse(f"/admin/members/{quote(external_id, safe='')}?{query}", status_code=303)


@router.post("/{external_id}/adjustments")
def adjust(
    state: State,
    request: Request,
    external_id: str,
    csrf: Csrf = None,
    id: Annotated[str, Form(min_length=1, max_length=128)] = "",
    points: Annotated[int, Form(ge=-MAX_ADJUSTMENT, le=MAX_ADJUSTMENT)] = 0,
    reason: Reason = "",
) -> Response:
    def work(session: Session, principal: Principal) -> Done:
        if not points or not reason.strip():
            raise InvalidInput("give points other than 0 and a reason")
        return adjust_points(
            session,
            principal.tenant_id,
            external_id,
            award_id=id,
            points=points,
            reason=reason.strip(),
            program=None,
            actor=actor_of(principal, "console"),
        )

    return _act(state, request, external_id, csrf, work)


@router.post("/{external_id}/badges")
def grant(
    state: State,
    request: Request,
    external_id: str,
    csrf: Csrf = None,
    badge: Annotated[str, Form(max_length=64)] = "",
    reason: Reason = "",
) -> Response:
    def work(session: Session, principal: Principal) -> Done:
        if not reason.strip():
            raise InvalidInput("give a reason")
        return grant_badge_by_hand(
            session,
            principal.tenant_id,
            external_id,
            badge=badge,
            reason=reason.strip(),
            program=None,
            actor=actor_of(principal, "console"),
        )

    return _act(state, request, external_id, csrf, work)


@router.post("/{external_id}/badges/{badge}/revoke")
def revoke(
    state: State, request: Request, external_id: str, badge: str, csrf: Csrf = None, reason: Reason = ""
) -> Response:
    def work(session: Session, principal: Principal) -> Done:
        if not reason.strip():
            raise InvalidInput("give a reason")
        return revoke_badge(
            session,
            principal.tenant_id,
            external_id,
            badge=badge,
            reason=reason.strip(),
            program=None,
            actor=actor_of(principal, "console"),
        )

    return _act(state, request, external_id, csrf, work)


@router.post("/{external_id}/streak-freezes")
def freezes(
    state: State,
    request: Request,
    external_id: str,
    csrf: Csrf = None,
    id: Annotated[str, Form(min_length=1, max_length=128)] = "",
    count: Annotated[int, Form(ge=1, le=365)] = 1,
    reason: Reason = "",
) -> Response:
    def work(session: Session, principal: Principal) -> Done:
        if not reason.strip():
            raise InvalidInput("give a reason")
        return give_streak_freezes(
            session,
            principal.tenant_id,
            external_id,
            award_id=id,
            count=count,
            reason=reason.strip(),
            program=None,
            actor=actor_of(principal, "console"),
        )

    return _act(state, request, external_id, csrf, work)
