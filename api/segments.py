"""Who is in a segment, read from the kept membership (`POST /v1/segments` and the versions live with the
definitions); the back-fill that follows saving a segment."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from api.deps import AppState, Reader, State
from api.schemas import Key
from core.db import unit_of_work
from core.strict import QueryInt
from targeting.segments import INLINE_BACKFILL_MEMBERS, refresh_segments, segment_members
from worker.tasks import nudge_segments, nudge_webhooks

router = APIRouter(prefix="/v1/segments", tags=["definitions"])


class SegmentMemberOut(BaseModel):
    external_id: str
    points: int
    level: str | None
    since: datetime


class SegmentMembersPage(BaseModel):
    key: str
    items: list[SegmentMemberOut]
    next_after: int | None


@router.get("/{key}/members", summary="Members in a segment, a page at a time (in member order; a stable cursor)")
def get_segment_members(
    key: Annotated[str, Path(min_length=1, max_length=64)],
    principal: Reader,
    state: State,
    program: Annotated[Key | None, Query(description="Program key; the segment's own when omitted.")] = None,
    limit: Annotated[QueryInt, Query(ge=1, le=1000)] = 100,
    after: Annotated[QueryInt | None, Query(ge=0, description="Cursor: `next_after` of the previous page.")] = None,
) -> SegmentMembersPage:
    with unit_of_work(state.engine, read_only=True) as session:
        page = segment_members(session, principal.tenant_id, key, program=program, after=after, limit=limit)
    return SegmentMembersPage(
        key=page.key, items=[SegmentMemberOut(**vars(item)) for item in page.items], next_after=page.next_after
    )


def backfill_segments(state: AppState, tenant_id: str) -> None:
    """After a segment is saved: a small tenant is back-filled before the answer, a large one by the worker."""
    report = refresh_segments(state.engine, tenant_id, datetime.now(UTC), max_members=INLINE_BACKFILL_MEMBERS)
    if state.queue is None:
        return
    if report is None:
        nudge_segments(state.queue, tenant_id)
    elif report.deliveries:
        nudge_webhooks(state.queue, report.deliveries)
