"""Program statistics and the members export for accounting systems.

Definitions (per program):
- `members`: the tenant's members; `active_30d`: members with an event of the program in the last 30 days.
- `repeat_rate`: of the members with at least one `repeat_event_type` event (default `purchase`), the share with two
  or more.
- `redemption_rate`: points that left members for value (rewards catalog, net of cancellations, and payouts settled
  or in flight) divided by points ever issued; 0 when nothing was issued.
- `liability`: points members hold (available and pending) — what the program still owes.
"""

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from achievements.models import Event, MemberBadge, MemberStats
from core.tenancy import Member
from core.types import utcnow
from loyalty.accounts import rewards_redeemed
from wallets.accounts import member_available, member_pending, payout_pending, program_issued
from wallets.models import Balance
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


def program_stats(
    session: Session, tenant_id: str, program: str | None = None, *, repeat_event_type: str = "purchase"
) -> ProgramStats:
    program_row = resolve_program(session, tenant_id, program)
    program_id = program_row.id
    assert program_id is not None
    members = session.scalar(select(func.count()).select_from(Member).where(col(Member.tenant_id) == tenant_id))
    since = utcnow() - timedelta(days=30)
    active = session.scalar(
        select(func.count(func.distinct(col(Event.member_id)))).where(
            col(Event.tenant_id) == tenant_id, col(Event.program_id) == program_id, col(Event.occurred_at) >= since
        )
    )
    per_member = (
        select(func.count().label("n"))
        .where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == program_id,
            col(Event.type) == repeat_event_type,
        )
        .group_by(col(Event.member_id))
        .subquery()
    )
    buyers = session.scalar(select(func.count()).select_from(per_member)) or 0
    repeaters = session.scalar(select(func.count()).select_from(per_member).where(per_member.c.n >= 2)) or 0
    accounts = _account_sums(session, tenant_id, program_id)
    issued = -accounts.get(program_issued(program_id), 0)
    redeemed = accounts.get(rewards_redeemed(program_id), 0) + accounts.get(payout_pending(), 0)
    redeemed += sum(amount for account, amount in accounts.items() if account.startswith("payout:paid:"))
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


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection): a leading = + - @ becomes text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text
