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
    op.create_table(
        "pass_types",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("program_id", sa.BigInteger(), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uses", sa.BigInteger(), nullable=True),
        sa.Column("valid_days", sa.BigInteger(), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "key", name="uq_pass_types_tenant_key"),
    )
    op.create_table(
        "passes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("pass_type_id", sa.BigInteger(), sa.ForeignKey("pass_types.id"), nullable=False),
        sa.Column("member_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.Column("uses", sa.BigInteger(), nullable=True),
        sa.Column("used", sa.BigInteger(), nullable=False),
        sa.Column("valid_from", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_until", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("issued_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "reference", name="uq_passes_tenant_reference"),
    )
    op.create_index("ix_passes_member", "passes", ["tenant_id", "member_id"])
    op.create_table(
        "pass_uses",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("pass_id", sa.String(length=40), sa.ForeignKey("passes.id"), nullable=False),
        sa.Column("use_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("used", sa.BigInteger(), nullable=False),
        sa.Column("used_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pass_id", "use_id", name="uq_pass_uses_pass_use"),
    )
    op.create_table(
        "subscription_plans",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("program_id", sa.BigInteger(), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=True),
        sa.Column("multiplier", sa.Float(), nullable=False),
        sa.Column("free_rewards", sa.Integer(), nullable=False),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "key", name="uq_subscription_plans_tenant_key"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("plan_id", sa.BigInteger(), sa.ForeignKey("subscription_plans.id"), nullable=False),
        sa.Column("member_id", sa.BigInteger(), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("period_start", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("period_end", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("free_used", sa.Integer(), nullable=False),
        sa.Column("free_period", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("started_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "member_id", name="uq_subscriptions_plan_member"),
    )
    op.create_index("ix_subscriptions_due", "subscriptions", ["status", "period_end"])
    op.create_index("ix_subscriptions_member", "subscriptions", ["tenant_id", "member_id"])
    op.create_table(
        "subscription_payments",
        sa.Column("id", BigIntPK, autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("subscription_id", sa.String(length=40), sa.ForeignKey("subscriptions.id"), nullable=False),
        sa.Column("payment_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("period_start", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("period_end", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subscription_id", "payment_id", name="uq_subscription_payments_payment"),
    )


def downgrade() -> None:
    for table in ("subscription_payments", "subscriptions", "subscription_plans", "pass_uses", "passes", "pass_types"):
        op.drop_table(table)
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
