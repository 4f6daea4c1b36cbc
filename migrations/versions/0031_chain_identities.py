"""chain_identities: the genesis block of each chain Laurel confirmed transactions on

Revision ID: 0031
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa

import core.types
from alembic import op

revision: str = "0031"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chain_identities",
        sa.Column("chain", sa.String(16), primary_key=True),
        sa.Column("genesis_hash", sa.String(80), nullable=False),
        sa.Column("recorded_at", core.types.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("chain_identities")
