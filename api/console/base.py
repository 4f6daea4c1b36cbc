"""What every console page shares: the signed session, roles, CSRF checks, the reader's language and rendering.

The session is a signed, expiring cookie naming either an admin API key (an operator, who may do everything) or a
staff user and their session version (never a secret), checked against the database on every request: revoking the
key or removing the user ends the session everywhere. Every console route needs one capability (`ROUTE_NEEDS`,
else reading for GET and the money capability for anything else), checked here for every page and action, so a
route added later is refused to the roles that cannot move money until it is listed.

Every form carries a CSRF token derived from the session; the scripts' JSON calls send it in a header. Pages speak
the reader's language (`?lang=`, then a cookie, then Accept-Language).
"""

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from api.deps import AppState, get_state
from api.middleware import audit_caller
from api.signing import BadToken, check
from api.templating import LANGUAGE_COOKIE, STRINGS, choose_language, templates
from core.db import unit_of_work
from core.errors import LaurelError
from core.staff import CAPABILITIES, Capability, Role, active_session_user
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


C = Capability
ROUTE_NEEDS: dict[tuple[str, str], Capability] = {
    ("POST", "/admin/programs/{key}/status"): C.MONEY,
    ("POST", "/admin/members/{external_id}/page"): C.CONTENT,
    ("POST", "/admin/simulate"): C.CONTENT,
    ("POST", "/admin/check-expression"): C.CONTENT,
    ("POST", "/admin/try/{kind}"): C.CONTENT,
    ("POST", "/admin/definitions"): C.CONTENT,
    ("POST", "/admin/segments"): C.CONTENT,
    ("POST", "/admin/recognitions/{recognition_id}/approve"): C.CONTENT,
    ("POST", "/admin/recognitions/{recognition_id}/deny"): C.CONTENT,
    ("GET", "/admin/staff"): C.STAFF,
    ("POST", "/admin/staff"): C.STAFF,
    ("POST", "/admin/staff/{staff_id}/remove"): C.STAFF,
    ("GET", "/admin/audit"): C.AUDIT,
}
for _kind in ("rules", "badges", "quests", "levels"):  # creating a definition, and saving its next version
    ROUTE_NEEDS[("POST", f"/admin/{_kind}")] = C.CONTENT
    ROUTE_NEEDS[("POST", f"/admin/{_kind}/{{key}}")] = C.CONTENT
TILL_PREFIXES = ("/till", "/admin/till")  # the till's pages and actions: all a cashier may use


class NotSignedIn(Exception):
    pass


class NotAllowed(Exception):
    """The signed-in user's role lacks what this page or action needs."""


@dataclass(frozen=True)
class ConsoleUser:
    """Who is signed in: an operator with an admin API key (role owner) or a staff user."""

    principal: Principal
    role: Role
    actor: str  # as the audit log names them: key:<id> or staff:<id>
    token: str
    email: str | None = None

    def can(self, capability: Capability) -> bool:
        return capability in CAPABILITIES[self.role]


def needed(request: Request) -> Capability:
    """What the route being called needs (see the module's docstring)."""
    route: Any = request.scope.get("route")
    template = getattr(route, "path", request.url.path)
    if template.startswith(TILL_PREFIXES):
        return C.TILL
    default = C.READ if request.method in ("GET", "HEAD") else C.MONEY
    return ROUTE_NEEDS.get((request.method, template), default)


def console_user(state: AppState, request: Request) -> ConsoleUser:
    """The session's user, whatever the route needs; raises NotSignedIn."""
    token = request.cookies.get(COOKIE, "")
    try:
        claims = check(state.keystore, PURPOSE, token)
        with unit_of_work(state.engine, read_only=True) as session:
            if "s" in claims:
                staff = active_session_user(session, str(claims["s"]), int(claims["v"]))
                principal = Principal(staff.tenant_id, staff.id, frozenset({Scope.ADMIN.value}))
                user = ConsoleUser(principal, Role(staff.role), f"staff:{staff.id}", token, staff.email)
            else:
                principal = principal_of_key(session, str(claims["k"]))
                user = ConsoleUser(principal, Role.OWNER, f"key:{principal.key_id}", token)
    except (BadToken, LaurelError, KeyError, ValueError) as exc:
        raise NotSignedIn from exc
    if not principal.allows(Scope.ADMIN):
        raise NotSignedIn
    request.state.console_user = user
    audit_caller(request, principal.tenant_id, user.actor)
    return user


def authorised(state: AppState, request: Request, capability: Capability | None = None) -> ConsoleUser:
    """The session's user if their role has what the route needs (or `capability`); raises NotSignedIn or
    NotAllowed."""
    user = console_user(state, request)
    if not user.can(capability or needed(request)):
        raise NotAllowed
    return user


async def posted_form(request: Request) -> FormData:
    """The posted form, read before the (synchronous, threadpool-run) handler that uses it."""
    return await request.form()


Posted = Annotated[FormData, Depends(posted_form)]


def signed_in(state: AppState, request: Request) -> tuple[Principal, str]:
    """The signed-in user's tenant and the session's token (the CSRF secret is derived from it), once their role
    is checked against what the route needs."""
    user = authorised(state, request)
    return user.principal, user.token


def require_role(*roles: Role) -> Callable[..., ConsoleUser]:
    """A dependency for console pages outside this package (the till): the signed-in user, if their role is one
    of `roles` (an operator's API key counts as owner). Not signed in redirects to the sign-in page; another role
    gets the refusal page (both through the handlers `install` adds)."""

    def dependency(request: Request, state: Annotated[AppState, Depends(get_state)]) -> ConsoleUser:
        user = console_user(state, request)
        if user.role not in roles:
            raise NotAllowed
        return user

    return dependency


def install(app: FastAPI) -> None:
    """Answers for a missing session and a refused role, wherever in the console they are raised."""

    @app.exception_handler(NotSignedIn)
    async def _signed_out(request: Request, _: NotSignedIn) -> Response:
        if "text/html" in request.headers.get("accept", "") or request.method == "GET":
            return to_login()
        return JSONResponse({"ok": False, "error": "signed out"}, status_code=401)

    @app.exception_handler(NotAllowed)
    async def _refused(request: Request, _: NotAllowed) -> Response:
        return refused(request)


def refused(request: Request) -> Response:
    return render(request, "admin/error.html", 403, message=console_words(request)["role_refused"])


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
    except NotAllowed:
        return refused(request)
    if not csrf_ok(state, token, csrf):
        return render(request, "admin/error.html", 403, message=console_words(request)["csrf_refused"])
    return principal


def json_sender(state: AppState, request: Request, csrf: str | None) -> Principal | JSONResponse:
    """The same checks for the scripts' calls, answered in JSON."""
    try:
        principal, token = signed_in(state, request)
    except NotSignedIn:
        return JSONResponse({"ok": False, "error": "signed out"}, status_code=401)
    except NotAllowed:
        return JSONResponse({"ok": False, "error": "not allowed for this role"}, status_code=403)
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
    me = getattr(request.state, "console_user", None)
    page = templates.get_template(name).render(
        context,
        lang=language,
        t=STRINGS[language],
        c=STRINGS[language]["console"],
        languages=sorted(STRINGS),
        me=me,
        can=(lambda capability: me is not None and me.can(Capability(capability))),
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
