"""payouts and the chain transaction pipeline

Revision ID: 0003
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigIntPK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "chain_transactions",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("to_address", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.BigInteger(), nullable=True),
        sa.Column("gas_limit", sa.BigInteger(), nullable=True),
        sa.Column("max_fee", sa.BigInteger(), nullable=True),
        sa.Column("max_priority_fee", sa.BigInteger(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("tx_hash", sa.String(length=80), nullable=True),
        sa.Column("replaces_id", sa.BigInteger(), nullable=True),
        sa.Column("succeeded", sa.Boolean(), nullable=True),
        sa.Column("block_number", sa.BigInteger(), nullable=True),
        sa.Column("block_hash", sa.String(length=80), nullable=True),
        sa.Column("gas_used", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("broadcast_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chain_tx_due", "chain_transactions", ["chain", "status", "due_at"])
    op.create_index("ix_chain_tx_sender_nonce", "chain_transactions", ["chain", "sender", "nonce"])
    op.create_index("ix_chain_transactions_reference", "chain_transactions", ["reference"])
    op.create_index("ix_chain_transactions_tx_hash", "chain_transactions", ["tx_hash"])

    op.create_table(
        "chain_senders",
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("next_nonce", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("chain", "address"),
    )

    op.create_table(
        "payouts",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("program_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("to_address", sa.String(length=64), nullable=False),
        sa.Column("custodial", sa.Boolean(), nullable=False),
        sa.Column("token_address", sa.String(length=64), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("token_amount", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.String(length=40), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_payouts_idempotency"),
    )
    op.create_index("ix_payouts_chain_status", "payouts", ["chain", "status", "created_at"])
    op.create_index("ix_payouts_member_time", "payouts", ["tenant_id", "member_id", "created_at"])
    op.create_index("ix_payouts_batch_id", "payouts", ["batch_id"])


def downgrade() -> None:
    op.drop_table("payouts")
    op.drop_table("chain_senders")
    op.drop_table("chain_transactions")
