"""Program statistics, and the members and postings exports for accounting systems.

Definitions (per program):
- `members`: the tenant's members; `active_30d`: members with an event of the program in the last 30 days.
- `repeat_rate`: of the members with at least one `repeat_event_type` event (default `purchase`), the share with two
  or more.
- `redemption_rate`: points that left members for value (rewards catalog, net of cancellations, and payouts settled
  or in flight) divided by points ever issued; 0 when nothing was issued.
- `liability`: points members hold (available and pending) — what the program still owes.
- `points_expired`: points ever expired (lots past `points_expire_days`, and balances a closed program expired).
- `period` (`from` inclusive, `to` exclusive; by default the last 30 days): ledger postings dated in it give
  `points_issued` (net of penalties), `points_redeemed` (rewards net of cancellations, payouts net of releases) and
  `points_expired`; `events`, `active_members` (members with an event that occurred in it) and `new_members`.
"""

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from achievements.models import Event, MemberBadge, MemberStats
from core.tenancy import Member
from core.types import utcnow
from loyalty.accounts import rewards_redeemed
from loyalty.expiry import EXPIRED_ACCOUNT
from wallets.accounts import member_available, member_pending, payout_pending, program_issued
from wallets.models import Balance, LedgerTransaction, Posting, Program
from wallets.programs import resolve_program

SessionFactory = Callable[[], AbstractContextManager[Session]]
EXPORT_PAGE = 1_000
EXPORT_COLUMNS = [
    "external_id",
    "display_name",
    "available",
    "pending",
    "lifetime",
    "xp",
    "level",
    "badges",
    "created_at",
]


@dataclass(frozen=True)
class PeriodStats:
    start: datetime
    end: datetime
    points_issued: int
    points_redeemed: int
    points_expired: int
    events: int
    active_members: int
    new_members: int


@dataclass(frozen=True)
class ProgramStats:
    program: str
    members: int
    active_30d: int
    repeat_rate: float
    redemption_rate: float
    liability: int
    liability_tokens: str | None
    points_issued: int
    points_redeemed: int
    points_expired: int
    period: PeriodStats


def program_stats(
    session: Session,
    tenant_id: str,
    program: str | None = None,
    *,
    repeat_event_type: str = "purchase",
    start: datetime | None = None,
    end: datetime | None = None,
) -> ProgramStats:
    program_row = resolve_program(session, tenant_id, program)
    program_id = program_row.id
    assert program_id is not None
    members = session.scalar(select(func.count()).select_from(Member).where(col(Member.tenant_id) == tenant_id))
    now = utcnow()
    end = end or now
    period = period_stats(session, tenant_id, program_id, start or end - timedelta(days=30), end)
    since = now - timedelta(days=30)
    active = session.scalar(
        select(func.count(func.distinct(col(Event.member_id)))).where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == program_id,
            col(Event.occurred_at) >= since,
            col(Event.returned).is_(False),
        )
    )
    per_member = (
        select(func.count().label("n"))
        .where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == program_id,
            col(Event.type) == repeat_event_type,
            col(Event.returned).is_(False),
        )
        .group_by(col(Event.member_id))
        .subquery()
    )
    buyers = session.scalar(select(func.count()).select_from(per_member)) or 0
    repeaters = session.scalar(select(func.count()).select_from(per_member).where(per_member.c.n >= 2)) or 0
    accounts = _account_sums(session, tenant_id, program_id)
    issued = -accounts.get(program_issued(program_id), 0)
    redeemed = _redeemed(program_id, accounts)
    liability = accounts.get("member:*", 0)
    rate = (program_row.settings.get("payouts") or {}).get("rate")
    return ProgramStats(
        program=program_row.key,
        members=int(members or 0),
        active_30d=int(active or 0),
        repeat_rate=round(int(repeaters) / int(buyers), 4) if buyers else 0.0,
        redemption_rate=round(redeemed / issued, 4) if issued > 0 else 0.0,
        liability=liability,
        liability_tokens=str(liability * int(rate)) if rate else None,
        points_issued=issued,
        points_redeemed=redeemed,
        points_expired=accounts.get(EXPIRED_ACCOUNT, 0),
        period=period,
    )


