"""The people page: the recognition feed, the approvals queue (approve or deny from here), this month's
allowances, goals with each team's progress, and the pairs that recognise each other the most."""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from achievements.ingest import program_zone
from api.console.base import (
    NotSignedIn,
    Posted,
    console_words,
    csrf_token,
    form_sender,
    form_text,
    render,
    signed_in,
    to_login,
)
from api.deps import State
from api.recognitions import follow_up
from core.db import run_in_transaction, unit_of_work
from core.errors import LaurelError
from core.types import utcnow
from people.service import (
    allowances_this_month,
    decide_recognition,
    list_goals,
    list_recognitions,
    reciprocal_pairs,
)
from people.terms import month_of
from wallets.programs import resolve_program

router = APIRouter(prefix="/admin")
RecognitionPath = Annotated[str, Path(min_length=1, max_length=100)]


@router.get("/people", response_class=HTMLResponse)
def people_page(state: State, request: Request) -> Response:
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    now = utcnow()
    with unit_of_work(state.engine, read_only=True) as session:
        program = resolve_program(session, principal.tenant_id)
        feed, _ = list_recognitions(session, principal.tenant_id, limit=30)
        pending, _ = list_recognitions(session, principal.tenant_id, status="pending", limit=100)
        allowances = allowances_this_month(session, principal.tenant_id, now)
        goals = list_goals(session, principal.tenant_id, now)
        pairs = reciprocal_pairs(session, principal.tenant_id, month_of(now, program_zone(program)))
    return render(
        request,
        "admin/people.html",
        feed=feed,
        pending=pending,
        allowances=allowances,
        scheme=program.settings.get("recognition"),
        goals=goals,
        pairs=pairs,
        csrf=csrf_token(state, token),
        notice=request.query_params.get("notice"),
    )


def _decide(state: State, request: Request, form: Posted, recognition_id: str, approve: bool) -> Response:
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    words = console_words(request)["people"]
    try:
        given = run_in_transaction(
            state.engine, lambda s: decide_recognition(s, principal.tenant_id, recognition_id, approve, utcnow())
        )
        follow_up(state, principal.tenant_id, given)
        notice = words["approved" if approve else "denied"].format(id=recognition_id)
    except LaurelError as exc:
        notice = words["not_decided"].format(reason=exc.detail)
    return RedirectResponse(f"/admin/people?{urlencode({'notice': notice[:300]})}#approvals", status_code=303)


@router.post("/recognitions/{recognition_id}/approve")
def approve_form(recognition_id: RecognitionPath, state: State, request: Request, form: Posted) -> Response:
    return _decide(state, request, form, recognition_id, True)


@router.post("/recognitions/{recognition_id}/deny")
def deny_form(recognition_id: RecognitionPath, state: State, request: Request, form: Posted) -> Response:
    return _decide(state, request, form, recognition_id, False)
