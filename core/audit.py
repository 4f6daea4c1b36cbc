"""The audit trail: an append-only record of who did what to which object of a tenant, for operators and auditors.

Rows are only ever inserted: nothing here updates or deletes them, and `GET /v1/audit` only reads. `actor` names
the caller (`key:<id>` for an API key, `staff:<id>` for a console user, or `operator`),
`target` the object in its public name, and `detail` what a reader needs to understand the action — never
personal data (an erased member appears under its pseudonym).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, select
from sqlmodel import Field, Session, SQLModel, col

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_tenant_at", "tenant_id", "at"),
        Index("ix_audit_log_tenant_entry", "tenant_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    actor: str = Field(max_length=80)
    action: str = Field(max_length=64)
    target: str = Field(max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


def record(session: Session, tenant_id: str, actor: str, action: str, target: str, **detail: Any) -> AuditEntry:
    """Append one entry in the caller's transaction: the action and its record commit or vanish together."""
    entry = AuditEntry(tenant_id=tenant_id, actor=actor, action=action, target=target, detail=detail)
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session,
    tenant_id: str,
    *,
    limit: int,
    before: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """The tenant's entries, newest first; `before` is the id of the last entry of the previous page."""
    query = select(AuditEntry).where(col(AuditEntry.tenant_id) == tenant_id)
    for column, value in ((AuditEntry.actor, actor), (AuditEntry.action, action), (AuditEntry.target, target)):
        if value is not None:
            query = query.where(col(column) == value)
    if before is not None:
        query = query.where(col(AuditEntry.id) < before)
    if since is not None:
        query = query.where(col(AuditEntry.at) >= since)
    if until is not None:
        query = query.where(col(AuditEntry.at) < until)
    return list(session.scalars(query.order_by(col(AuditEntry.id).desc()).limit(limit)))
