"""Who is in a segment, computed on demand (`POST /v1/segments` and the versions live with the definitions)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from achievements.segments import segment_members
from api.deps import Reader, State
from api.schemas import Key
from core.db import unit_of_work

router = APIRouter(prefix="/v1/segments", tags=["definitions"])


class SegmentMemberOut(BaseModel):
    external_id: str
    points: int
    level: str | None


class SegmentMembersPage(BaseModel):
    key: str
    items: list[SegmentMemberOut]
    next_after: int | None
    scanned: int


@router.get("/{key}/members", summary="Members in a segment, a page at a time (computed on demand: a scan)")
def get_segment_members(
    key: Annotated[str, Path(min_length=1, max_length=64)],
    principal: Reader,
    state: State,
    program: Annotated[Key | None, Query(description="Program key; `default` when omitted.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: Annotated[int | None, Query(ge=0, description="Cursor: `next_after` of the previous page.")] = None,
) -> SegmentMembersPage:
    with unit_of_work(state.engine, read_only=True) as session:
        page = segment_members(session, principal.tenant_id, key, program=program, after=after, limit=limit)
    return SegmentMembersPage(
        key=page.key,
        items=[SegmentMemberOut(**vars(item)) for item in page.items],
        next_after=page.next_after,
        scanned=page.scanned,
    )
