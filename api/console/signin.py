"""Signing in to the console with an admin API key, and out."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.console.base import COOKIE, PURPOSE, SESSION_HOURS, console_words, render, to_login
from api.deps import State
from api.signing import issue
from core.db import unit_of_work
from core.errors import LaurelError
from core.tenancy import Scope, authenticate

router = APIRouter(prefix="/admin")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "admin/login.html")


@router.post("/login")
def login(state: State, request: Request, api_key: Annotated[str, Form(max_length=300)]) -> Response:
    words = console_words(request)
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            principal = authenticate(session, api_key.strip())
    except LaurelError:
        return render(request, "admin/login.html", 401, error=words["bad_key"])
    if not principal.allows(Scope.ADMIN):
        return render(request, "admin/login.html", 403, error=words["not_admin"])
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
    response = to_login()
    response.delete_cookie(COOKIE, path="/admin")
    return response
