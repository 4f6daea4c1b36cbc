"""Program figures for the console: members, activity, points issued and outstanding, events per day."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.models import Event
from core.tenancy import Member
from wallets.models import Balance
from wallets.programs import resolve_program


@dataclass(frozen=True)
class Overview:
    members: int
    active_30d: int
    events_30d: int
    points_issued: int
    liability: int
    events_per_day: list[tuple[date, int]]


def overview(session: Session, tenant_id: str, *, days: int = 14, now: datetime | None = None) -> Overview:
    now = now or datetime.now(UTC)
    program = resolve_program(session, tenant_id)
    since = now - timedelta(days=30)
    members = session.scalar(select(func.count()).select_from(Member).where(col(Member.tenant_id) == tenant_id)) or 0
    recent = select(Event).where(col(Event.tenant_id) == tenant_id, col(Event.occurred_at) >= since).subquery()
    active = session.scalar(select(func.count(func.distinct(recent.c.member_id)))) or 0
    events = session.scalar(select(func.count()).select_from(recent)) or 0
    balances = {
        account: balance
        for account, balance in session.execute(
            select(col(Balance.account), col(Balance.balance)).where(
                col(Balance.tenant_id) == tenant_id, col(Balance.program_id) == program.id
            )
        ).tuples()
    }
    issued = -balances.get(f"program:{program.id}:issued", 0)
    liability = sum(b for account, b in balances.items() if account.startswith("member:"))
    start = (now - timedelta(days=days - 1)).date()
    day = func.date(col(Event.occurred_at))
    counts = {
        str(d): int(n)
        for d, n in session.execute(
            select(day, func.count())
            .where(
                col(Event.tenant_id) == tenant_id,
                col(Event.occurred_at) >= datetime.combine(start, datetime.min.time(), UTC),
            )
            .group_by(day)
        ).tuples()
    }
    series = [(start + timedelta(days=i), counts.get(str(start + timedelta(days=i)), 0)) for i in range(days)]
    return Overview(members, active, events, issued, liability, series)
