"""Leaderboard standings: top N for a period (and scope), and a member's own rank."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from achievements.service import leaderboard
from api.deps import Reader, State
from api.schemas import ExternalId, Key
from core.db import unit_of_work
from core.strict import QueryInt

router = APIRouter(prefix="/v1/leaderboards", tags=["leaderboards"])


class StandingOut(BaseModel):
    member: str
    score: int
    rank: int


class LeaderboardOut(BaseModel):
    key: str
    name: str
    metric: str
    period: str
    scope: str | None
    source: str
    as_of: datetime
    top: list[StandingOut]
    member: StandingOut | None


@router.get("/{key}")
def get_leaderboard(
    key: Annotated[str, Path(min_length=1, max_length=64)],
    principal: Reader,
    state: State,
    period: Literal["all", "day", "week", "month", "year"] = "all",
    scope: Annotated[str | None, Query(max_length=128, description="The scope value, e.g. a city.")] = None,
    limit: Annotated[QueryInt, Query(ge=1, le=1000)] = 10,
    member: Annotated[ExternalId | None, Query(description="Also give this member's rank.")] = None,
    program: Annotated[Key | None, Query()] = None,
) -> LeaderboardOut:
    with unit_of_work(state.engine, read_only=True) as session:
        view = leaderboard(
            session,
            principal.tenant_id,
            key,
            period=period,
            scope=scope,
            limit=limit,
            member=member,
            program=program,
            redis=state.redis,
            redis_prefix=state.settings.redis_prefix,
        )
    return LeaderboardOut(
        key=view.key,
        name=view.name,
        metric=view.metric,
        period=view.period,
        scope=view.scope,
        source=view.source,
        as_of=datetime.now().astimezone(),
        top=[StandingOut(member=s.member, score=s.score, rank=s.rank) for s in view.top],
        member=StandingOut(member=view.member.member, score=view.member.score, rank=view.member.rank)
        if view.member
        else None,
    )
