"""people: transfers, recognitions, goals and their kept progress

Revision ID: 0018
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import core.types

revision: str = "0018"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("transfer_id", sa.String(length=128), nullable=False),
        sa.Column("program_id", sa.BigInteger(), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("sender_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("receiver_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "transfer_id", name="uq_transfers_tenant_id"),
    )
    op.create_index("ix_transfers_sender", "transfers", ["tenant_id", "program_id", "sender_id", "created_at"])
    op.create_index("ix_transfers_receiver", "transfers", ["tenant_id", "program_id", "receiver_id", "created_at"])
    op.create_table(
        "recognitions",
        sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("recognition_id", sa.String(length=100), nullable=False),
        sa.Column("program_id", sa.BigInteger(), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("giver_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("receiver_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("values", JSON, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("tenant_id", "recognition_id", name="uq_recognitions_tenant_id"),
    )
    op.create_index("ix_recognitions_giver", "recognitions", ["tenant_id", "program_id", "giver_id", "month"])
    op.create_index("ix_recognitions_receiver", "recognitions", ["tenant_id", "program_id", "receiver_id", "month"])
    op.create_table(
        "goals",
        sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("program_id", sa.BigInteger(), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("sum", sa.String(length=2000), nullable=True),
        sa.Column("target", sa.BigInteger(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("team_attribute", sa.String(length=64), nullable=True),
        sa.Column("segment", sa.String(length=64), nullable=True),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "key", name="uq_goals_tenant_key"),
    )
    op.create_index("ix_goals_event_type", "goals", ["tenant_id", "program_id", "event_type"])
    op.create_table(
        "goal_progress",
        sa.Column("goal_id", sa.BigInteger(), sa.ForeignKey("goals.id"), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("team", sa.String(length=128), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("reached_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("goal_id", "period", "team"),
    )


def downgrade() -> None:
    op.drop_table("goal_progress")
    op.drop_index("ix_goals_event_type", table_name="goals")
    op.drop_table("goals")
    op.drop_index("ix_recognitions_receiver", table_name="recognitions")
    op.drop_index("ix_recognitions_giver", table_name="recognitions")
    op.drop_table("recognitions")
    op.drop_index("ix_transfers_receiver", table_name="transfers")
    op.drop_index("ix_transfers_sender", table_name="transfers")
    op.drop_table("transfers")
