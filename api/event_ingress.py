"""The common case of `POST /v1/events`, served in pure ASGI: the route's own answer, at a fraction of the event
loop's work per request.

Under load the loop spends more on FastAPI's routing through every route, dependency solving and body parsing than
on the event itself. A request that is plain (a JSON body of known length that parses and validates, a key this
process holds with nothing for the gate to count or record, no `Prefer`) is served here with the route's own
pieces: the same validation, admission, group commit and response. Any other request goes to the route untouched,
its body replayed, so every refusal and every rarer case keeps one implementation, the route's. Once an event is
submitted it is never handed on: an error then is answered by the app's exception handler for it, as the route's
would be, or left to the server's error middleware. The OpenAPI document still describes the route.
"""

from asyncio import wrap_future
from typing import Any

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import events
from api.deps import AppState, Caller, admit_held
from api.events import EventIn
from core.errors import LaurelError
from core.tenancy import Scope as KeyScope

PATH = "/v1/events"
JSON = b"application/json"
ROUTE = next(route for route in events.router.routes if getattr(route, "endpoint", None) is events.post_event)


class EventIngress:
    """Serves plain single-event requests (see the module); hands every other request to `app`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _plain_token(scope) if scope["type"] == "http" else None
        if token is None:
            await self.app(scope, receive, send)
            return
        received: list[Message] = []
        body = await _body(receive, received)
        request = Request(scope)
        plain = _plain_event(request, body, token) if body is not None else None
        if plain is None:
            await self.app(scope, _replaying(received, receive), send)
            return
        scope.update(route=ROUTE, endpoint=events.post_event, path_params={})
        response = await _ingested(request, *plain)
        await response(scope, receive, send)


async def _ingested(request: Request, event: EventIn, caller: Caller) -> Response:
    """The route's answer for an admitted event: its effects, or what the app's handler for its error answers."""
    state: AppState = request.app.state.laurel
    try:
        result = await wrap_future(state.committer.submit(caller.principal.tenant_id, event.to_input(), caller))
        if result.error is not None:
            raise result.error
    except Exception as exc:
        handler = _handler(request.app.exception_handlers, exc)
        if handler is None:
            raise
        answer: Response = await handler(request, exc)
        return answer
    return events.json_response(events.event_out(result.id, result.effects), 201 if result.created else 200)


def _plain_token(scope: Scope) -> str | None:
    """The bearer token of a `POST /v1/events` with a JSON body of declared length (the server reads no more than
    that, and the body limit checked it) and no `Prefer`; None for any other request."""
    if scope["path"] != PATH or scope["method"] != "POST":
        return None
    authorization = content_type = length = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = authorization if authorization is not None else value
        elif name == b"content-type":
            content_type = content_type if content_type is not None else value
        elif name == b"content-length":
            length = value
        elif name == b"prefer":
            return None
    if authorization is None or content_type != JSON or length is None:
        return None
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


async def _body(receive: Receive, received: list[Message]) -> bytes | None:
    """The whole body, every message kept in `received` for a replay; None if the client left first."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        received.append(message)
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _plain_event(request: Request, body: bytes, token: str) -> tuple[EventIn, Caller] | None:
    """The event and its admitted caller, or None where the route would refuse the request, or might read it
    otherwise (a number or string this parser takes differently from the standard library's)."""
    state: AppState = request.app.state.laurel
    try:
        event = EventIn.model_validate(orjson.loads(body))
        events.check_size(event, state.settings.max_event_bytes)
        caller = admit_held(request, state, token, KeyScope.EVENTS_WRITE)
    except (orjson.JSONDecodeError, ValidationError, LaurelError):
        return None  # the route refuses it, in the same words
    return (event, caller) if caller is not None else None


def _replaying(received: list[Message], receive: Receive) -> Receive:
    pending = list(received)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def _handler(handlers: dict[Any, Any], exc: Exception) -> Any:
    """The app's handler for `exc`, found as Starlette's exception middleware finds it; None for those the server's
    error middleware answers (`Exception` itself)."""
    for kind in type(exc).__mro__:
        if kind is not Exception and kind in handlers:
            return handlers[kind]
    return None
