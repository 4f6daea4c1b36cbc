"""Charity funds fed by members' activity, and their public balance."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field
from sqlmodel import Session

from api.deps import Admin, Reader, State
from api.schemas import EventType, Key, Name
from core.db import run_in_transaction, unit_of_work
from core.strict import StrictInput
from loyalty.service import FundView, create_fund, fund_view, list_funds

router = APIRouter(prefix="/v1/funds", tags=["funds"])
KeyPath = Annotated[str, Path(min_length=1, max_length=64)]


class FundIn(StrictInput):
    key: Key
    name: Name
    event_type: EventType
    per_event: Annotated[int, Field(gt=0, lt=2**31, description="Points each event adds to the fund.")]
    program: Key | None = None


class FundOut(BaseModel):
    key: str
    name: str
    event_type: str
    per_event: int
    events: int
    balance: int
    created_at: datetime

    @classmethod
    def of(cls, view: FundView) -> "FundOut":
        return cls(**vars(view))


@router.post("", status_code=status.HTTP_201_CREATED)
def post_fund(body: FundIn, principal: Admin, state: State, response: Response) -> FundOut:
    """201 with the fund; the same body again is a 200, another body under a taken key a 409."""

    def work(session: Session) -> tuple[FundView, bool]:
        _, created = create_fund(
            session,
            principal.tenant_id,
            key=body.key,
            name=body.name,
            event_type=body.event_type,
            per_event=body.per_event,
            program=body.program,
        )
        return fund_view(session, principal.tenant_id, body.key), created

    view, created = run_in_transaction(state.engine, work)
    if not created:
        response.status_code = status.HTTP_200_OK
    return FundOut.of(view)


@router.get("")
def get_funds(principal: Reader, state: State) -> list[FundOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [FundOut.of(view) for view in list_funds(session, principal.tenant_id)]


@router.get("/{key}")
def get_fund(key: KeyPath, principal: Reader, state: State) -> FundOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return FundOut.of(fund_view(session, principal.tenant_id, key))
