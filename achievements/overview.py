"""What the admin console shows: program figures (members, activity, points issued and outstanding, events per
day), programs, definitions, members, payouts and the chain transactions that carry them."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.catalog import list_definitions, spec_of
from achievements.definitions import Kind, Spec
from achievements.models import Event
from chain.models import ChainTransaction
from core.tenancy import Member
from wallets.models import Balance, Payout, Program
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


@dataclass(frozen=True)
class ChainActivity:
    reference: str
    chain: str
    purpose: str
    status: str
    tx_hash: str | None
    nonce: int | None
    at: datetime  # when it finished, else when it was made


@dataclass(frozen=True)
class ConsoleView:
    """Everything the console's front page shows a tenant's admin."""

    figures: Overview
    programs: list[Program]
    definitions: dict[str, list[Spec]]
    members: list[Member]
    payouts: list[Payout]
    transactions: list[ChainActivity]


def console_view(session: Session, tenant_id: str, *, member_search: str = "") -> ConsoleView:
    definitions = {
        kind.value: [spec_of(row) for row in list_definitions(session, tenant_id, kind)]
        for kind in (Kind.RULE, Kind.BADGE, Kind.QUEST, Kind.LEVEL, Kind.MEDAL, Kind.LEADERBOARD)
    }
    programs = list(
        session.scalars(select(Program).where(col(Program.tenant_id) == tenant_id).order_by(col(Program.id)))
    )
    members = list(
        session.scalars(
            select(Member)
            .where(col(Member.tenant_id) == tenant_id, col(Member.external_id).contains(member_search))
            .order_by(col(Member.id).desc())
            .limit(20)
        )
    )
    payouts = list(
        session.scalars(
            select(Payout).where(col(Payout.tenant_id) == tenant_id).order_by(col(Payout.created_at).desc()).limit(20)
        )
    )
    # Only transactions carrying this tenant's payouts: the minter is shared, its other batches are not theirs.
    batches = {p.batch_id for p in payouts if p.batch_id}
    transactions = [
        ChainActivity(
            tx.reference, tx.chain, tx.purpose, tx.status, tx.tx_hash, tx.nonce, tx.finished_at or tx.created_at
        )
        for tx in session.scalars(
            select(ChainTransaction)
            .where(col(ChainTransaction.reference).in_(batches))
            .order_by(col(ChainTransaction.id).desc())
        )
    ]
    return ConsoleView(overview(session, tenant_id), programs, definitions, members, payouts, transactions)
