"""Program statistics and the members export (CSV) for accounting systems."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from api.deps import Reader, State
from api.schemas import EventType, Key
from core.db import unit_of_work
from core.errors import InvalidInput
from core.strict import DateTime
from loyalty.service import members_csv, postings_csv, program_stats
from targeting.segments import segment_sizes
from wallets.programs import resolve_program

router = APIRouter(prefix="/v1", tags=["stats"])
ProgramQuery = Annotated[Key | None, Query(description="Program key; `default` when omitted.")]


class PeriodOut(BaseModel):
    start: datetime = Field(serialization_alias="from")
    end: datetime = Field(serialization_alias="to")
    points_issued: int
    points_redeemed: int
    points_expired: int
    events: int
    active_members: int
    new_members: int


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
    points_expired: int
    period: PeriodOut
    segments: dict[str, int] = {}


@router.get("/stats")
def get_stats(
    principal: Reader,
    state: State,
    program: ProgramQuery = None,
    repeat_event_type: Annotated[EventType, Query(description="The event type `repeat_rate` counts.")] = "purchase",
    start: Annotated[DateTime | None, Query(alias="from", description="Period start (default: to - 30 days).")] = None,
    end: Annotated[DateTime | None, Query(alias="to", description="Period end, exclusive (default: now).")] = None,
) -> StatsOut:
    if start is not None and end is not None and start >= end:
        raise InvalidInput("from must be before to", field="from")
    with unit_of_work(state.engine) as session:  # may create the `default` program on a new tenant
        stats = program_stats(
            session, principal.tenant_id, program, repeat_event_type=repeat_event_type, start=start, end=end
        )
        sizes = segment_sizes(session, principal.tenant_id, program)
    return StatsOut(**vars(stats) | {"period": PeriodOut(**vars(stats.period))}, segments=sizes)


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


@router.get("/export/postings.csv", response_class=StreamingResponse)
def export_postings(
    principal: Reader,
    state: State,
    program: Annotated[Key | None, Query(description="Program key; every program when omitted.")] = None,
    start: Annotated[DateTime | None, Query(alias="from", description="Postings dated from (inclusive).")] = None,
    end: Annotated[DateTime | None, Query(alias="to", description="Postings dated before (exclusive).")] = None,
) -> StreamingResponse:
    """transaction_id, posted_at, program, currency, kind, account, debit, credit, amount (signed), idempotency_key,
    event_id, memo: one line per ledger posting; each transaction's lines sum to zero."""
    if start is not None and end is not None and start >= end:
        raise InvalidInput("from must be before to", field="from")
    if program is not None:
        with unit_of_work(state.engine) as session:  # fail before streaming when the program is unknown
            resolve_program(session, principal.tenant_id, program)
    chunks = postings_csv(lambda: unit_of_work(state.engine, read_only=True), principal.tenant_id, program, start, end)
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="postings.csv"'},
    )
