"""anchoring: epochs of anchored balances, their transactions and leaves, members' salts

Revision ID: 0020
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0020"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "anchor_epochs",
        sa.Column("number", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("leaves", sa.Integer(), nullable=False),
        sa.Column("taken_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "anchor_transactions",
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("contract", sa.String(length=64), nullable=False),
        sa.Column("planned_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("reference"),
    )
    op.create_index("ix_anchor_transactions_epoch", "anchor_transactions", ["epoch"], unique=False)
    op.create_table(
        "anchor_leaves",
        sa.Column("epoch", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("leaf", sa.LargeBinary(length=32), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("program_id", sa.BigInteger(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("epoch", "leaf"),
    )
    op.create_index(
        "ix_anchor_leaves_member", "anchor_leaves", ["tenant_id", "member_id", "program_id", "epoch"], unique=False
    )
    op.create_table(
        "anchor_member_salts",
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("member_id"),
    )
    op.create_index("ix_anchor_member_salts_tenant_id", "anchor_member_salts", ["tenant_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_anchor_member_salts_tenant_id", table_name="anchor_member_salts")
    op.drop_table("anchor_member_salts")
    op.drop_index("ix_anchor_leaves_member", table_name="anchor_leaves")
    op.drop_table("anchor_leaves")
    op.drop_index("ix_anchor_transactions_epoch", table_name="anchor_transactions")
    op.drop_table("anchor_transactions")
    op.drop_table("anchor_epochs")
