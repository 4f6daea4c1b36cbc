"""Tenants (created with the operator's admin token) and their API keys."""

import hmac
from datetime import datetime

from fastapi import APIRouter, Header, status
from pydantic import BaseModel, Field

from api.deps import Admin, State
from api.schemas import Name
from core.audit import record
from core.db import unit_of_work
from core.errors import Unauthorized
from core.tenancy import ApiKey, Scope, create_tenant, issue_api_key, list_api_keys, revoke_api_key
from wallets.programs import resolve_program

router = APIRouter(prefix="/v1", tags=["tenants"])


class TenantIn(BaseModel):
    name: Name


class TenantOut(BaseModel):
    id: str
    name: str
    api_key: str = Field(description="An admin-scope key, shown once: only its hash is stored.")


class ApiKeyIn(BaseModel):
    name: Name = "API key"
    scopes: list[Scope] = Field(min_length=1, max_length=3)


class ApiKeyOut(BaseModel):
    id: str
    name: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> "ApiKeyOut":
        return cls(id=key.id, name=key.name, scopes=key.scopes, created_at=key.created_at, revoked_at=key.revoked_at)


class NewApiKeyOut(ApiKeyOut):
    api_key: str = Field(description="The secret, shown once.")


@router.post("/tenants", status_code=status.HTTP_201_CREATED)
def post_tenant(body: TenantIn, state: State, authorization: str | None = Header(default=None)) -> TenantOut:
    expected = state.settings.admin_token
    given = (authorization or "").removeprefix("Bearer ").strip()
    if expected is None or not hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise Unauthorized("creating tenants needs the operator's admin token (LAUREL_ADMIN_TOKEN)")
    with unit_of_work(state.engine) as session:
        tenant, token = create_tenant(session, body.name)
        resolve_program(session, tenant.id)  # `default` exists from the start: read paths need not create it
        record(session, tenant.id, "operator", "tenant.create", f"tenant:{tenant.id}")
    return TenantOut(id=tenant.id, name=tenant.name, api_key=token)


@router.post("/api-keys", status_code=status.HTTP_201_CREATED)
def post_api_key(body: ApiKeyIn, principal: Admin, state: State) -> NewApiKeyOut:
    with unit_of_work(state.engine) as session:
        key, token = issue_api_key(session, principal.tenant_id, name=body.name, scopes=body.scopes)
    return NewApiKeyOut(**ApiKeyOut.of(key).model_dump(), api_key=token)


@router.get("/api-keys")
def get_api_keys(principal: Admin, state: State) -> list[ApiKeyOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [ApiKeyOut.of(key) for key in list_api_keys(session, principal.tenant_id)]


@router.delete("/api-keys/{key_id}")
def delete_api_key(key_id: str, principal: Admin, state: State) -> ApiKeyOut:
    with unit_of_work(state.engine) as session:
        return ApiKeyOut.of(revoke_api_key(session, principal.tenant_id, key_id))
