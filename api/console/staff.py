"""The staff page (owners: invite and remove console users) and the audit log page (owners and admins)."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.base import ConsoleUser, Posted, authorised, console_words, csrf_ok, csrf_token, form_text, render
from api.deps import State
from api.staff import invite_staff
from core.audit import entries
from core.db import unit_of_work
from core.errors import InvalidInput, LaurelError
from core.staff import Role, list_staff, remove

router = APIRouter(prefix="/admin")
StaffPath = Annotated[str, Path(min_length=1, max_length=40)]
AUDIT_PAGE = 100


@router.get("/staff", response_class=HTMLResponse)
def staff_page(state: State, request: Request) -> Response:
    user = authorised(state, request)
    with unit_of_work(state.engine, read_only=True) as session:
        staff = list_staff(session, user.principal.tenant_id)
    return render(
        request,
        "admin/staff.html",
        staff=staff,
        roles=[role.value for role in Role],
        csrf=csrf_token(state, user.token),
        notice=request.query_params.get("notice"),
    )


def _posted_by(state: State, request: Request, form: Posted) -> ConsoleUser | Response:
    user = authorised(state, request)
    if not csrf_ok(state, user.token, form_text(form, "csrf")):
        return render(request, "admin/error.html", 403, message=console_words(request)["csrf_refused"])
    return user


def _back(notice: str) -> Response:
    return RedirectResponse(f"/admin/staff?{urlencode({'notice': notice[:600]})}", status_code=303)


@router.post("/staff")
def invite_form(state: State, request: Request, form: Posted) -> Response:
    user = _posted_by(state, request, form)
    if isinstance(user, Response):
        return user
    words = console_words(request)["staff"]
    try:
        role = Role(form_text(form, "role") or "")
    except ValueError:
        return _back(words["not_done"].format(reason=InvalidInput("unknown role").detail))
    try:
        invited = invite_staff(
            state, request, user.principal.tenant_id, user.actor, form_text(form, "email") or "", role
        )
    except LaurelError as exc:
        return _back(words["not_done"].format(reason=exc.detail))
    if invited.emailed:
        return _back(words["emailed"].format(email=invited.email))
    return _back(words["invited"].format(email=invited.email, link=invited.invitation_url))


@router.post("/staff/{staff_id}/remove")
def remove_form(staff_id: StaffPath, state: State, request: Request, form: Posted) -> Response:
    user = _posted_by(state, request, form)
    if isinstance(user, Response):
        return user
    words = console_words(request)["staff"]
    try:
        with unit_of_work(state.engine) as session:
            removed = remove(session, user.principal.tenant_id, staff_id)
    except LaurelError as exc:
        return _back(words["not_done"].format(reason=exc.detail))
    return _back(words["removed"].format(email=removed.email))


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    state: State,
    request: Request,
    actor: Annotated[str | None, Query(max_length=80)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    user = authorised(state, request)
    actor, action = actor or None, action or None
    with unit_of_work(state.engine, read_only=True) as session:
        rows = entries(session, user.principal.tenant_id, limit=AUDIT_PAGE, before=before, actor=actor, action=action)
    next_before = rows[-1].id if len(rows) == AUDIT_PAGE else None
    older = {k: v for k, v in (("actor", actor), ("action", action)) if v} | {"before": str(next_before)}
    return render(
        request,
        "admin/audit.html",
        entries=rows,
        next_before=next_before,
        older_query=urlencode(older),
        actor=actor,
        action=action,
    )
