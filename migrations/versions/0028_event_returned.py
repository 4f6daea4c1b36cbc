"""events.returned and events.amount_returned: what returns took of an event, for the counts read from the log

Revision ID: 0028
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("returned", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("amount_returned", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("amount_returned")
        batch.drop_column("returned")
