"""staff_users (console accounts per tenant, with a role and a session version); audit_log made append-only by
triggers that refuse UPDATE and DELETE

Revision ID: 0025
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0025"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERBS = ("UPDATE", "DELETE")


def _postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("invited_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("removed_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_users_tenant_id", "staff_users", ["tenant_id"])
    op.create_index("ix_staff_users_email", "staff_users", ["email"])
    op.create_index("ix_audit_log_tenant_entry", "audit_log", ["tenant_id", "id"])
    if _postgres():
        op.execute(
            "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        for verb in _VERBS:
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
            )
    else:
        for verb in _VERBS:
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    for verb in _VERBS:
        op.execute(f"DROP TRIGGER audit_log_no_{verb.lower()}" + (" ON audit_log" if _postgres() else ""))
    if _postgres():
        op.execute("DROP FUNCTION audit_log_refuse()")
    op.drop_index("ix_audit_log_tenant_entry", table_name="audit_log")
    op.drop_index("ix_staff_users_email", table_name="staff_users")
    op.drop_index("ix_staff_users_tenant_id", table_name="staff_users")
    op.drop_table("staff_users")
