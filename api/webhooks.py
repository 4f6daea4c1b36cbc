"""Webhook subscriptions and their delivery log."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from pydantic import AnyHttpUrl, BaseModel, Field

from api.deps import Admin, State
from core.db import unit_of_work
from core.strict import QueryInt, StrictInput
from notifications.models import Webhook, WebhookDelivery
from notifications.webhooks import EVENT_TYPES, create_webhook, deliveries, list_webhooks, outbound_policy

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


class WebhookIn(StrictInput):
    url: AnyHttpUrl = Field(
        description="An https URL whose host resolves to public addresses only (see SECURITY.md: plain http and "
        "private networks only where the operator allows them)."
    )
    events: list[Annotated[str, Field(json_schema_extra={"enum": sorted(EVENT_TYPES)})]] = Field(
        min_length=1, max_length=10
    )


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[str]
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, hook: Webhook) -> "WebhookOut":
        return cls(id=hook.id, url=hook.url, events=hook.events, active=hook.active, created_at=hook.created_at)


class NewWebhookOut(WebhookOut):
    secret: str = Field(description="Signing secret for `Laurel-Signature`, shown once.")


class DeliveryOut(BaseModel):
    id: str
    event_id: str
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any]

    @classmethod
    def of(cls, delivery: WebhookDelivery) -> "DeliveryOut":
        return cls(
            id=delivery.id,
            event_id=delivery.payload["id"],
            event_type=delivery.event_type,
            status=delivery.status,
            attempts=delivery.attempts,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            next_attempt_at=delivery.next_attempt_at,
            delivered_at=delivery.delivered_at,
            payload=delivery.payload,
        )


@router.post("", status_code=status.HTTP_201_CREATED)
def post_webhook(body: WebhookIn, principal: Admin, state: State) -> NewWebhookOut:
    with unit_of_work(state.engine) as session:
        hook, secret = create_webhook(
            session,
            state.keystore,
            principal.tenant_id,
            str(body.url),
            body.events,
            policy=outbound_policy(state.settings),
        )
    return NewWebhookOut(**WebhookOut.of(hook).model_dump(), secret=secret)


@router.get("")
def get_webhooks(principal: Admin, state: State) -> list[WebhookOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [WebhookOut.of(hook) for hook in list_webhooks(session, principal.tenant_id)]


@router.get("/{webhook_id}/deliveries")
def get_deliveries(
    webhook_id: Annotated[str, Path(max_length=40)],
    principal: Admin,
    state: State,
    limit: Annotated[QueryInt, Query(ge=1, le=500)] = 50,
) -> list[DeliveryOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [DeliveryOut.of(d) for d in deliveries(session, principal.tenant_id, webhook_id, limit)]
