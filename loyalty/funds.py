"""Charity funds: a fund is fed `per_event` points by every `event_type` event of its program.

The balance is computed from the event log rather than posted by ingestion: events are immutable and idempotent
already, so `count(events) x per_event` is exact, needs no hook in the engine's hot path, and can be recomputed at
any time. Only events received after the fund was created count (a new fund does not inherit old activity), and
an event returned in full no longer counts: the fund's total goes down. The points are the business's pledge, not
taken from members: members' balances do not change.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.models import Event
from core.errors import Conflict, NotFound
from loyalty.models import Fund
from wallets.programs import resolve_program


@dataclass(frozen=True)
class FundView:
    key: str
    name: str
    event_type: str
    per_event: int
    events: int
    balance: int
    created_at: datetime


def create_fund(
    session: Session, tenant_id: str, *, key: str, name: str, event_type: str, per_event: int, program: str | None
) -> tuple[Fund, bool]:
    """The fund; the same body again gives back the existing one (False), another body under its key a 409."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    existing = _find(session, tenant_id, key)
    if existing is not None:
        if (existing.program_id, existing.name, existing.event_type, existing.per_event) != (
            program_row.id,
            name,
            event_type,
            per_event,
        ):
            raise Conflict(f"fund {key!r} exists with another definition")
        return existing, False
    fund = Fund(
        tenant_id=tenant_id,
        program_id=program_row.id,
        key=key,
        name=name,
        event_type=event_type,
        per_event=per_event,
    )
    session.add(fund)
    session.flush()
    return fund, True


def fund_view(session: Session, tenant_id: str, key: str) -> FundView:
    fund = _find(session, tenant_id, key)
    if fund is None:
        raise NotFound(f"fund {key!r} not found")
    events = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == fund.program_id,
            col(Event.type) == fund.event_type,
            col(Event.received_at) >= fund.created_at,
            col(Event.returned).is_(False),
        )
    )
    count = int(events or 0)
    return FundView(
        key=fund.key,
        name=fund.name,
        event_type=fund.event_type,
        per_event=fund.per_event,
        events=count,
        balance=count * fund.per_event,
        created_at=fund.created_at,
    )


def list_funds(session: Session, tenant_id: str) -> list[FundView]:
    keys = session.scalars(select(col(Fund.key)).where(col(Fund.tenant_id) == tenant_id).order_by(col(Fund.key)))
    return [fund_view(session, tenant_id, key) for key in list(keys)]


def _find(session: Session, tenant_id: str, key: str) -> Fund | None:
    return session.scalar(select(Fund).where(col(Fund.tenant_id) == tenant_id, col(Fund.key) == key))
