"""The console's front page: program figures and KPI charts, definitions, members and payouts; and the actions
taken from it (a program's status, a member's page, a campaign simulation, the members export)."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError

from achievements.definitions import Kind, RuleSpec
from achievements.overview import console_view
from achievements.simulate import simulate
from api.console.base import (
    NotSignedIn,
    console_words,
    csrf_token,
    form_sender,
    reason_of,
    redirect_with_notice,
    render,
    signed_in,
    to_login,
)
from api.deps import State
from api.page_links import PageClaim, sign
from api.templating import TEMPLATES_DIR, choose_language
from core.db import unit_of_work
from core.errors import LaurelError
from loyalty.kpis import kpi_series
from loyalty.lifecycle import set_program_status
from loyalty.stats import members_csv
from wallets.programs import TRANSITIONS
from worker.tasks import nudge_webhooks

router = APIRouter(prefix="/admin")
KPI_WINDOWS = (30, 90)


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
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    window = days if days in KPI_WINDOWS else KPI_WINDOWS[0]
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            view = console_view(session, principal.tenant_id, member_search=q or "", program=program)
            kpis = kpi_series(session, principal.tenant_id, program, days=window)
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)
    return render(
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
        balances=view.balances,
        payouts=view.payouts,
        q=q or "",
        csrf=csrf_token(state, token),
        notice=notice,
    )


@router.post("/programs/{key}/status")
def change_program_status(
    state: State,
    request: Request,
    key: str,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    status: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """A step along the program's lifecycle (draft, active, closing, closed), as `PATCH /v1/programs/{key}` does."""
    principal = form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    try:
        report = set_program_status(
            state.engine, principal.tenant_id, key, status, closes_at=None, now=datetime.now(UTC)
        )
    except LaurelError as exc:
        return redirect_with_notice(request, "status_refused", reason=exc.detail)
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return redirect_with_notice(
        request, "status_changed", key=key, status=console_words(request)["statuses"].get(status, status)
    )


@router.post("/members/{external_id}/page")
def open_member_page(
    state: State, request: Request, external_id: str, csrf: Annotated[str | None, Form(max_length=128)] = None
) -> Response:
    principal = form_sender(state, request, csrf)
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
    principal = form_sender(state, request, csrf)
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
        return redirect_with_notice(request, "simulation_refused", reason=reason_of(exc))
    return render(request, "admin/simulation.html", result=result, spec=spec, days=days)


@router.get("/export/members.csv")
def export_members(state: State, request: Request) -> Response:
    try:
        principal, _ = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    chunks = members_csv(lambda: unit_of_work(state.engine, read_only=True), principal.tenant_id)
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="members.csv"'},
    )
