"""What the admin console shows: program figures (members, activity, points issued and outstanding), programs,
definitions, members, payouts and the chain transactions that carry them. Figures per day: `loyalty.kpis`."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.catalog import list_definitions, spec_of
from achievements.definitions import Kind, Spec
from achievements.models import Event
from chain.models import ChainTransaction
from core.tenancy import Member
from wallets.models import Balance, Payout, Program
from wallets.programs import resolve_program
from wallets.service import MemberBalance, member_balance


@dataclass(frozen=True)
class Overview:
    members: int
    active_30d: int
    events_30d: int
    points_issued: int
    liability: int


def overview(
    session: Session, tenant_id: str, program_key: str | None = None, *, now: datetime | None = None
) -> Overview:
    """The figures of one program (the default when none is named); members are the tenant's, as in the KPIs."""
    now = now or datetime.now(UTC)
    program = resolve_program(session, tenant_id, program_key)
    since = now - timedelta(days=30)
    members = session.scalar(select(func.count()).select_from(Member).where(col(Member.tenant_id) == tenant_id)) or 0
    recent = (
        select(Event)
        .where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == program.id,
            col(Event.occurred_at) >= since,
            col(Event.returned).is_(False),
        )
        .subquery()
    )
    active = session.scalar(select(func.count(func.distinct(recent.c.member_id)))) or 0
    events = session.scalar(select(func.count()).select_from(recent)) or 0
    in_program = (col(Balance.tenant_id) == tenant_id, col(Balance.program_id) == program.id)
    issued = -(
        session.scalar(
            select(col(Balance.balance)).where(*in_program, col(Balance.account) == f"program:{program.id}:issued")
        )
        or 0
    )
    liability = session.scalar(
        select(func.coalesce(func.sum(col(Balance.balance)), 0)).where(
            *in_program, col(Balance.account).like("member:%")
        )
    )
    return Overview(members, active, events, issued, int(liability or 0))


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
    balances: dict[int, MemberBalance]  # of the members listed, in the program shown


def console_view(
    session: Session, tenant_id: str, *, member_search: str = "", program: str | None = None
) -> ConsoleView:
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
    shown = resolve_program(session, tenant_id, program)
    assert shown.id is not None
    balances = {m.id: member_balance(session, tenant_id, shown.id, m.id) for m in members if m.id is not None}
    figures = overview(session, tenant_id, program)
    return ConsoleView(figures, programs, definitions, members, payouts, transactions, balances)
