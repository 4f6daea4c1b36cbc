"""Tables of the engine: versioned definitions, the immutable event log, and what members achieved."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class Definition(SQLModel, table=True):
    """One version of a rule, badge, quest, level, medal or leaderboard. Editing adds a version; awards already
    made keep pointing at the version that made them."""

    __tablename__ = "definitions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "key", "version", name="uq_definitions_version"),
        Index("ix_definitions_current", "tenant_id", "program_id", "is_current"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    kind: str = Field(max_length=16)
    key: str = Field(max_length=64)
    version: int
    body: dict[str, Any] = Field(sa_column=Column(JsonColumn, nullable=False))
    is_current: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
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
    """A member's standing in a program, one row: xp (not spendable, so not in the ledger), counts, level, and
    as JSON the badge counters (`badge:<key>[:<period>]`) and quest progress (`{quest: {counts, started_at,
    completed_at}}`). One row per member keeps a batch's writes to one row per member, however many badges and
    quests a program defines; the member's row lock orders concurrent writers."""

    __tablename__ = "member_stats"

    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), primary_key=True))
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    tenant_id: str = Field(max_length=40)
    xp: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    events: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    last_event_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    level: str | None = Field(default=None, max_length=64)
    level_since: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    xp_decayed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    counters: dict[str, int] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    quests: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))


class ActivityDay(SQLModel, table=True):
    """A calendar day (program time zone) on which a member did what a streak badge counts."""

    __tablename__ = "member_activity_days"

    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), primary_key=True))
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    badge: str = Field(sa_column=Column(String(64), primary_key=True))
    day: date = Field(sa_column=Column(Date, primary_key=True))


class MemberBadge(SQLModel, table=True):
    __tablename__ = "member_badges"
    __table_args__ = (UniqueConstraint("member_id", "program_id", "badge", "period", name="uq_member_badge_period"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    badge: str = Field(max_length=64)
    period: str = Field(default="", max_length=16)
    version: int
    event_id: str | None = Field(default=None, max_length=128)
    awarded_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class LevelReached(SQLModel, table=True):
    """Every level a member ever reached: its reward is paid once, even if the member drops and climbs again."""

    __tablename__ = "member_levels_reached"

    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), primary_key=True))
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    level: str = Field(sa_column=Column(String(64), primary_key=True))
    reached_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class LeaderboardScore(SQLModel, table=True):
    """A member's score on a board for one period (`all`, `day:2026-11-26`, `week:2026-W48`, `month:2026-11`,
    `year:2026`) and scope value (empty when the board is not scoped)."""

    __tablename__ = "leaderboard_scores"
    __table_args__ = (Index("ix_leaderboard_rank", "tenant_id", "program_id", "board", "period", "scope", "score"),)

    tenant_id: str = Field(primary_key=True, max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    board: str = Field(sa_column=Column(String(64), primary_key=True))
    period: str = Field(sa_column=Column(String(24), primary_key=True))
    scope: str = Field(sa_column=Column(String(128), primary_key=True))
    member_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    score: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


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
