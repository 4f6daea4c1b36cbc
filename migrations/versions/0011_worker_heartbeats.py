"""worker_heartbeats: each worker's last sign of life and what it found on the chains

Revision ID: 0011_heartbeats
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import core.types

revision: str = "0011_heartbeats"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("started_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "chains", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("worker"),
    )


def downgrade() -> None:
    op.drop_table("worker_heartbeats")
