"""Expiring points, first in first out, derived from the ledger's postings.

Every credit to a member's available account is a lot; every debit (spending, payouts, penalties, earlier
expiries) consumes the oldest lots first. So at any cut-off the points still left from lots credited before it are

    expirable = max(0, sum(credits up to the cut-off) - sum(all debits))

which needs no lots table that every writer would have to keep in step: the postings already are the lots. Points
credited on day D (UTC) expire at the start of day D + points_expire_days + 1, so a lot lives at least the full
number of days. A refund or a released payout is a new credit and so a new lot.

The `expire-points` job is idempotent: an expiry is itself a debit, so a second run finds nothing left, and each
expiry's ledger key names the member account and the cut-off day. Each member is expired in a transaction of its
own with the balance row locked, so a member spending at the same moment never makes the job fail.

With `expiry_reminder_days` = N the same job reminds members of what expires at the start of each of the next N
days (a `points.expiring` webhook per member and day): the points of that day's lots still unspent, FIFO. A
reminder is recorded per member account and expiry day (`expiry_reminders`, inserted only if absent), so it is sent
once however often the job runs, and a day on which the job did not run is covered by the next run (a lot is
usually reminded N days ahead, later only if the job missed that day, never once it has expired).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

from sqlalchemy import Engine, case, func, select
from sqlmodel import Session, col

from core.db import run_in_transaction, unit_of_work, upsert_dialect
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member
from loyalty.models import ExpiryReminder
from wallets import ledger
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Posting, Program

EXPIRED_ACCOUNT = "expired"
_AVAILABLE = "member:%:available"


@dataclass
class ExpiryReport:
    members: int = 0
    points: int = 0
    reminders: int = 0
    deliveries: list[str] = field(default_factory=list)


def cutoff_for(program: Program, now: datetime) -> datetime | None:
    """Credits at or before this instant have expired by `now`; None when the program's points never expire."""
    days = program.settings.get("points_expire_days")
    if not days:
        return None
    today = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    return today - timedelta(days=int(days))


def expire_points(engine: Engine, tenant_id: str, now: datetime) -> ExpiryReport:
    """Expire what is due in every program of the tenant that sets `points_expire_days`."""
    report = ExpiryReport()
    with unit_of_work(engine, read_only=True) as session:
        programs = list(session.scalars(select(Program).where(col(Program.tenant_id) == tenant_id)))
    for program in programs:
        cutoff = cutoff_for(program, now)
        if cutoff is None or program.id is None:
            continue
        with unit_of_work(engine, read_only=True) as session:
            due = _expirable(session, tenant_id, program.id, cutoff, account=None)
        for account in due:
            expire = partial(_expire_account, tenant_id=tenant_id, program=program, account=account, cutoff=cutoff)
            points, deliveries = run_in_transaction(engine, expire)
            if points:
                report.members += 1
                report.points += points
                report.deliveries += deliveries
        if program.settings.get("expiry_reminder_days") and program.status != "closed":
            reminders, deliveries = run_in_transaction(
                engine, partial(_remind, tenant_id=tenant_id, program=program, now=now)
            )
            report.reminders += reminders
            report.deliveries += deliveries
    return report


def expire_points_everywhere(engine: Engine, now: datetime) -> ExpiryReport:
    """The daily job across tenants: only programs that set `points_expire_days` are looked at."""
    with unit_of_work(engine, read_only=True) as session:
        tenants = sorted(
            {p.tenant_id for p in session.scalars(select(Program)) if p.settings.get("points_expire_days")}
        )
    total = ExpiryReport()
    for tenant_id in tenants:
        report = expire_points(engine, tenant_id, now)
        total.members += report.members
        total.points += report.points
        total.reminders += report.reminders
        total.deliveries += report.deliveries
    return total


def _expire_account(
    session: Session, *, tenant_id: str, program: Program, account: str, cutoff: datetime
) -> tuple[int, list[str]]:
    assert program.id is not None
    ledger.balances(session, tenant_id, program.id, [account], for_update=True)  # orders us after a spender
    points = _expirable(session, tenant_id, program.id, cutoff, account=account).get(account, 0)
    if points <= 0:
        return 0, []
    ledger.post(
        session,
        tenant_id,
        TransactionSpec(
            program_id=program.id,
            kind=Kind.EXPIRE,
            idempotency_key=f"expire:{account}:{cutoff.date().isoformat()}",
            entries=(Entry(account, -points), Entry(EXPIRED_ACCOUNT, points)),
            memo=f"points credited before {cutoff.date().isoformat()} expired",
        ),
    )
    member = session.get(Member, int(account.split(":")[1]))
    assert member is not None
    data = {"member": member.external_id, "program": program.key, "points": points}
    deliveries = publish_notices(session, tenant_id, notice_subscribers(session, tenant_id), [("points.expired", data)])
    return points, deliveries


