"""Tables of targeting: event schemas, referrals, bulk imports and kept segment membership."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class EventSchema(SQLModel, table=True):
    """One version of the JSON Schema that the `properties` of events of a type must match. A change adds a
    version; ingestion checks against the current one."""

    __tablename__ = "event_schemas"
    __table_args__ = (
        UniqueConstraint("tenant_id", "type", "version", name="uq_event_schemas_version"),
        Index("ix_event_schemas_current", "tenant_id", "type", "is_current"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    type: str = Field(max_length=64)
    version: int
    body: dict[str, Any] = Field(sa_column=Column(JsonColumn, nullable=False))
    is_current: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Referral(SQLModel, table=True):
    """Who brought a member in (one referrer per member), and when the referrer was paid for it: once, on the
    member's first qualifying event."""

    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_referrer", "tenant_id", "referrer_id"),)

    referee_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), primary_key=True))
    tenant_id: str = Field(max_length=40)
    referrer_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    rewarded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    program_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    event_id: str | None = Field(default=None, max_length=128)


class ImportJob(SQLModel, table=True):
    """An uploaded CSV of members or point adjustments, applied by the worker a chunk at a time: `done` rows are
    applied, and it moves in the same transaction as their effects, so a restarted worker resumes exactly there.
    The file's hash is unique per tenant and kind: uploading the same file again finds this job."""

    __tablename__ = "imports"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", "sha256", name="uq_imports_file"),)

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=16)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = Field(default="queued", max_length=16)
    rows: int = 0
    done: int = 0
    applied: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JsonColumn, nullable=False))
    error_count: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class SegmentMember(SQLModel, table=True):
    """A member in a segment since `since`: the kept membership that listings, sizes and entry/exit webhooks read.
    Ingestion, attribute changes and imports refresh the members they touch; a beat job refreshes the rest."""

    __tablename__ = "segment_members"
    __table_args__ = (Index("ix_segment_members_member", "program_id", "member_id"),)

    tenant_id: str = Field(primary_key=True, max_length=40)
    segment: str = Field(primary_key=True, max_length=64)
    member_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    since: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
