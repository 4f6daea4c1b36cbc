"""Tables of the engine: rules, the immutable event log, and per-member counters."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class Rule(SQLModel, table=True):
    """When `condition` holds on an event of `event_type`, award `points` and/or `xp` (CEL expressions)."""

    __tablename__ = "rules"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_rules_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    key: str = Field(max_length=64)
    event_type: str = Field(max_length=64)
    condition: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    points: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    xp: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    segment: str | None = Field(default=None, max_length=64)
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Event(SQLModel, table=True):
    """Something a member did. Immutable; the app's id is unique per tenant, which makes ingestion idempotent."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "event_id", name="uq_events_tenant_event"),
        Index("ix_events_member_time", "tenant_id", "member_id", "occurred_at"),
        Index("ix_events_type_time", "tenant_id", "type", "occurred_at"),
    )

    pk: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    event_id: str = Field(sa_column=Column(String(128), nullable=False))
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    type: str = Field(max_length=64)
    properties: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    received_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    body_sha256: str = Field(max_length=64)
    effects: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))


class MemberStats(SQLModel, table=True):
    """Running counters of a member in a program (xp is not spendable, so it lives here, not in the ledger)."""

    __tablename__ = "member_stats"

    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), primary_key=True))
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    tenant_id: str = Field(max_length=40)
    xp: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    events: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    last_event_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
