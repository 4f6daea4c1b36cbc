"""Raffles: created with a published commitment, tickets from events, a draw anyone can re-check."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, status
from pydantic import BaseModel
from sqlmodel import Session

from api.deps import Admin, Reader, State
from api.schemas import EventType, Key, Name
from core.db import run_in_transaction, unit_of_work
from core.strict import DateTime, StrictInput
from loyalty.service import RaffleView, create_raffle, draw_raffle, get_raffle, raffle_tickets, raffle_view

router = APIRouter(prefix="/v1/raffles", tags=["raffles"])
KeyPath = Annotated[str, Path(min_length=1, max_length=64)]


class RaffleIn(StrictInput):
    key: Key
    name: Name
    ticket_event_type: EventType
    starts_at: DateTime | None = None
    ends_at: DateTime | None = None
    program: Key | None = None


class RaffleOut(BaseModel):
    key: str
    name: str
    ticket_event_type: str
    commitment: str
    starts_at: datetime
    ends_at: datetime | None
    status: str
    seed: str | None
    tickets: int | None
    winner: str | None
    winning_ticket: str | None
    drawn_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, view: RaffleView) -> "RaffleOut":
        return cls(**vars(view))


class TicketOut(BaseModel):
    event_id: str
    member: str


@router.post("", status_code=status.HTTP_201_CREATED)
def post_raffle(body: RaffleIn, principal: Admin, state: State) -> RaffleOut:
    """201 with `commitment` = sha256 of the secret seed; a taken key is a 409."""

    def work(session: Session) -> RaffleView:
        raffle = create_raffle(
            session,
            principal.tenant_id,
            key=body.key,
            name=body.name,
            ticket_event_type=body.ticket_event_type,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            program=body.program,
        )
        return raffle_view(session, raffle)

    return RaffleOut.of(run_in_transaction(state.engine, work))


@router.get("/{key}")
def get_one_raffle(key: KeyPath, principal: Reader, state: State) -> RaffleOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return RaffleOut.of(raffle_view(session, get_raffle(session, principal.tenant_id, key)))


@router.get("/{key}/tickets")
def get_tickets(key: KeyPath, principal: Reader, state: State) -> list[TicketOut]:
    """The tickets in draw order (event ids by code point): the list the winner is derived from."""
    with unit_of_work(state.engine, read_only=True) as session:
        return [TicketOut(**vars(t)) for t in raffle_tickets(session, principal.tenant_id, key)]


@router.post("/{key}/draw")
def draw(key: KeyPath, principal: Admin, state: State) -> RaffleOut:
    """Draw the winner and reveal the seed; drawing again returns the same result. 409 without tickets."""
    return RaffleOut.of(
        run_in_transaction(state.engine, lambda s: raffle_view(s, draw_raffle(s, principal.tenant_id, key)))
    )
