"""Coalition partners and their settlement: who owes whom for a period, from the ledger."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel

from api.deps import Admin, Reader, State
from api.schemas import Key, Name
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput
from core.strict import DateTime, StrictInput
from loyalty.models import Partner
from loyalty.service import Settlement, create_partner, get_partner, settlement

router = APIRouter(prefix="/v1/partners", tags=["partners"])
KeyPath = Annotated[str, Path(min_length=1, max_length=64)]


class PartnerIn(StrictInput):
    key: Key
    name: Name
    program: Key | None = None


class PartnerOut(BaseModel):
    key: str
    name: str
    created_at: datetime

    @classmethod
    def of(cls, partner: Partner) -> "PartnerOut":
        return cls.model_validate(partner, from_attributes=True)


class SettlementOut(BaseModel):
    partner: str
    start: datetime | None
    end: datetime | None
    earned: int
    redeemed: int
    net: int
    owes: str | None
    amount: int

    @classmethod
    def of(cls, view: Settlement) -> "SettlementOut":
        return cls(**vars(view))


@router.post("", status_code=status.HTTP_201_CREATED)
def post_partner(body: PartnerIn, principal: Admin, state: State, response: Response) -> PartnerOut:
    """201 with the partner; the same body again is a 200, another body under a taken key a 409."""
    partner, created = run_in_transaction(
        state.engine, lambda s: create_partner(s, principal.tenant_id, body.key, body.name, body.program)
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return PartnerOut.of(partner)


@router.get("/{key}")
def get_one_partner(key: KeyPath, principal: Reader, state: State) -> PartnerOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return PartnerOut.of(get_partner(session, principal.tenant_id, key))


@router.get("/{key}/settlement")
def get_settlement(
    key: KeyPath,
    principal: Reader,
    state: State,
    start: Annotated[DateTime | None, Query(alias="from", description="Inclusive; all time when omitted.")] = None,
    end: Annotated[DateTime | None, Query(alias="to", description="Exclusive; now when omitted.")] = None,
) -> SettlementOut:
    """Points the partner funded (`earned`) and is owed (`redeemed`) in the period; `owes` says who pays `amount`."""
    if start is not None and end is not None and end <= start:
        raise InvalidInput("`to` must be after `from`", field="to")
    with unit_of_work(state.engine, read_only=True) as session:
        return SettlementOut.of(settlement(session, principal.tenant_id, key, start=start, end=end))
