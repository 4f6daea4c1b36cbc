"""event_reversals: returns of events, whole or in part

Revision ID: 0021
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0021"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_reversals",
        sa.Column("pk", core.types.BigIntPK, autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("reversal_id", sa.String(length=128), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("program_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("properties", core.types.JsonColumn, nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("effects", core.types.JsonColumn, nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("tenant_id", "reversal_id", name="uq_event_reversals_id"),
    )
    op.create_index("ix_event_reversals_event", "event_reversals", ["tenant_id", "event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_reversals_event", table_name="event_reversals")
    op.drop_table("event_reversals")
