"""Erasure's reach into the outbox: a member's personal values copied into webhook payloads not yet sent."""

from collections.abc import Mapping

from sqlalchemy import select
from sqlmodel import Session, col

from core.privacy import containing, register_scrubber, scrubbed
from notifications.models import WebhookDelivery


def scrub_payloads(session: Session, tenant_id: str, identifiers: list[str], replacements: Mapping[str, str]) -> None:
    for delivery in session.scalars(
        select(WebhookDelivery).where(
            col(WebhookDelivery.tenant_id) == tenant_id, containing(WebhookDelivery.payload, identifiers)
        )
    ):
        delivery.payload = scrubbed(delivery.payload, replacements)
        session.add(delivery)


register_scrubber(scrub_payloads)