def _redeemed(program_id: int, sums: dict[str, int]) -> int:
    """Points that left members for value: the rewards account, and payouts reserved (pending) or paid."""
    redeemed = sums.get(rewards_redeemed(program_id), 0) + sums.get(payout_pending(), 0)
    return redeemed + sum(amount for account, amount in sums.items() if account.startswith("payout:paid:"))


def period_stats(session: Session, tenant_id: str, program_id: int, start: datetime, end: datetime) -> PeriodStats:
    """What moved in [start, end): the program's counter-accounts' postings dated in it, its events and newcomers."""
    rows = session.execute(
        select(col(Posting.account), func.sum(col(Posting.amount)))
        .where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.program_id) == program_id,
            col(Posting.created_at) >= start,
            col(Posting.created_at) < end,
            ~col(Posting.account).startswith("member:"),
        )
        .group_by(col(Posting.account))
    ).tuples()
    sums = {account: int(total) for account, total in rows}
    events, active = session.execute(
        select(func.count(), func.count(func.distinct(col(Event.member_id)))).where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == program_id,
            col(Event.occurred_at) >= start,
            col(Event.occurred_at) < end,
            col(Event.returned).is_(False),
        )
    ).one()
    joined = session.scalar(
        select(func.count())
        .select_from(Member)
        .where(col(Member.tenant_id) == tenant_id, col(Member.created_at) >= start, col(Member.created_at) < end)
    )
    return PeriodStats(
        start=start,
        end=end,
        points_issued=-sums.get(program_issued(program_id), 0),
        points_redeemed=_redeemed(program_id, sums),
        points_expired=sums.get(EXPIRED_ACCOUNT, 0),
        events=int(events or 0),
        active_members=int(active or 0),
        new_members=int(joined or 0),
    )


def _account_sums(session: Session, tenant_id: str, program_id: int) -> dict[str, int]:
    """Balances of the program's counter-accounts, and of all member accounts together under `member:*`."""
    rows = session.execute(
        select(col(Balance.account), col(Balance.balance)).where(
            col(Balance.tenant_id) == tenant_id,
            col(Balance.program_id) == program_id,
            ~col(Balance.account).startswith("member:"),
        )
    ).tuples()
    sums = {account: int(balance) for account, balance in rows}
    members = session.scalar(
        select(func.coalesce(func.sum(col(Balance.balance)), 0)).where(
            col(Balance.tenant_id) == tenant_id,
            col(Balance.program_id) == program_id,
            or_(col(Balance.account).like("member:%:available"), col(Balance.account).like("member:%:pending")),
        )
    )
    sums["member:*"] = int(members or 0)
    return sums


