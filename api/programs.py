"""Programs: read one, and change its engine settings (time zone, experience decay)."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.deps import Admin, Reader, State
from core.db import unit_of_work
from wallets.models import Program
from wallets.programs import resolve_program, update_program_settings

router = APIRouter(prefix="/v1/programs", tags=["programs"])
ProgramPath = Annotated[str, Path(min_length=1, max_length=64)]


class ProgramOut(BaseModel):
    key: str
    name: str
    symbol: str
    decimals: int
    status: str
    settings: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, program: Program) -> "ProgramOut":
        return cls.model_validate(program, from_attributes=True)


class ProgramPatch(BaseModel):
    settings: dict[str, Any] = Field(default_factory=dict)


@router.get("/{key}")
def get_program(key: ProgramPath, principal: Reader, state: State) -> ProgramOut:
    with unit_of_work(state.engine) as session:
        return ProgramOut.of(resolve_program(session, principal.tenant_id, key))


@router.patch("/{key}")
def patch_program(key: ProgramPath, body: ProgramPatch, principal: Admin, state: State) -> ProgramOut:
    with unit_of_work(state.engine) as session:
        return ProgramOut.of(update_program_settings(session, principal.tenant_id, key, body.settings))
