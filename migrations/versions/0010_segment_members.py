"""segment_members: segment membership kept for fast lookup

Revision ID: 0010
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "segment_members",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("segment", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("program_id", sa.BigInteger(), nullable=False),
        sa.Column("since", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "segment", "member_id"),
    )
    op.create_index("ix_segment_members_member", "segment_members", ["program_id", "member_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_segment_members_member", table_name="segment_members")
    op.drop_table("segment_members")
