"""Programs: create, list, read; change names, budget, settings and the lifecycle status."""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field, StringConstraints

from api.deps import Admin, Reader, State
from api.schemas import JsonObject, Key, Name
from core.db import unit_of_work
from core.strict import DateTime, StrictInput
from loyalty.lifecycle import set_program_status
from wallets.models import Program
from wallets.programs import ProgramSpec, create_program, list_programs, resolve_program, update_program
from worker.tasks import nudge_webhooks

router = APIRouter(prefix="/v1/programs", tags=["programs"])
ProgramPath = Annotated[str, Path(min_length=1, max_length=64)]
Symbol = Annotated[str, StringConstraints(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9._-]+$")]
Decimals = Annotated[int, Field(ge=0, le=18)]
# Below 2**53: the document states bounds as JSON numbers (doubles), and clients in JavaScript count in them too.
Budget = Annotated[int, Field(ge=0, lt=2**53)]
Status = Literal["draft", "active", "closing", "closed"]


class BudgetOut(BaseModel):
    limit: int
    used: int
    remaining: int


class ProgramOut(BaseModel):
    key: str
    name: str
    symbol: str
    decimals: int
    status: str
    settings: dict[str, Any]
    created_at: datetime
    closes_at: datetime | None
    budget: BudgetOut | None

    @classmethod
    def of(cls, program: Program) -> "ProgramOut":
        budget = None
        if program.budget is not None:
            used = program.budget_used
            budget = BudgetOut(limit=program.budget, used=used, remaining=max(0, program.budget - used))
        return cls(
            key=program.key,
            name=program.name,
            symbol=program.symbol,
            decimals=program.decimals,
            status=program.status,
            settings=program.settings,
            created_at=program.created_at,
            closes_at=program.closes_at,
            budget=budget,
        )


class ProgramIn(StrictInput):
    key: Key
    name: Name
    symbol: Symbol = "PTS"
    decimals: Decimals = 0
    status: Literal["draft", "active"] = "draft"
    budget: Budget | None = Field(default=None, description="Most points the program may ever issue; null: no cap.")
    settings: JsonObject = Field(default_factory=dict)


class ProgramPatch(StrictInput):
    name: Name | None = None
    symbol: Symbol | None = None
    decimals: Decimals | None = None
    budget: Budget | None = None
    settings: JsonObject | None = None
    status: Status | None = None
    closes_at: DateTime | None = Field(default=None, description="End of the redemption window (closing).")


@router.post("", status_code=status.HTTP_201_CREATED)
def post_program(body: ProgramIn, principal: Admin, state: State, response: Response) -> ProgramOut:
    with unit_of_work(state.engine) as session:
        program, created = create_program(session, principal.tenant_id, ProgramSpec(**body.model_dump()))
        if not created:
            response.status_code = status.HTTP_200_OK
        return ProgramOut.of(program)


@router.get("")
def get_programs(principal: Reader, state: State) -> list[ProgramOut]:
    with unit_of_work(state.engine) as session:  # may create the `default` program on a new tenant
        return [ProgramOut.of(p) for p in list_programs(session, principal.tenant_id)]


@router.get("/{key}")
def get_program(key: ProgramPath, principal: Reader, state: State) -> ProgramOut:
    with unit_of_work(state.engine) as session:
        return ProgramOut.of(resolve_program(session, principal.tenant_id, key))


@router.patch("/{key}")
def patch_program(key: ProgramPath, body: ProgramPatch, principal: Admin, state: State) -> ProgramOut:
    """Fields given are changed (`budget: null` lifts the cap); `status` moves along the lifecycle."""
    changes = {name: getattr(body, name) for name in body.model_fields_set - {"status", "closes_at"}}
    for name in ("name", "symbol", "decimals", "settings"):
        if name in changes and changes[name] is None:
            del changes[name]
    with unit_of_work(state.engine) as session:
        update_program(session, principal.tenant_id, key, changes)
    if body.status is not None or body.closes_at is not None:
        with unit_of_work(state.engine, read_only=True) as session:
            current = resolve_program(session, principal.tenant_id, key).status
        report = set_program_status(
            state.engine,
            principal.tenant_id,
            key,
            body.status or current,
            closes_at=body.closes_at,
            now=datetime.now(UTC),
        )
        if report.deliveries and state.queue is not None:
            nudge_webhooks(state.queue, report.deliveries)
    with unit_of_work(state.engine, read_only=True) as session:
        return ProgramOut.of(resolve_program(session, principal.tenant_id, key))
