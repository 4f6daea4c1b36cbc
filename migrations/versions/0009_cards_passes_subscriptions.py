"""cards, passes, subscriptions: several cards per member, passes (season tickets), paid subscription plans

Revision ID: 0009
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigIntPK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "member_cards",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("member_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("replaced_by", sa.String(length=32), nullable=True),
        sa.Column("issued_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("blocked_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", name="uq_member_cards_number"),
    )
    op.create_index("ix_member_cards_member", "member_cards", ["tenant_id", "member_id"])
    op.create_index(
        "uq_member_cards_primary",
        "member_cards",
        ["member_id"],
        unique=True,
        sqlite_where=sa.text("is_primary"),
        postgresql_where=sa.text("is_primary"),
    )
    # Every card issued so far becomes its member's primary virtual card.
    op.execute(
        "INSERT INTO member_cards (tenant_id, member_id, number, kind, status, is_primary, issued_at) "
        "SELECT tenant_id, member_id, number, 'virtual', 'active', true, issued_at FROM cards"
    )
    op.drop_index("ix_cards_tenant_id", table_name="cards")
    op.drop_table("cards")


def downgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("member_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("issued_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("member_id"),
        sa.UniqueConstraint("number", name="uq_cards_number"),
    )
    op.create_index("ix_cards_tenant_id", "cards", ["tenant_id"])
    op.execute(
        "INSERT INTO cards (member_id, tenant_id, number, issued_at) "
        "SELECT member_id, tenant_id, number, issued_at FROM member_cards WHERE is_primary"
    )
    op.drop_table("member_cards")
