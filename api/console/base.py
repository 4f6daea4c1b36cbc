"""What every console page shares: the signed session, CSRF checks, the reader's language and rendering.

The session is a signed cookie naming the key (never the key itself), checked against the database on every
request, so revoking the key ends the session. Every form carries a CSRF token derived from the session; the
scripts' JSON calls send it in a header. Pages speak the reader's language (`?lang=`, then a cookie, then
Accept-Language).
"""

import hashlib
import hmac
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import AppState
from api.signing import BadToken, check
from api.templating import LANGUAGE_COOKIE, STRINGS, choose_language, templates
from core.db import unit_of_work
from core.errors import LaurelError
from core.tenancy import Principal, Scope, principal_of_key

COOKIE = "laurel_console"
PURPOSE = "console-sessions"
SESSION_HOURS = 8
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; img-src data:; form-action 'self'",
    "Cache-Control": "no-store",
}

KeyPath = Annotated[str, Path(min_length=1, max_length=64)]


class NotSignedIn(Exception):
    pass


async def posted_form(request: Request) -> FormData:
    """The posted form, read before the (synchronous, threadpool-run) handler that uses it."""
    return await request.form()


Posted = Annotated[FormData, Depends(posted_form)]


def signed_in(state: AppState, request: Request) -> tuple[Principal, str]:
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


def csrf_ok(state: AppState, session_token: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(state, session_token), given or "")


def form_sender(state: AppState, request: Request, csrf: str | None) -> Principal | Response:
    """Who sent this form, or the answer to give instead: sign in again, or refuse a form without its token."""
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    if not csrf_ok(state, token, csrf):
        return render(request, "admin/error.html", 403, message=console_words(request)["csrf_refused"])
    return principal


def json_sender(state: AppState, request: Request, csrf: str | None) -> Principal | JSONResponse:
    """The same checks for the scripts' calls, answered in JSON."""
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return JSONResponse({"ok": False, "error": "signed out"}, status_code=401)
    if not csrf_ok(state, token, csrf):
        return JSONResponse({"ok": False, "error": "CSRF check failed"}, status_code=403)
    return principal


def console_words(request: Request) -> dict[str, Any]:
    """The console's strings in the reader's language."""
    words: dict[str, Any] = STRINGS[choose_language(request, request.query_params.get("lang"))]["console"]
    return words


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    asked = request.query_params.get("lang")
    language = choose_language(request, asked)
    page = templates.get_template(name).render(
        context, lang=language, t=STRINGS[language], c=STRINGS[language]["console"], languages=sorted(STRINGS)
    )
    response = HTMLResponse(page, status_code=status_code, headers=HEADERS)
    if asked == language:  # a choice from the language switch is remembered for the next pages
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="lax", path="/")
    return response


def to_login() -> RedirectResponse:
    return RedirectResponse("/admin/login", status_code=303)


def form_text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def redirect_with_notice(request: Request, message: str, **values: str) -> RedirectResponse:
    text = console_words(request)["notices"][message].format(**values)[:300]
    return RedirectResponse(f"/admin?{urlencode({'notice': text})}", status_code=303)


def reason_of(exc: ValidationError | LaurelError) -> str:
    if isinstance(exc, LaurelError):
        return exc.detail
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"] for e in exc.errors()
    )
