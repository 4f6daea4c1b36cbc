"""Signing in to the console with an admin API key, and out.

Failed attempts are throttled per client address and per API key id tried (see `core.throttle`): once either has
failed too often within the window, sign-in answers 429 with `Retry-After`, before looking at the key.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.base import COOKIE, PURPOSE, SESSION_HOURS, console_words, render, to_login
from api.deps import State
from api.problems import problem
from api.signing import issue
from core.db import unit_of_work
from core.errors import LaurelError
from core.settings import Settings
from core.tenancy import Scope, authenticate
from core.throttle import Throttle, throttle

router = APIRouter(prefix="/admin")


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
def login(state: State, request: Request, api_key: Annotated[str, Form(max_length=300)]) -> Response:
    words = console_words(request)
    throttles: SigninThrottles = state.signin_throttles
    address = request.client.host if request.client else "unknown"
    account = api_key.strip().partition(".")[0][:64]
    wait = max(throttles.by_address.retry_after(address), throttles.by_account.retry_after(account))
    if wait:
        return _too_many(request, wait)
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            principal = authenticate(session, api_key.strip())
    except LaurelError:
        throttles.by_address.failed(address)
        throttles.by_account.failed(account)
        return render(request, "admin/login.html", 401, error=words["bad_key"])
    throttles.by_account.cleared(account)
    if not principal.allows(Scope.ADMIN):
        return render(request, "admin/login.html", 403, error=words["not_admin"])
    expires = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(
        COOKIE,
        issue(state.keystore, PURPOSE, {"k": principal.key_id}, expires),
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        secure=state.settings.public_url.startswith("https://"),
        samesite="strict",
        path="/admin",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = to_login()
    response.delete_cookie(COOKIE, path="/admin")
    return response