def members_csv(session_factory: SessionFactory, tenant_id: str, program: str | None = None) -> Iterator[str]:
    """The members export as CSV text chunks, one page of members per short read-only unit of work."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    yield _drain(out)
    after = 0
    while True:
        with session_factory() as session:
            program_row = resolve_program(session, tenant_id, program)
            assert program_row.id is not None
            rows = _export_page(session, tenant_id, program_row.id, after)
        if not rows:
            return
        for member_id, row in rows:
            writer.writerow(row)
            after = member_id
        yield _drain(out)


def _export_page(session: Session, tenant_id: str, program_id: int, after: int) -> list[tuple[int, list[object]]]:
    members = list(
        session.scalars(
            select(Member)
            .where(col(Member.tenant_id) == tenant_id, col(Member.id) > after)
            .order_by(col(Member.id))
            .limit(EXPORT_PAGE)
        )
    )
    if not members:
        return []
    ids = [m.id for m in members]
    balances: dict[str, tuple[int, int]] = {}
    wanted = [a for m in members if m.id is not None for a in (member_available(m.id), member_pending(m.id))]
    for account, balance, lifetime in session.execute(
        select(col(Balance.account), col(Balance.balance), col(Balance.lifetime)).where(
            col(Balance.tenant_id) == tenant_id, col(Balance.program_id) == program_id, col(Balance.account).in_(wanted)
        )
    ).tuples():
        balances[account] = (int(balance), int(lifetime))
    stats = {
        s.member_id: s
        for s in session.scalars(
            select(MemberStats).where(col(MemberStats.program_id) == program_id, col(MemberStats.member_id).in_(ids))
        )
    }
    badges: dict[int, list[str]] = {}
    for member_id, badge in session.execute(
        select(col(MemberBadge.member_id), col(MemberBadge.badge))
        .where(col(MemberBadge.program_id) == program_id, col(MemberBadge.member_id).in_(ids))
        .distinct()
    ).tuples():
        badges.setdefault(member_id, []).append(badge)
    page = []
    for m in members:
        assert m.id is not None
        available = balances.get(member_available(m.id), (0, 0))
        pending = balances.get(member_pending(m.id), (0, 0))
        stat = stats.get(m.id)
        row: list[object] = [
            _cell(m.external_id),
            _cell(m.display_name or ""),
            available[0],
            pending[0],
            available[1] + pending[1],
            stat.xp if stat else 0,
            stat.level or "" if stat else "",
            ";".join(sorted(badges.get(m.id, []))),
            m.created_at.isoformat(),
        ]
        page.append((m.id, row))
    return page


POSTING_COLUMNS = [
    "transaction_id",
    "posted_at",
    "program",
    "currency",
    "kind",
    "account",
    "debit",
    "credit",
    "amount",
    "idempotency_key",
    "event_id",
    "memo",
]


def postings_csv(
    session_factory: SessionFactory,
    tenant_id: str,
    program: str | None,
    start: datetime | None,
    end: datetime | None,
) -> Iterator[str]:
    """Every ledger posting dated in [start, end), one line each, in posting order, a thousand per read.

    A posting's `amount` is signed as in the ledger: a credit (positive) to a member account is points the program
    owes, matched by a debit (negative) to a counter-account such as `program:<id>:issued`. `debit` and `credit`
    give the same amount unsigned in the column an accounting system expects, so each transaction's debits equal
    its credits. A transaction's postings share its time, so a period never cuts one in half."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(POSTING_COLUMNS)
    yield _drain(out)
    program_id = None
    if program is not None:
        with session_factory() as session:
            program_id = resolve_program(session, tenant_id, program).id
    after = 0
    while True:
        with session_factory() as session:
            stmt = (
                select(Posting, LedgerTransaction, col(Program.key), col(Program.symbol))
                .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
                .join(Program, col(Program.id) == col(Posting.program_id))
                .where(col(Posting.tenant_id) == tenant_id, col(Posting.id) > after)
                .order_by(col(Posting.id))
                .limit(EXPORT_PAGE)
            )
            if program_id is not None:
                stmt = stmt.where(col(Posting.program_id) == program_id)
            if start is not None:
                stmt = stmt.where(col(Posting.created_at) >= start)
            if end is not None:
                stmt = stmt.where(col(Posting.created_at) < end)
            rows = list(session.execute(stmt).tuples())
        if not rows:
            return
        for posting, tx, key, symbol in rows:
            assert posting.id is not None
            writer.writerow(
                [
                    tx.id,
                    posting.created_at.isoformat(),
                    key,
                    symbol,
                    tx.kind,
                    posting.account,
                    -posting.amount if posting.amount < 0 else "",
                    posting.amount if posting.amount > 0 else "",
                    posting.amount,
                    _cell(tx.idempotency_key),
                    _cell(tx.event_id or ""),
                    _cell(tx.memo),
                ]
            )
            after = posting.id
        yield _drain(out)


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection): a leading = + - @ becomes text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text
