"""The admin console at `/admin`: server-rendered pages behind a login with an admin API key.

The session is a signed cookie naming the key (never the key itself), checked against the database on every
request, so revoking the key ends the session. Every form carries a CSRF token derived from the session.
"""

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError

from achievements.catalog import rulebook_from_specs, save_definition
from achievements.definitions import SPEC_TYPES, BadgeSpec, Kind, RuleSpec, Spec
from achievements.engine import Engine, EventFacts
from achievements.expressions import compile_expression
from achievements.overview import console_view
from achievements.simulate import simulate
from achievements.state import MemberState
from api.deps import AppState, State
from api.page_links import PageClaim, sign
from api.signing import BadToken, check, issue
from api.templating import TEMPLATES_DIR, templates
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput, LaurelError
from core.tenancy import Principal, Scope, authenticate, principal_of_key
from loyalty.stats import members_csv

router = APIRouter(prefix="/admin", include_in_schema=False)
COOKIE = "laurel_console"
PURPOSE = "console-sessions"
SESSION_HOURS = 8
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; img-src data:; form-action 'self'",
    "Cache-Control": "no-store",
}


class NotSignedIn(Exception):
    pass


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
        return _render("admin/error.html", 403, message="The form was not sent from this console (CSRF check).")
    return principal


def _render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(context), status_code=status_code, headers=HEADERS)


