"""The audit trail: an append-only record of who did what to which object of a tenant, for operators and auditors.

Rows are only ever inserted. `actor` names the caller (an API key id, a console session's key, or `operator`),
`target` the object in its public name, and `detail` what a reader needs to understand the action — never
personal data (an erased member appears under its pseudonym).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index
from sqlmodel import Field, Session, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_tenant_at", "tenant_id", "at"),)

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
