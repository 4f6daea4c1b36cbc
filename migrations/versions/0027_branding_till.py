"""branding, announcements, and idempotent actions (the till's redeemed rewards and promo codes)

Revision ID: 0027
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import core.types

revision: str = "0027"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "brandings",
        sa.Column("tenant_id", sa.String(length=40), sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("colors", JSON, nullable=False),
        sa.Column("logo", sa.Text(), nullable=True),
        sa.Column("cover", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("contacts", JSON, nullable=False),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "announcements",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("tenant_id", sa.String(length=40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("starts_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_announcements_tenant_starts", "announcements", ["tenant_id", "starts_at"])
    op.create_table(
        "idempotent_actions",
        sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("answer", JSON, nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "key", name="uq_idempotent_actions_tenant_key"),
    )


def downgrade() -> None:
    op.drop_table("idempotent_actions")
    op.drop_index("ix_announcements_tenant_starts", table_name="announcements")
    op.drop_table("announcements")
    op.drop_table("brandings")
