"""Request dependencies: the app's shared state and the authenticated caller."""

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.middleware import audit_caller
from core.db import unit_of_work
from core.errors import Forbidden, LaurelError, Unauthorized
from core.settings import Settings
from core.stamps import API_KEYS, StampedCache, read, read_now
from core.tenancy import Principal, Scope, authenticate
from core.types import utcnow
from wallets.keystore import KeyStore

_bearer = HTTPBearer(auto_error=False)


def new_principal_cache() -> StampedCache[Principal]:
    """Authenticated keys, keyed by (key id, hash of the token), kept while the API keys' stamp stands still: a
    revoke in any process bumps it, and every process reads it before each request (see `core.stamps`)."""
    return StampedCache()


def token_slot(token: str) -> tuple[str, str]:
    return token.partition(".")[0], hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    redis: Any = None
    principals: StampedCache[Principal] = field(default_factory=new_principal_cache)
    committer: Any = None
    acceptor: Any = None
    evaluator: Any = None
    queue: Any = None
    signin_throttles: Any = None
    gate: Any = None


async def get_state(request: Request) -> AppState:
    """Async, so that resolving it costs no trip to a worker thread (it reads one attribute)."""
    state: AppState = request.app.state.laurel
    return state


State = Annotated[AppState, Depends(get_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _authenticate(state: AppState, token: str) -> Principal:
    with unit_of_work(state.engine, read_only=True) as session:
        return authenticate(session, token)


def require(scope: Scope) -> Callable[[Request, AppState, HTTPAuthorizationCredentials | None], Principal]:
    def dependency(request: Request, state: State, credentials: Credentials) -> Principal:
        token = _token(credentials)
        stamp = read_now(state.engine, API_KEYS)
        principal = state.principals.get(token_slot(token), stamp, lambda: _authenticate(state, token))
        _admit(request, state, principal, scope)
        return principal

    return dependency


@dataclass(frozen=True)
class Caller:
    """A caller whose key the transaction that serves it confirms (`confirm_callers`), rather than a read of the
    keys' stamp of its own before the endpoint runs: the one read an event's request would otherwise add."""

    principal: Principal
    token: str
    stamp: int  # the API keys' stamp `principal` was loaded under


def require_confirmed_later(
    scope: Scope,
) -> Callable[[Request, AppState, HTTPAuthorizationCredentials | None], Awaitable[Caller]]:
    """As `require`, with the stamp check left to the endpoint's transaction, which must call `confirm_callers`
    before it writes anything. A key this process holds, with nothing for the gate to write or count, is admitted
    on the event loop; a key it never saw is authenticated now, in a worker thread, as is any gate's work."""

    def admitted(request: Request, state: AppState, token: str) -> Caller:
        slot = token_slot(token)
        held = state.principals.peek(slot)
        if held is None:
            stamp = read_now(state.engine, API_KEYS)
            held = stamp, state.principals.get(slot, stamp, lambda: _authenticate(state, token))
        _admit(request, state, held[1], scope)
        return Caller(held[1], token, held[0])

    async def dependency(request: Request, state: State, credentials: Credentials) -> Caller:
        token = _token(credentials)
        caller = admit_held(request, state, token, scope)
        return caller if caller is not None else await run_in_threadpool(admitted, request, state, token)

    return dependency


def admit_held(request: Request, state: AppState, token: str, scope: Scope) -> Caller | None:
    """The caller, admitted on the event loop, if this process holds its key and the gate has nothing to write or
    count for it; None when admitting it may wait (a key never seen, a limit to count, a use to record)."""
    held = state.principals.peek(token_slot(token))
    if held is None or (state.gate is not None and state.gate.would_block(held[1])):
        return None
    _admit(request, state, held[1], scope, gate=False)  # the gate would neither count nor record anything
    return Caller(held[1], token, held[0])


def confirm_callers(
    state: AppState, session: Session, callers: list[Caller | None], scope: Scope
) -> list[LaurelError | None]:
    """In the transaction serving them, before it writes: each caller's refusal, or None. A caller whose key was
    loaded under the current stamp stands (no key was revoked, rotated or changed since); any other is
    authenticated again as the transaction sees the keys. None is a caller checked before (`require`)."""
    current = read(session, API_KEYS)
    refusals: list[LaurelError | None] = []
    for caller in callers:
        if caller is None or caller.stamp == current:
            refusals.append(None)
            continue
        slot = token_slot(caller.token)
        try:
            principal = state.principals.get(slot, current, partial(authenticate, session, caller.token))
            _unexpired(principal)
            _allowed(principal, scope)
        except LaurelError as exc:
            state.principals.forget(slot)
            refusals.append(exc)
            continue
        refusals.append(None)
    return refusals


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise Unauthorized("send an API key as `Authorization: Bearer <key>`")
    return credentials.credentials


def _admit(request: Request, state: AppState, principal: Principal, scope: Scope, *, gate: bool = True) -> None:
    _unexpired(principal)
    if gate and state.gate is not None:
        state.gate.admit(principal, request.state)
    _allowed(principal, scope)
    if Scope.ADMIN in principal.scopes:
        audit_caller(request, principal.tenant_id, f"key:{principal.key_id}")


def _unexpired(principal: Principal) -> None:
    if principal.expired_at(utcnow()):  # cached before its expiry (or its rotation's overlap) ran out
        raise Unauthorized("invalid, revoked or expired API key")


def _allowed(principal: Principal, scope: Scope) -> None:
    if not principal.allows(scope):
        raise Forbidden(f"this API key lacks the {scope.value!r} scope")


Admin = Annotated[Principal, Depends(require(Scope.ADMIN))]
Writer = Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))]
Reader = Annotated[Principal, Depends(require(Scope.READ))]
EventWriter = Annotated[Caller, Depends(require_confirmed_later(Scope.EVENTS_WRITE))]
