"""Request dependencies: the app's shared state and the authenticated caller."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from api.middleware import audit_caller
from core.db import unit_of_work
from core.errors import Forbidden, Unauthorized
from core.settings import Settings
from core.stamps import API_KEYS, StampedCache, read_now
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


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.laurel
    return state


State = Annotated[AppState, Depends(get_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _authenticate(state: AppState, token: str) -> Principal:
    with unit_of_work(state.engine, read_only=True) as session:
        return authenticate(session, token)


def require(scope: Scope) -> Callable[[Request, AppState, HTTPAuthorizationCredentials | None], Principal]:
    def dependency(request: Request, state: State, credentials: Credentials) -> Principal:
        if credentials is None:
            raise Unauthorized("send an API key as `Authorization: Bearer <key>`")
        token = credentials.credentials
        stamp = read_now(state.engine, API_KEYS)
        principal = state.principals.get(token_slot(token), stamp, lambda: _authenticate(state, token))
        if principal.expired_at(utcnow()):  # cached before its expiry (or its rotation's overlap) ran out
            raise Unauthorized("invalid, revoked or expired API key")
        if state.gate is not None:
            state.gate.admit(principal, request.state)
        if not principal.allows(scope):
            raise Forbidden(f"this API key lacks the {scope.value!r} scope")
        if Scope.ADMIN in principal.scopes:
            audit_caller(request, principal.tenant_id, f"key:{principal.key_id}")
        return principal

    return dependency


Admin = Annotated[Principal, Depends(require(Scope.ADMIN))]
Writer = Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))]
Reader = Annotated[Principal, Depends(require(Scope.READ))]
