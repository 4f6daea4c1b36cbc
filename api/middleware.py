"""Pure ASGI middleware: request metrics by route template, a cap on request body size, URLs without NUL, and the
audit trail of calls that change something."""

import time
from typing import Any

from anyio import to_thread
from sqlalchemy import Engine
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from core.audit import record
from core.db import unit_of_work
from core.metrics import HTTP_LATENCY, HTTP_REQUESTS

AUDITED_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Event ingestion is recorded in the event store itself, with its id and body: an audit row per event would double
# the hot path's writes and tell nothing more.
UNAUDITED_PREFIXES = ("/v1/events",)
# Path parameters left as their placeholder in the recorded target: the log is append-only and erasure cannot reach
# it, so it never holds what names a person (a member's external id, a card number) or a secret (a page token).
UNRECORDED_PARAMS = frozenset({"external_id", "number", "token"})
AUDIT_CALLER = "laurel_audit"  # request-state key the authenticating dependencies set: (tenant id, actor)


def audit_caller(request: Any, tenant_id: str, actor: str) -> None:
    """Names the caller of this request for `AuditMiddleware`; called by the dependencies that authenticate."""
    setattr(request.state, AUDIT_CALLER, (tenant_id, actor))


class MetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route: Any = scope.get("route")
            template = getattr(route, "path", "unmatched")
            HTTP_REQUESTS.labels(scope["method"], template, str(status[0])).inc()
            HTTP_LATENCY.labels(scope["method"], template).observe(time.perf_counter() - started)


class BodyLimitMiddleware:
    """Refuses bodies over `limit` bytes with 413, whether or not the client announced the length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            response = problem(413, "Request too large", f"the body exceeds {self.limit} bytes", "too-large")
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge()
            return message

        await self.app(scope, limited_receive, send)


class NulUrlMiddleware:
    """Refuses a path or query holding a NUL character (`%00`) with 400: PostgreSQL takes no NUL in text, and the
    document states every parameter without one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"%00" in scope["query_string"]):
            response = problem(400, "Bad request", "the URL holds a NUL character (%00)", "http-400")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class _TooLarge(HTTPException):
    """An HTTPException so FastAPI's body reader lets it through instead of turning it into a 400."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="Request too large")


class AuditMiddleware:
    """Appends an audit entry for every changing call (POST, PUT, PATCH, DELETE) that an admin key or a console
    user made and that did not fail (status under 400). The action is the method and
    route template, the target the path called with the parameters that name people left as placeholders."""

    def __init__(self, app: ASGIApp, engine: Any) -> None:
        self.app = app
        self.engine = engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in AUDITED_METHODS
            or scope["path"].startswith(UNAUDITED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self._record(scope, message["status"])
            await send(message)

        await self.app(scope, receive, send_wrapper)

    async def _record(self, scope: Scope, status: int) -> None:
        """Before the answer goes out (the handler's own transaction has committed by then), so a client that
        reads the log right after its call finds the call there."""
        caller = scope.get("state", {}).get(AUDIT_CALLER)
        if caller is None or status >= 400:
            return
        route: Any = scope.get("route")
        template = str(getattr(route, "path", scope["path"]))
        target = _target(template, scope.get("path_params", {}))
        entry = (caller[0], caller[1], f"{scope['method']} {template}"[:64], target[:200], status)
        await to_thread.run_sync(_append, self.engine(), *entry)


def _target(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format_map(_Recordable(params))
    except (ValueError, IndexError):  # a template with converters (`{name:path}`): the template alone
        return template


class _Recordable(dict[str, Any]):
    def __getitem__(self, name: str) -> Any:
        return f"{{{name}}}" if name in UNRECORDED_PARAMS else super().__getitem__(name)

    def __missing__(self, name: str) -> str:
        return f"{{{name}}}"


def _append(engine: Engine, tenant_id: str, actor: str, action: str, target: str, status: int) -> None:
    with unit_of_work(engine) as session:
        record(session, tenant_id, actor, action, target, status=status)
