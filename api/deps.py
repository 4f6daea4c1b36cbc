"""Request dependencies: the app's shared state and the authenticated caller."""

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    redis: Any = None


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.laurel
    return state


State = Annotated[AppState, Depends(get_state)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def require(scope: Scope) -> Callable[[AppState, HTTPAuthorizationCredentials | None], Principal]:
    def dependency(state: State, credentials: Credentials) -> Principal:
        if credentials is None:
            raise Unauthorized("send an API key as `Authorization: Bearer <key>`")
        with unit_of_work(state.engine, read_only=True) as session:
            principal = authenticate(session, credentials.credentials)
        if not principal.allows(scope):
            raise Forbidden(f"this API key lacks the {scope.value!r} scope")
        return principal

    return dependency


Admin = Annotated[Principal, Depends(require(Scope.ADMIN))]
Writer = Annotated[Principal, Depends(require(Scope.EVENTS_WRITE))]
Reader = Annotated[Principal, Depends(require(Scope.READ))]
