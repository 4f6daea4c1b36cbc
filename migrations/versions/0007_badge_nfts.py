"""badge nfts

Revision ID: 0007
Revises: 0001
Create Date: 2026-11-26 16:28:04.671264
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


import core.types

revision: str = "0007"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "badge_mints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("badge", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("token_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("chain", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "member_id", "badge", "chain", name="uq_badge_mints_once"),
    )
    with op.batch_alter_table("badge_mints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_badge_mints_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_badge_mints_chain_status", ["chain", "status", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("badge_mints", schema=None) as batch_op:
        batch_op.drop_index("ix_badge_mints_chain_status")
        batch_op.drop_index(batch_op.f("ix_badge_mints_batch_id"))

    op.drop_table("badge_mints")
