"""scale out: cache stamps read by every API process, and events acknowledged before evaluation

Revision ID: 0014
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import core.types

revision: str = "0014"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "cache_stamps",
        sa.Column("scope", sa.String(length=80), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )
    op.create_table(
        "pending_events",
        sa.Column("pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_until", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.BigInteger(), nullable=False),
        sa.Column("error", JSON, nullable=True),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("tenant_id", "event_id", name="uq_pending_events_tenant_event"),
    )
    op.create_index("ix_pending_events_lease", "pending_events", ["lease_until"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_pending_events_lease", table_name="pending_events")
    op.drop_table("pending_events")
    op.drop_table("cache_stamps")
