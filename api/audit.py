"""The audit log: who changed what, newest first (admin API key)."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import Admin, State
from core.audit import AuditEntry, entries
from core.db import unit_of_work
from core.strict import DateTime, QueryInt

router = APIRouter(prefix="/v1/audit", tags=["audit"])


class AuditOut(BaseModel):
    id: int
    actor: str = Field(description="`key:<id>` (an API key), `staff:<id>` (a console user) or `operator`.")
    action: str = Field(description="A named action (`member.erase`) or the method and route called.")
    target: str
    detail: dict[str, Any]
    at: datetime

    @classmethod
    def of(cls, entry: AuditEntry) -> "AuditOut":
        assert entry.id is not None
        return cls(
            id=entry.id, actor=entry.actor, action=entry.action, target=entry.target, detail=entry.detail, at=entry.at
        )


def _utc(moment: datetime | None) -> datetime | None:
    """An instant without an offset is read as UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class AuditPage(BaseModel):
    items: list[AuditOut]
    next_before: int | None = Field(description="Pass as `before` for the next (older) page; null on the last.")


@router.get("", summary="The audit log, newest first, paginated with ?before=")
def get_audit(
    principal: Admin,
    state: State,
    limit: Annotated[QueryInt, Query(ge=1, le=500)] = 50,
    before: Annotated[QueryInt | None, Query(ge=1, description="Cursor: `next_before` of the previous page.")] = None,
    actor: Annotated[str | None, Query(max_length=80)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    target: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[DateTime | None, Query(description="Entries at or after this instant.")] = None,
    until: Annotated[DateTime | None, Query(description="Entries before this instant.")] = None,
) -> AuditPage:
    with unit_of_work(state.engine, read_only=True) as session:
        rows = entries(
            session,
            principal.tenant_id,
            limit=limit,
            before=before,
            actor=actor,
            action=action,
            target=target,
            since=_utc(since),
            until=_utc(until),
        )
        items = [AuditOut.of(row) for row in rows]
    return AuditPage(items=items, next_before=items[-1].id if len(items) == limit else None)
