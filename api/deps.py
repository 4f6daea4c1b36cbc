"""Request dependencies: the app's shared state and the authenticated caller."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from core.cache import TTLCache
from core.db import unit_of_work
from core.errors import Forbidden, Unauthorized
from core.settings import Settings
from core.tenancy import Principal, Scope, authenticate
from wallets.keystore import KeyStore

_bearer = HTTPBearer(auto_error=False)


def new_principal_cache() -> TTLCache[Principal]:
    """Authenticated keys for a few seconds, so a busy client does not cost a key lookup per request. Entries are
    keyed by (key id, hash of the token): a key revoked through this process is dropped at once by its id; other
    processes notice within the time to live."""
    return TTLCache(5.0)


def token_slot(token: str) -> tuple[str, str]:
    return token.partition(".")[0], hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    redis: Any = None
    principals: TTLCache[Principal] = field(default_factory=new_principal_cache)
    committer: Any = None
    queue: Any = None
    signin_throttles: Any = None


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.laurel
    return state


State = Annotated[AppState, Depends(get_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _authenticate(state: AppState, token: str) -> Principal:
    with unit_of_work(state.engine, read_only=True) as session:
        return authenticate(session, token)


def require(scope: Scope) -> Callable[[AppState, HTTPAuthorizationCredentials | None], Principal]:
    def dependency(state: State, credentials: Credentials) -> Principal:
        if credentials is None:
            raise Unauthorized("send an API key as `Authorization: Bearer <key>`")
        token = credentials.credentials
        principal = state.principals.get(token_slot(token), lambda: _authenticate(state, token))
        if not principal.allows(scope):
            raise Forbidden(f"this API key lacks the {scope.value!r} scope")
        return principal

    return dependency


Admin = Annotated[Principal, Depends(require(Scope.ADMIN))]
Writer = Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))]
Reader = Annotated[Principal, Depends(require(Scope.READ))]
