"""A program's key figures per day, for the console's charts, read from the ledger, the events and the members.

Each day (UTC) of the window has:
- `members`: the tenant's members who had joined by the end of the day;
- `active`: members with an event of the program that day;
- `issued`: points the program issued that day (net of reversals: the change of `program:<id>:issued`);
- `redeemed`: points that left members for value that day (rewards net of cancellations, payouts reserved net of
  released ones), the same accounts `loyalty.stats` counts as redeemed;
- `liability`: points members held (available and pending) at the end of the day.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlmodel import Session, col

from achievements.models import Event
from core.tenancy import Member
from core.types import utcnow
from loyalty.accounts import rewards_redeemed
from wallets.accounts import payout_paid, payout_pending, program_issued
from wallets.models import Posting
from wallets.programs import resolve_program

MAX_DAYS = 366


@dataclass(frozen=True)
class KpiDay:
    day: date
    members: int
    active: int
    issued: int
    redeemed: int
    liability: int


@dataclass(frozen=True)
class KpiSeries:
    program: str
    days: list[KpiDay]


def kpi_series(
    session: Session, tenant_id: str, program: str | None = None, *, days: int = 30, now: datetime | None = None
) -> KpiSeries:
    """The last `days` days up to today, oldest first; a fixed number of grouped queries whatever the window."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    program_row = resolve_program(session, tenant_id, program)
    program_id = program_row.id
    assert program_id is not None
    first = (now or utcnow()).astimezone(UTC).date() - timedelta(days=days - 1)
    start = datetime.combine(first, time.min, UTC)

    joined_before = session.scalar(
        select(func.count()).where(col(Member.tenant_id) == tenant_id, col(Member.created_at) < start)
    )
    joined = _per_day(
        session,
        col(Member.created_at),
        func.count(),
        col(Member.tenant_id) == tenant_id,
        col(Member.created_at) >= start,
    )
    active = _per_day(
        session,
        col(Event.occurred_at),
        func.count(func.distinct(col(Event.member_id))),
        col(Event.tenant_id) == tenant_id,
        col(Event.program_id) == program_id,
        col(Event.occurred_at) >= start,
        col(Event.returned).is_(False),
    )
    in_program = (col(Posting.tenant_id) == tenant_id, col(Posting.program_id) == program_id)
    member_accounts = or_(
        col(Posting.account).like("member:%:available"), col(Posting.account).like("member:%:pending")
    )
    held_before = session.scalar(
        select(func.coalesce(func.sum(col(Posting.amount)), 0)).where(
            *in_program, member_accounts, col(Posting.created_at) < start
        )
    )
    held = _per_day(
        session,
        col(Posting.created_at),
        func.sum(col(Posting.amount)),
        *in_program,
        member_accounts,
        col(Posting.created_at) >= start,
    )
    issued = _per_day(
        session,
        col(Posting.created_at),
        -func.sum(col(Posting.amount)),
        *in_program,
        col(Posting.account) == program_issued(program_id),
        col(Posting.created_at) >= start,
    )
    redeemed = _per_day(
        session,
        col(Posting.created_at),
        func.sum(col(Posting.amount)),
        *in_program,
        or_(
            col(Posting.account) == rewards_redeemed(program_id),
            col(Posting.account) == payout_pending(),
            col(Posting.account).like(payout_paid("%")),
        ),
        col(Posting.created_at) >= start,
    )

    series: list[KpiDay] = []
    members, liability = int(joined_before or 0), int(held_before or 0)
    for offset in range(days):
        day = first + timedelta(days=offset)
        members += joined.get(day, 0)
        liability += held.get(day, 0)
        series.append(KpiDay(day, members, active.get(day, 0), issued.get(day, 0), redeemed.get(day, 0), liability))
    return KpiSeries(program_row.key, series)


def _per_day(
    session: Session, moment: Any, measure: ColumnElement[Any], *where: ColumnElement[bool]
) -> dict[date, int]:
    day = func.date(moment)
    rows = session.execute(select(day, measure).where(*where).group_by(day)).tuples()
    return {_as_date(d): int(n or 0) for d, n in rows}


def _as_date(value: date | str) -> date:
    """SQLite's date() gives text, PostgreSQL's a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)
