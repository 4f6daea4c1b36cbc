"""Program statistics and the members export (CSV) for accounting systems."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from achievements.segments import segment_sizes
from api.deps import Reader, State
from api.schemas import EventType, Key
from core.db import unit_of_work
from loyalty.service import members_csv, program_stats
from wallets.programs import resolve_program

router = APIRouter(prefix="/v1", tags=["stats"])
ProgramQuery = Annotated[Key | None, Query(description="Program key; `default` when omitted.")]


class StatsOut(BaseModel):
    program: str
    members: int
    active_30d: int
    repeat_rate: float
    redemption_rate: float
    liability: int
    liability_tokens: str | None
    points_issued: int
    points_redeemed: int
    segments: dict[str, int] = {}


@router.get("/stats")
def get_stats(
    principal: Reader,
    state: State,
    program: ProgramQuery = None,
    repeat_event_type: Annotated[EventType, Query(description="The event type `repeat_rate` counts.")] = "purchase",
) -> StatsOut:
    with unit_of_work(state.engine) as session:  # may create the `default` program on a new tenant
        stats = program_stats(session, principal.tenant_id, program, repeat_event_type=repeat_event_type)
        sizes = segment_sizes(session, principal.tenant_id, program)
    return StatsOut(**vars(stats), segments=sizes)


@router.get("/export/members.csv", response_class=StreamingResponse)
def export_members(principal: Reader, state: State, program: ProgramQuery = None) -> StreamingResponse:
    """external_id, display_name, available, pending, lifetime, xp, level, badges (`;`-separated), created_at."""
    with unit_of_work(state.engine) as session:  # fail before streaming when the program is unknown
        resolve_program(session, principal.tenant_id, program)
    chunks = members_csv(lambda: unit_of_work(state.engine, read_only=True), principal.tenant_id, program)
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="members.csv"'},
    )
