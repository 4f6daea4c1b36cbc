"""program lifecycle and budget: programs.budget, budget_used, closes_at; expiry reminders

Revision ID: 0008
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("budget", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("budget_used", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("closes_at", core.types.UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "expiry_reminders",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("program_id", sa.BigInteger(), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=False),
        sa.Column("expires_on", sa.String(length=10), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "program_id", "account", "expires_on"),
    )


def downgrade() -> None:
    op.drop_table("expiry_reminders")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("closes_at")
        batch.drop_column("budget_used")
        batch.drop_column("budget")
