"""Tenants (created with the operator's admin token) and their API keys."""

import hmac
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, status
from pydantic import BaseModel, Field

from api.deps import Admin, State
from api.schemas import Name
from core.audit import record
from core.db import unit_of_work
from core.errors import Unauthorized
from core.strict import ByValue, DateTime, StrictInput
from core.tenancy import ApiKey, Scope, create_tenant, issue_api_key, list_api_keys, revoke_api_key, rotate_api_key
from wallets.programs import resolve_program

router = APIRouter(prefix="/v1", tags=["tenants"])


class TenantIn(StrictInput):
    name: Name


class TenantOut(BaseModel):
    id: str
    name: str
    api_key: str = Field(description="An admin-scope key, shown once: only its hash is stored.")


MAX_OVERLAP_SECONDS = 30 * 86_400


class ApiKeyIn(StrictInput):
    name: Name = "API key"
    scopes: list[Annotated[Scope, ByValue]] = Field(min_length=1, max_length=3)
    expires_at: DateTime | None = Field(None, description="When the key stops working; must be in the future.")
    rate_limit: int | None = Field(
        None, ge=1, le=1_000_000_000, description="Requests per window for this key, instead of the server's default."
    )


class RotateIn(StrictInput):
    overlap_seconds: int = Field(
        86_400, ge=0, le=MAX_OVERLAP_SECONDS, description="How long the old key keeps working beside the new one."
    )


class ApiKeyOut(BaseModel):
    id: str
    name: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None = Field(description="When it stops (or stopped) working; null: never.")
    last_used_at: datetime | None = Field(description="Its last authenticated request, to the minute.")
    rotated_to: str | None = Field(description="The key that replaced it, when it was rotated.")
    rate_limit: int | None = Field(description="Its own limit per window; null: the server's default.")

    @classmethod
    def of(cls, key: ApiKey) -> "ApiKeyOut":
        return cls.model_validate(key, from_attributes=True)


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
        key, token = issue_api_key(
            session,
            principal.tenant_id,
            name=body.name,
            scopes=body.scopes,
            expires_at=body.expires_at,
            rate_limit=body.rate_limit,
        )
    return NewApiKeyOut(**ApiKeyOut.of(key).model_dump(), api_key=token)


@router.post("/api-keys/{key_id}/rotate", status_code=status.HTTP_201_CREATED)
def rotate_key(key_id: str, principal: Admin, state: State, body: RotateIn | None = None) -> NewApiKeyOut:
    """A new secret for the same name, scopes and limit; the old key keeps working for `overlap_seconds`."""
    overlap = (body or RotateIn()).overlap_seconds
    with unit_of_work(state.engine) as session:
        key, token = rotate_api_key(session, principal.tenant_id, key_id, overlap_seconds=overlap)
    return NewApiKeyOut(**ApiKeyOut.of(key).model_dump(), api_key=token)


@router.get("/api-keys")
def get_api_keys(principal: Admin, state: State) -> list[ApiKeyOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [ApiKeyOut.of(key) for key in list_api_keys(session, principal.tenant_id)]


@router.delete("/api-keys/{key_id}")
def delete_api_key(key_id: str, principal: Admin, state: State) -> ApiKeyOut:
    with unit_of_work(state.engine) as session:
        return ApiKeyOut.of(revoke_api_key(session, principal.tenant_id, key_id))
