"""API keys that expire, rotate with an overlap and record their last use; fixed-window rate-limit counters

Revision ID: 0023
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0023"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("expires_at", core.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column("api_keys", sa.Column("last_used_at", core.types.UTCDateTime(timezone=True), nullable=True))
    op.add_column("api_keys", sa.Column("rotated_to", sa.String(length=40), nullable=True))
    op.add_column("api_keys", sa.Column("rate_limit", sa.Integer(), nullable=True))
    op.create_table(
        "rate_limit_counters",
        sa.Column("bucket", sa.String(length=120), nullable=False),
        sa.Column("window", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("bucket"),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_counters")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("rate_limit")
        batch.drop_column("rotated_to")
        batch.drop_column("last_used_at")
        batch.drop_column("expires_at")
