"""Signing in to the console, with a staff user's email and password or an operator's admin API key, and out;
accepting an invitation (setting the password from the link an owner was given).

Failed attempts are throttled per client address and per account tried (the API key id or the email, see
`core.throttle`): once either has failed too often within the window, sign-in answers 429 with `Retry-After`,
before looking at the credentials.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.base import COOKIE, PURPOSE, SESSION_HOURS, console_words, render, to_login
from api.deps import State
from api.problems import problem
from api.signing import BadToken, check, issue
from core.audit import record
from core.db import unit_of_work
from core.errors import LaurelError
from core.settings import Settings
from core.staff import Role, StaffUser, accept, sign_in
from core.tenancy import Scope, authenticate
from core.throttle import Throttle, throttle

router = APIRouter(prefix="/admin")
INVITATION_PURPOSE = "staff-invitations"
INVITATION_DAYS = 7


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "admin/login.html")


@dataclass(frozen=True)
class SigninThrottles:
    by_address: Throttle
    by_account: Throttle


def signin_throttles(settings: Settings, redis: Any) -> SigninThrottles:
    prefix, window = f"{settings.redis_prefix}:signin", settings.signin_window_seconds
    return SigninThrottles(
        by_address=throttle(redis, f"{prefix}:address", settings.signin_failures_per_address, window),
        by_account=throttle(redis, f"{prefix}:account", settings.signin_failures_per_account, window),
    )


def _too_many(request: Request, retry_after: int) -> Response:
    """A browser gets the sign-in page saying when to come back; anything else gets problem+json."""
    response: Response
    if "text/html" in request.headers.get("accept", ""):
        words = console_words(request)
        error = words["too_many_attempts"].format(minutes=math.ceil(retry_after / 60))
        response = render(request, "admin/login.html", 429, error=error)
    else:
        detail = f"too many failed sign-in attempts; try again in {retry_after} seconds"
        response = problem(429, "Too many sign-in attempts", detail, "too-many-attempts", retry_after=retry_after)
    response.headers["Retry-After"] = str(retry_after)
    return response


@router.post("/login")
def login(
    state: State,
    request: Request,
    api_key: Annotated[str, Form(max_length=300)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    words = console_words(request)
    throttles: SigninThrottles = state.signin_throttles
    address = request.client.host if request.client else "unknown"
    account = email.strip().lower() if email.strip() else api_key.strip().partition(".")[0][:64]
    wait = max(throttles.by_address.retry_after(address), throttles.by_account.retry_after(account))
    if wait:
        return _too_many(request, wait)
    claims: dict[str, Any]
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            if email.strip():
                user = sign_in(session, email, password)
                claims, role = {"s": user.id, "v": user.session_version}, Role(user.role)
            else:
                principal = authenticate(session, api_key.strip())
                claims, role = {"k": principal.key_id}, Role.OWNER
    except LaurelError:
        throttles.by_address.failed(address)
        throttles.by_account.failed(account)
        return render(request, "admin/login.html", 401, error=words["bad_password" if email.strip() else "bad_key"])
    throttles.by_account.cleared(account)
    if "k" in claims and not principal.allows(Scope.ADMIN):
        return render(request, "admin/login.html", 403, error=words["not_admin"])
    if "s" in claims:
        with unit_of_work(state.engine) as session:
            record(session, user.tenant_id, f"staff:{user.id}", "staff.sign_in", f"staff:{user.id}", address=address)
    return start_session(state, claims, "/till" if role is Role.CASHIER else "/admin")


def start_session(state: State, claims: dict[str, Any], to: str) -> Response:
    """The session cookie, for the whole site: the till, outside /admin, uses it too."""
    expires = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
    response = RedirectResponse(to, status_code=303)
    response.set_cookie(
        COOKIE,
        issue(state.keystore, PURPOSE, claims, expires),
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        secure=state.settings.public_url.startswith("https://"),
        samesite="strict",
        path="/",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = to_login()
    response.delete_cookie(COOKIE, path="/")
    response.delete_cookie(COOKIE, path="/admin")  # sessions started before the cookie covered the till
    return response


def invitation_link(state: State, request: Request, user: StaffUser) -> tuple[str, datetime]:
    """The link an invitee opens to set their password; it works once, for a week."""
    expires = datetime.now(UTC) + timedelta(days=INVITATION_DAYS)
    token = issue(state.keystore, INVITATION_PURPOSE, {"s": user.id, "v": user.session_version}, expires)
    base = state.settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/admin/invitation?token={token}", expires


def _invitation(state: State, token: str) -> dict[str, Any] | None:
    try:
        return check(state.keystore, INVITATION_PURPOSE, token)
    except BadToken:
        return None


@router.get("/invitation", response_class=HTMLResponse)
def invitation_form(state: State, request: Request, token: Annotated[str, Query(max_length=600)] = "") -> Response:
    if _invitation(state, token) is None:
        return render(request, "admin/error.html", 404, message=console_words(request)["invitation_invalid"])
    return render(request, "admin/invitation.html", token=token)


@router.post("/invitation")
def accept_invitation(
    state: State,
    request: Request,
    token: Annotated[str, Form(max_length=600)],
    password: Annotated[str, Form(max_length=300)],
) -> Response:
    claims = _invitation(state, token)
    if claims is None:
        return render(request, "admin/error.html", 404, message=console_words(request)["invitation_invalid"])
    try:
        with unit_of_work(state.engine) as session:
            user = accept(session, str(claims["s"]), int(claims["v"]), password)
            role = Role(user.role)
            session_claims = {"s": user.id, "v": user.session_version}
    except LaurelError as exc:
        return render(request, "admin/invitation.html", exc.status, token=token, error=exc.detail)
    return start_session(state, session_claims, "/till" if role is Role.CASHIER else "/admin")
