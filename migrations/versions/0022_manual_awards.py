"""manual awards: points, badges and streak freezes given or taken by hand, with who and why; reward items
that are streak freezes

Revision ID: 0022
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0022"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "manual_awards",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("program_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("award_id", sa.String(length=128), nullable=True),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("badge", sa.String(length=64), nullable=True),
        sa.Column("freezes", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("transaction_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "kind", "award_id", name="uq_manual_awards_id"),
    )
    op.create_index("ix_manual_awards_member", "manual_awards", ["tenant_id", "member_id", "id"], unique=False)
    with op.batch_alter_table("rewards") as batch:
        batch.add_column(sa.Column("streak_freezes", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("rewards") as batch:
        batch.drop_column("streak_freezes")
    op.drop_index("ix_manual_awards_member", table_name="manual_awards")
    op.drop_table("manual_awards")
