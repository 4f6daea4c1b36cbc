"""Tables of the engine: versioned definitions, the immutable event log, and what members achieved."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, Float, ForeignKey, Index, String, UniqueConstraint, false
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
    # What returns took, for the counts read from the log (windows, funds, medals): a full return takes the event
    # off them, a partial one its returned `amount` off the windowed sums.
    returned: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    amount_returned: float = Field(default=0.0, sa_column=Column(Float, nullable=False, server_default="0"))


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
    __table_args__ = (
        Index(
            "ix_leaderboard_rank_member", "tenant_id", "program_id", "board", "period", "scope", "score", "member_id"
        ),
    )

    tenant_id: str = Field(primary_key=True, max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    board: str = Field(sa_column=Column(String(64), primary_key=True))
    period: str = Field(sa_column=Column(String(24), primary_key=True))
    scope: str = Field(sa_column=Column(String(128), primary_key=True))
    member_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    score: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class PendingEvent(SQLModel, table=True):
    """An event acknowledged before it was evaluated (`Prefer: respond-async`): stored before the 202, evaluated
    by whichever process holds its lease, and deleted in the transaction that stores it as an `Event`. A lease
    that ran out (its process died) lets the next evaluator take it over; `error` keeps why evaluation refused it."""

    __tablename__ = "pending_events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "event_id", name="uq_pending_events_tenant_event"),
        Index("ix_pending_events_lease", "lease_until"),
    )

    pk: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    event_id: str = Field(sa_column=Column(String(128), nullable=False))
    body: dict[str, Any] = Field(sa_column=Column(JsonColumn, nullable=False))
    body_sha256: str = Field(max_length=64)
    received_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    attempts: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    error: dict[str, Any] | None = Field(default=None, sa_column=Column(JsonColumn, nullable=True))


class ManualAward(SQLModel, table=True):
    """What an operator did by hand to a member — points adjusted, a badge granted or revoked, streak freezes
    given — with who did it (an API key, or the console signed in with one) and why. `award_id` is the client's id
    for the kinds that take one (points, freezes): unique per tenant and kind, it makes a retry a replay."""

    __tablename__ = "manual_awards"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "award_id", name="uq_manual_awards_id"),
        Index("ix_manual_awards_member", "tenant_id", "member_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    kind: str = Field(max_length=16)
    award_id: str | None = Field(default=None, sa_column=Column(String(128), nullable=True))
    body_sha256: str = Field(default="", max_length=64)
    points: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    badge: str | None = Field(default=None, max_length=64)
    freezes: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    reason: str = Field(max_length=500)
    actor: str = Field(max_length=200)
    transaction_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class EventReversal(SQLModel, table=True):
    """A return of an event, whole or in part: what was returned (`properties`, null for all of it) and what it
    reversed. Its own id makes it idempotent; the event's reversals together never reverse more than it gave."""

    __tablename__ = "event_reversals"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reversal_id", name="uq_event_reversals_id"),
        Index("ix_event_reversals_event", "tenant_id", "event_id"),
    )

    pk: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    reversal_id: str = Field(sa_column=Column(String(128), nullable=False))
    event_id: str = Field(sa_column=Column(String(128), nullable=False))
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    properties: dict[str, Any] | None = Field(default=None, sa_column=Column(JsonColumn, nullable=True))
    body_sha256: str = Field(max_length=64)
    effects: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