def _remind(session: Session, *, tenant_id: str, program: Program, now: datetime) -> tuple[int, list[str]]:
    """Remind each member of the points that expire at the start of each of the next `expiry_reminder_days` days
    and were not reminded of yet."""
    assert program.id is not None
    today = now.astimezone(UTC).date()
    due = _due_by_day(session, tenant_id, program, today, int(program.settings["expiry_reminder_days"]))
    if not due:
        return 0, []
    table = ExpiryReminder.__table__  # type: ignore[attr-defined]
    fresh = session.execute(
        upsert_dialect(session.get_bind())
        .insert(table)
        .values(
            [
                {
                    "tenant_id": tenant_id,
                    "program_id": program.id,
                    "account": account,
                    "expires_on": day.isoformat(),
                    "points": points,
                    "created_at": now,
                }
                for (account, day), points in due.items()
            ]
        )
        .on_conflict_do_nothing()
        .returning(table.c.account, table.c.expires_on)
    ).tuples()
    sent = {(account, date.fromisoformat(day)): due[(account, date.fromisoformat(day))] for account, day in fresh}
    if not sent:
        return 0, []
    ids = {int(account.split(":")[1]) for account, _ in sent}
    names = {m.id: m.external_id for m in session.scalars(select(Member).where(col(Member.id).in_(ids)))}
    notices = [
        (
            "points.expiring",
            {
                "member": names[int(account.split(":")[1])],
                "program": program.key,
                "points": points,
                "expires_at": _midnight(day).isoformat(),
            },
        )
        for (account, day), points in sorted(sent.items(), key=lambda item: (item[0][1], item[0][0]))
    ]
    return len(sent), publish_notices(session, tenant_id, notice_subscribers(session, tenant_id), notices)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _due_by_day(
    session: Session, tenant_id: str, program: Program, today: date, days: int
) -> dict[tuple[str, date], int]:
    """(account, expiry day) → points of that day's lots still unspent, for the days after `today` up to `days`
    ahead. FIFO: what a member spent consumed the oldest lots, so each day gets what its lots add to the points
    expirable by then. Two queries: each account's credits before the window and all its debits, and the credits
    in the window."""
    assert program.id is not None
    lifetime = int(program.settings["points_expire_days"])
    start = _midnight(today) - timedelta(days=lifetime)  # lots up to here expire today or earlier
    end = start + timedelta(days=days)
    credits_in_window = (
        select(col(Posting.account), col(Posting.created_at), col(Posting.amount))
        .where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.program_id) == program.id,
            col(Posting.account).like(_AVAILABLE),
            col(Posting.amount) > 0,
            col(Posting.created_at) > start,
            col(Posting.created_at) <= end,
        )
        .order_by(col(Posting.account))
    )
    lots: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for account, created_at, amount in session.execute(credits_in_window).tuples():
        lots[account][_expiry_day(created_at.astimezone(UTC), lifetime)] += int(amount)
    if not lots:
        return {}
    older = func.sum(
        case(((col(Posting.amount) > 0) & (col(Posting.created_at) <= start), col(Posting.amount)), else_=0)
    )
    debits = func.sum(case((col(Posting.amount) < 0, -col(Posting.amount)), else_=0))
    before = {
        account: int(older_credits) - int(spent)
        for account, older_credits, spent in session.execute(
            select(col(Posting.account), older, debits)
            .where(
                col(Posting.tenant_id) == tenant_id,
                col(Posting.program_id) == program.id,
                col(Posting.account).in_(sorted(lots)),
            )
            .group_by(col(Posting.account))
        ).tuples()
    }
    due: dict[tuple[str, date], int] = {}
    for account, by_day in sorted(lots.items()):
        left = before.get(account, 0)  # negative: spending that still eats into the lots of the window
        for day in sorted(by_day):
            expirable_before = max(0, left)
            left += by_day[day]
            if max(0, left) > expirable_before:
                due[(account, day)] = max(0, left) - expirable_before
    return due


def _expiry_day(credited_at: datetime, lifetime: int) -> date:
    """The day at whose start a credit expires: the first whose cut-off (see `cutoff_for`) it is not after."""
    day = credited_at.date()
    return day + timedelta(days=lifetime + (0 if credited_at == _midnight(day) else 1))


def _expirable(
    session: Session, tenant_id: str, program_id: int, cutoff: datetime, *, account: str | None
) -> dict[str, int]:
    old_credits = func.sum(
        case(((col(Posting.amount) > 0) & (col(Posting.created_at) <= cutoff), col(Posting.amount)), else_=0)
    )
    debits = func.sum(case((col(Posting.amount) < 0, -col(Posting.amount)), else_=0))
    stmt = (
        select(col(Posting.account), old_credits - debits)
        .where(col(Posting.tenant_id) == tenant_id, col(Posting.program_id) == program_id)
        .group_by(col(Posting.account))
        .having(old_credits - debits > 0)
    )
    stmt = stmt.where(col(Posting.account) == account) if account else stmt.where(col(Posting.account).like(_AVAILABLE))
    return {name: int(points) for name, points in session.execute(stmt).tuples()}
