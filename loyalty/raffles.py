"""Raffles with a provably fair draw (commit and reveal).

At creation a random 32-byte seed is drawn and only its commitment, `sha256(seed)` over the seed's raw bytes, is
published. Every `ticket_event_type` event of the raffle's program with `starts_at <= occurred_at < ends_at` is
one ticket (a member with more events holds more tickets). At the draw the seed is revealed and

    tickets = the tickets' event ids, sorted by Unicode code point
    digest  = sha256(seed_hex + "\\n" + "\\n".join(tickets))         (UTF-8; seed_hex is the 64 lower-case hex digits)
    winner  = tickets[int(digest, 16) % len(tickets)]

so anyone holding the ticket list (`GET /v1/raffles/{key}/tickets`) can check both the commitment and the winner.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from achievements.models import Event, EventReversal
from core.errors import Conflict, InvalidInput, NotFound
from core.tenancy import Member
from core.types import utcnow
from loyalty.errors import RaffleConflict
from loyalty.models import Raffle
from wallets.programs import resolve_program

OPEN, DRAWN = "open", "drawn"


@dataclass(frozen=True)
class Ticket:
    event_id: str
    member: str


@dataclass(frozen=True)
class RaffleView:
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


def commitment_of(seed_hex: str) -> str:
    return hashlib.sha256(bytes.fromhex(seed_hex)).hexdigest()


def winning_index(seed_hex: str, ticket_ids: list[str]) -> int:
    """The formula in the module docstring; `ticket_ids` already in code-point order."""
    digest = hashlib.sha256((seed_hex + "\n" + "\n".join(ticket_ids)).encode()).hexdigest()
    return int(digest, 16) % len(ticket_ids)


def create_raffle(
    session: Session,
    tenant_id: str,
    *,
    key: str,
    name: str,
    ticket_event_type: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    program: str | None,
) -> Raffle:
    """A new open raffle with its seed drawn and committed. A taken key is a 409 (a raffle's seed is never
    re-drawn, so even an identical body cannot create it again)."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    starts_at = starts_at or utcnow()
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("ends_at must be after starts_at", field="ends_at")
    if _find(session, tenant_id, key) is not None:
        raise Conflict(f"raffle {key!r} exists")
    seed = secrets.token_hex(32)
    raffle = Raffle(
        tenant_id=tenant_id,
        program_id=program_row.id,
        key=key,
        name=name,
        ticket_event_type=ticket_event_type,
        seed=seed,
        commitment=commitment_of(seed),
        starts_at=starts_at,
        ends_at=ends_at,
        status=OPEN,
    )
    session.add(raffle)
    session.flush()
    return raffle


def raffle_tickets(session: Session, tenant_id: str, key: str) -> list[Ticket]:
    """The raffle's tickets in draw order; until the draw (without `ends_at`), the tickets so far."""
    raffle = get_raffle(session, tenant_id, key)
    return _tickets(session, raffle, raffle.ends_at or utcnow(), received_by=raffle.drawn_at)


def draw_raffle(session: Session, tenant_id: str, key: str) -> Raffle:
    """Draw the winner and reveal the seed. A drawn raffle gives back its recorded result; a raffle whose
    `ends_at` has not come yet, or without tickets, cannot be drawn (409)."""
    raffle = get_raffle(session, tenant_id, key)
    if raffle.status == DRAWN:
        return raffle
    now = utcnow()
    if raffle.ends_at is not None and now < raffle.ends_at:
        raise RaffleConflict(f"raffle {key!r} sells tickets until {raffle.ends_at.isoformat()}")
    ends_at = raffle.ends_at or now
    tickets = _tickets(session, raffle, ends_at, received_by=now)
    if not tickets:
        raise RaffleConflict(f"raffle {key!r} has no tickets")
    winner = tickets[winning_index(raffle.seed, [t.event_id for t in tickets])]
    member_id = session.scalar(
        select(col(Member.id)).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == winner.member)
    )
    session.execute(
        update(Raffle)
        .where(col(Raffle.id) == raffle.id, col(Raffle.status) == OPEN)
        .values(
            status=DRAWN,
            ends_at=ends_at,
            tickets=len(tickets),
            winning_ticket=winner.event_id,
            winner_member_id=member_id,
            drawn_at=now,
        )
    )
    # Losing this guarded update to a concurrent draw is harmless: it computed the same winner from the same seed.
    session.refresh(raffle)
    return raffle


def get_raffle(session: Session, tenant_id: str, key: str) -> Raffle:
    raffle = _find(session, tenant_id, key)
    if raffle is None:
        raise NotFound(f"raffle {key!r} not found")
    return raffle


def raffle_view(session: Session, raffle: Raffle) -> RaffleView:
    winner = session.get(Member, raffle.winner_member_id) if raffle.winner_member_id is not None else None
    return RaffleView(
        key=raffle.key,
        name=raffle.name,
        ticket_event_type=raffle.ticket_event_type,
        commitment=raffle.commitment,
        starts_at=raffle.starts_at,
        ends_at=raffle.ends_at,
        status=raffle.status,
        seed=raffle.seed if raffle.status == DRAWN else None,
        tickets=raffle.tickets,
        winner=winner.external_id if winner is not None else None,
        winning_ticket=raffle.winning_ticket,
        drawn_at=raffle.drawn_at,
        created_at=raffle.created_at,
    )


def _tickets(session: Session, raffle: Raffle, ends_at: datetime, *, received_by: datetime | None) -> list[Ticket]:
    # `received_by`: an event sent after the draw with an earlier occurred_at must not change the published list,
    # nor may a return made after it.
    stmt = (
        select(col(Event.event_id), col(Member.external_id), col(Event.returned))
        .join(Member, col(Member.id) == col(Event.member_id))
        .where(
            col(Event.tenant_id) == raffle.tenant_id,
            col(Event.program_id) == raffle.program_id,
            col(Event.type) == raffle.ticket_event_type,
            col(Event.occurred_at) >= raffle.starts_at,
            col(Event.occurred_at) < ends_at,
        )
    )
    if received_by is not None:
        stmt = stmt.where(col(Event.received_at) <= received_by)
    rows = session.execute(stmt).tuples().all()
    returned = [event_id for event_id, _, full in rows if full]
    gone = _returned_in_full(session, raffle.tenant_id, returned, by=received_by) if returned else set()
    # Sorted here, not by the database: collations differ between SQLite and PostgreSQL, code points do not.
    tickets = (Ticket(event_id, member) for event_id, member, _ in rows if event_id not in gone)
    return sorted(tickets, key=lambda t: t.event_id)


def _returned_in_full(session: Session, tenant_id: str, event_ids: list[str], *, by: datetime | None) -> set[str]:
    """Of these events, those a full return (one without `properties`) took back, by `by` when given."""
    reversals = session.execute(
        select(col(EventReversal.event_id), col(EventReversal.properties), col(EventReversal.created_at)).where(
            col(EventReversal.tenant_id) == tenant_id, col(EventReversal.event_id).in_(event_ids)
        )
    ).tuples()
    return {event_id for event_id, kept, at in reversals if kept is None and (by is None or at <= by)}


def _find(session: Session, tenant_id: str, key: str) -> Raffle | None:
    return session.scalar(select(Raffle).where(col(Raffle.tenant_id) == tenant_id, col(Raffle.key) == key))
