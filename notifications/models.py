"""Tables of notifications: webhook subscriptions, the outbox of deliveries and the log of attempts; the email
outbox and the members' unsubscribes."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class Webhook(SQLModel, table=True):
    """A subscriber URL. Its signing secret is stored sealed (AES-GCM under the key store), never in clear."""

    __tablename__ = "webhooks"

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40, index=True)
    url: str = Field(max_length=2000)
    events: list[str] = Field(sa_column=Column(JsonColumn, nullable=False))
    sealed_secret: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class WebhookDelivery(SQLModel, table=True):
    """The outbox: written in the transaction that caused it; its id is the event id receivers deduplicate on."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(max_length=40, index=True)
    webhook_id: str = Field(foreign_key="webhooks.id", max_length=40)
    event_type: str = Field(max_length=64)
    payload: dict[str, Any] = Field(sa_column=Column(JsonColumn, nullable=False))
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class WebhookAttempt(SQLModel, table=True):
    """The delivery log: one row per HTTP attempt."""

    __tablename__ = "webhook_attempts"

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    delivery_id: str = Field(foreign_key="webhook_deliveries.id", max_length=40, index=True)
    attempted_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=500)
    duration_ms: int = 0


class EmailOutboxRow(SQLModel, table=True):
    """One email to send: a notice (or an announcement) for one member, at most once (the unique key)."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        UniqueConstraint("notice_id", "member_id", name="uq_email_outbox_notice_member"),
        Index("ix_email_outbox_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    notice_id: str = Field(max_length=80)
    member_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    status: str = Field(default="pending", max_length=16)  # pending | sent | failed | skipped
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    error: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class EmailOptOut(SQLModel, table=True):
    __tablename__ = "email_optouts"

    tenant_id: str = Field(primary_key=True, max_length=40)
    member_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    kind: str = Field(primary_key=True, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
