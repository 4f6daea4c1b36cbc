"""Tables of what members do for each other: transfers, recognitions, and goals with their kept progress."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class Transfer(SQLModel, table=True):
    """Points one member gave another from their available balance (a tip, a gift). Keyed by the app's id."""

    __tablename__ = "transfers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "transfer_id", name="uq_transfers_tenant_id"),
        Index("ix_transfers_sender", "tenant_id", "program_id", "sender_id", "created_at"),
        Index("ix_transfers_receiver", "tenant_id", "program_id", "receiver_id", "created_at"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    transfer_id: str = Field(sa_column=Column(String(128), nullable=False))
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    sender_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    receiver_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    note: str | None = Field(default=None, max_length=500)
    body_sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Recognition(SQLModel, table=True):
    """A member thanking another with points from their monthly allowance, a message and company values.
    `status` is `given`, or `pending` → `approved` | `denied` above the program's approval threshold."""

    __tablename__ = "recognitions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "recognition_id", name="uq_recognitions_tenant_id"),
        Index("ix_recognitions_giver", "tenant_id", "program_id", "giver_id", "month"),
        Index("ix_recognitions_receiver", "tenant_id", "program_id", "receiver_id", "month"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    recognition_id: str = Field(sa_column=Column(String(100), nullable=False))
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    giver_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    receiver_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    message: str = Field(max_length=1000)
    values: list[str] = Field(default_factory=list, sa_column=Column(JsonColumn, nullable=False))
    month: str = Field(max_length=7)
    status: str = Field(max_length=16)
    body_sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class Goal(SQLModel, table=True):
    """A target on a count or sum of events over a period, for each member (a quota) or for each team."""

    __tablename__ = "goals"
    __table_args__ = (
        UniqueConstraint("tenant_id", "key", name="uq_goals_tenant_key"),
        Index("ix_goals_event_type", "tenant_id", "program_id", "event_type"),  # ingestion's per-batch lookup
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    key: str = Field(max_length=64)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    name: str = Field(max_length=200)
    event_type: str = Field(max_length=64)
    sum: str | None = Field(default=None, max_length=2000)
    target: int = Field(sa_column=Column(BigInteger, nullable=False))
    period: str = Field(max_length=16)
    starts_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    ends_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    team_attribute: str | None = Field(default=None, max_length=64)
    segment: str | None = Field(default=None, max_length=64)
    points: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    badge: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))

    def body(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "event_type": self.event_type,
            "sum": self.sum,
            "target": self.target,
            "period": self.period,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "team_attribute": self.team_attribute,
            "segment": self.segment,
            "points": self.points,
            "badge": self.badge,
        }


class GoalProgress(SQLModel, table=True):
    """How far one team (or one member, for a quota) got towards a goal in one period; `reached_at` is set once,
    by the transaction whose event reached the target, which is the one that pays the reward."""

    __tablename__ = "goal_progress"

    goal_id: int = Field(sa_column=Column(BigInteger, ForeignKey("goals.id"), primary_key=True))
    period: str = Field(sa_column=Column(String(32), primary_key=True))
    team: str = Field(sa_column=Column(String(128), primary_key=True))
    tenant_id: str = Field(max_length=40)
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    reached_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
