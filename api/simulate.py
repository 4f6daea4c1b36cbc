"""`POST /v1/simulate`: what a draft campaign would have awarded over past events, and what it would cost."""

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from achievements.definitions import BadgeSpec, Kind, LevelSpec, QuestSpec, RuleSpec, Spec
from achievements.simulate import DEFAULT_GAS_PRICE_GWEI, simulate
from api.deps import Admin, State
from api.schemas import Key
from core.db import unit_of_work
from core.strict import DateTime, DecimalNumber, StrictInput

router = APIRouter(prefix="/v1", tags=["simulation"])


class SimulateIn(StrictInput):
    rules: list[RuleSpec] = Field(default_factory=list, max_length=200)
    badges: list[BadgeSpec] = Field(default_factory=list, max_length=200)
    quests: list[QuestSpec] = Field(default_factory=list, max_length=100)
    levels: list[LevelSpec] = Field(default_factory=list, max_length=100)
    start: DateTime = Field(alias="from")
    end: DateTime = Field(alias="to")
    program: Key | None = None
    with_current: bool = Field(False, description="Also apply today's definitions (drafts replace same keys).")
    gas_price_gwei: DecimalNumber = Field(DEFAULT_GAS_PRICE_GWEI, gt=0, le=10_000)


@router.post("/simulate")
def post_simulate(body: SimulateIn, principal: Admin, state: State) -> dict[str, Any]:
    drafts: list[tuple[Kind, Spec]] = [
        *((Kind.RULE, spec) for spec in body.rules),
        *((Kind.BADGE, spec) for spec in body.badges),
        *((Kind.QUEST, spec) for spec in body.quests),
        *((Kind.LEVEL, spec) for spec in body.levels),
    ]
    with unit_of_work(state.engine, read_only=True) as session:
        return simulate(
            session,
            principal.tenant_id,
            drafts,
            start=body.start,
            end=body.end,
            program=body.program,
            with_current=body.with_current,
            gas_price_gwei=body.gas_price_gwei,
        )