def _to_login() -> RedirectResponse:
    return RedirectResponse("/admin/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(error: str | None = None) -> HTMLResponse:
    return _render("admin/login.html", error=error)


@router.post("/login")
def login(state: State, api_key: Annotated[str, Form(max_length=300)]) -> Response:
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            principal = authenticate(session, api_key.strip())
    except LaurelError:
        return _render("admin/login.html", 401, error="This key is not valid.")
    if not principal.allows(Scope.ADMIN):
        return _render("admin/login.html", 403, error="The console needs a key with the admin scope.")
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
    notice: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    try:
        principal, token = _session(state, request)
    except NotSignedIn:
        return _to_login()
    with unit_of_work(state.engine, read_only=True) as session:
        view = console_view(session, principal.tenant_id, member_search=q or "")
    peak = max((n for _, n in view.figures.events_per_day), default=0) or 1
    return _render(
        "admin/dashboard.html",
        view=view,
        figures=view.figures,
        peak=peak,
        definitions=view.definitions,
        members=view.members,
        payouts=view.payouts,
        q=q or "",
        csrf=csrf_token(state, token),
        notice=notice,
    )


@router.post("/badges")
def create_badge(
    state: State,
    request: Request,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    key: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    event_type: Annotated[str, Form(max_length=64)] = "",
    count: Annotated[int, Form(ge=1, le=1_000_000)] = 1,
    condition: Annotated[str, Form(max_length=2000)] = "",
    points: Annotated[int, Form(ge=0, le=10**12)] = 0,
) -> Response:
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    return _save_from_form(
        state,
        principal,
        Kind.BADGE,
        lambda: BadgeSpec.model_validate(
            {
                "key": key,
                "name": name,
                "points": points,
                "criteria": {"event_type": event_type, "count": count, "condition": condition or None},
            }
        ),
    )


@router.post("/members/{external_id}/page")
def open_member_page(
    state: State, request: Request, external_id: str, csrf: Annotated[str | None, Form(max_length=128)] = None
) -> Response:
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    link = sign(state.keystore, PageClaim(principal.tenant_id, external_id, datetime.now(UTC) + timedelta(hours=1)))
    return RedirectResponse(f"/m/{link}", status_code=303)


@router.post("/validate")
def validate_expression(state: State, request: Request, body: dict[str, Any]) -> Response:
    """The CEL check behind the editor's as-you-type feedback (same checks as saving a definition)."""
    sender = _json_sender(state, request)
    if isinstance(sender, JSONResponse):
        return sender
    source = str(body.get("expression", ""))[:2000]
    field = "points" if body.get("field") == "points" else "condition"
    if not source:
        return JSONResponse({"ok": True})
    try:
        compile_expression(source, field=field, expected=int if field == "points" else bool)
    except LaurelError as exc:
        return JSONResponse({"ok": False, "error": exc.detail})
    return JSONResponse({"ok": True})


@router.get("/console.js")
def console_js() -> Response:
    return Response(
        (TEMPLATES_DIR / "admin" / "console.js").read_text(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


def _json_sender(state: AppState, request: Request) -> Principal | JSONResponse:
    try:
        principal, token = _session(state, request)
    except NotSignedIn:
        return JSONResponse({"ok": False, "error": "signed out"}, status_code=401)
    if not _csrf_ok(state, token, request.headers.get("x-csrf-token")):
        return JSONResponse({"ok": False, "error": "CSRF check failed"}, status_code=403)
    return principal


@router.post("/rules")
def create_rule(
    state: State,
    request: Request,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    key: Annotated[str, Form(max_length=64)] = "",
    event_type: Annotated[str, Form(max_length=64)] = "",
    condition: Annotated[str, Form(max_length=2000)] = "",
    points: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    return _save_from_form(
        state,
        principal,
        Kind.RULE,
        lambda: RuleSpec.model_validate(
            {"key": key, "event_type": event_type, "condition": condition or None, "points": points or None}
        ),
    )


@router.post("/try")
def try_rule(state: State, request: Request, body: dict[str, Any]) -> Response:
    """ "Try it on an event": what a draft rule would award for one event, for a member starting from zero."""
    sender = _json_sender(state, request)
    if isinstance(sender, JSONResponse):
        return sender
    try:
        spec = RuleSpec.model_validate({"key": "draft", **(body.get("rule") or {})})
        event = body.get("event") or {}
        if not isinstance(event, dict) or not isinstance(event.get("properties", {}), dict):
            raise InvalidInput("the event is an object with optional `properties`")
        outcome = Engine(rulebook_from_specs([(Kind.RULE, spec)]), UTC).evaluate(
            EventFacts(
                "try",
                str(event.get("type") or spec.event_type),
                event.get("properties", {}),
                "someone",
                datetime.now(UTC),
            ),
            MemberState(member_id=0, external_id="someone", attributes={}, joined_at=datetime.now(UTC)),
        )
    except (ValidationError, LaurelError) as exc:
        return JSONResponse({"ok": False, "error": _reason(exc)})
    return JSONResponse({"ok": True, "effects": outcome.effects()})


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
        return RedirectResponse(f"/admin?notice=Simulation refused: {_reason(exc)}"[:300], status_code=303)
    return _render("admin/simulation.html", result=result, spec=spec, days=days)


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


def _save_from_form(state: AppState, principal: Principal, kind: Kind, make_spec: Callable[[], Spec]) -> Response:
    """Save a definition a console form describes, and say on the front page whether it worked and why not."""
    try:
        spec = make_spec()
        run_in_transaction(state.engine, lambda s: save_definition(s, principal.tenant_id, kind, spec, replace=False))
    except (ValidationError, LaurelError) as exc:
        return RedirectResponse(f"/admin?notice=Not saved: {_reason(exc)}"[:300], status_code=303)
    return RedirectResponse(f"/admin?notice={kind.value.capitalize()} {spec.key} saved", status_code=303)


def _reason(exc: ValidationError | LaurelError) -> str:
    return exc.detail if isinstance(exc, LaurelError) else "; ".join(e["msg"] for e in exc.errors())


@router.post("/definitions")
def save_any_definition(
    state: State,
    request: Request,
    csrf: Annotated[str | None, Form(max_length=128)] = None,
    kind: Annotated[str, Form(max_length=16)] = "",
    body: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    """Quests, levels and the rest, written as the API takes them (the form is the API's body)."""
    principal = _form_sender(state, request, csrf)
    if isinstance(principal, Response):
        return principal
    if kind not in {k.value for k in Kind}:
        return RedirectResponse(f"/admin?notice=Not saved: unknown kind {kind[:16]!r}", status_code=303)
    definition_kind = Kind(kind)
    return _save_from_form(
        state, principal, definition_kind, lambda: SPEC_TYPES[definition_kind].model_validate_json(body)
    )
