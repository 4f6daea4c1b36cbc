"""Request dependencies: the app's shared state and the authenticated caller."""

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from core.db import unit_of_work
from core.errors import Forbidden, Unauthorized
from core.settings import Settings
from core.tenancy import Principal, Scope, authenticate
from wallets.keystore import KeyStore

_bearer = HTTPBearer(auto_error=False)


class PrincipalCache:
    """Authenticated keys for a few seconds, so a busy client does not cost a key lookup per request. A key
    revoked through this process is dropped at once; other processes notice within `ttl` seconds."""

    def __init__(self, ttl: float = 5.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._items: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _slot(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def get(self, token: str) -> Principal | None:
        found = self._items.get(self._slot(token))
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def put(self, token: str, principal: Principal) -> None:
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[self._slot(token)] = (principal, time.monotonic() + self.ttl)

    def forget_key(self, key_id: str) -> None:
        with self._lock:
            self._items = {slot: item for slot, item in self._items.items() if item[0].key_id != key_id}


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    redis: Any = None
    principals: PrincipalCache = field(default_factory=PrincipalCache)
    committer: Any = None
    queue: Any = None


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.laurel
    return state


State = Annotated[AppState, Depends(get_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def require(scope: Scope) -> Callable[[AppState, HTTPAuthorizationCredentials | None], Principal]:
    def dependency(state: State, credentials: Credentials) -> Principal:
        if credentials is None:
            raise Unauthorized("send an API key as `Authorization: Bearer <key>`")
        token = credentials.credentials
        principal = state.principals.get(token)
        if principal is None:
            with unit_of_work(state.engine, read_only=True) as session:
                principal = authenticate(session, token)
            state.principals.put(token, principal)
        if not principal.allows(scope):
            raise Forbidden(f"this API key lacks the {scope.value!r} scope")
        return principal

    return dependency


Admin = Annotated[Principal, Depends(require(Scope.ADMIN))]
Writer = Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))]
Reader = Annotated[Principal, Depends(require(Scope.READ))]
