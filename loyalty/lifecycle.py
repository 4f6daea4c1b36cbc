"""A program's lifecycle: status changes and the notices they send, and the closing of programs whose window ended.

draft -> active -> closing -> closed (see wallets/programs.py for what each status allows). Going `closing` sets
`closes_at` (given, or now + `redemption_days`, default 30) and sends each member holding points a
`program.closing` webhook. At `closes_at` the `close-programs` job (hourly on beat) closes the program; closing it
by PATCH does the same at once. Closing expires what every member still holds into the `expired` account (ledger
kind `expire`), one member per transaction with the balance row locked, and sends each a `program.closed` webhook.
The job also finishes closed programs a crash left half expired: an expiry is a debit to zero, so a rerun finds
nothing to do.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member
from loyalty.expiry import EXPIRED_ACCOUNT
from wallets import ledger
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Balance, Posting, Program
from wallets.programs import DEFAULT_REDEMPTION_DAYS, check_transition, resolve_program

_MEMBER_ACCOUNTS = "member:%"


@dataclass
class ClosingReport:
    programs: int = 0
    members: int = 0
    points: int = 0
    deliveries: list[str] = field(default_factory=list)


def set_program_status(
    engine: Engine, tenant_id: str, key: str, status: str, *, closes_at: datetime | None, now: datetime
) -> ClosingReport:
    """Move the program to `status` (the same status again changes nothing but an adjusted `closes_at`)."""
    work = partial(_change_status, tenant_id=tenant_id, key=key, status=status, closes_at=closes_at, now=now)
    program_id, deliveries = run_in_transaction(engine, work)
    report = ClosingReport(deliveries=deliveries)
    if status == "closed":
        _merge(report, _expire_balances(engine, tenant_id, program_id))
    return report


def _change_status(
    session: Session, *, tenant_id: str, key: str, status: str, closes_at: datetime | None, now: datetime
) -> tuple[int, list[str]]:
    program = resolve_program(session, tenant_id, key)
    assert program.id is not None
    if closes_at is not None and "closing" not in (status, program.status):
        raise InvalidInput("closes_at is set when a program is closing", field="closes_at")
    if status == program.status:
        if status == "closing" and closes_at is not None:
            program.closes_at = max(closes_at, now)
            session.add(program)
        return program.id, []
    check_transition(program, status)
    program.status = status
    if status == "closing":
        days = program.settings.get("redemption_days", DEFAULT_REDEMPTION_DAYS)
        program.closes_at = max(closes_at, now) if closes_at else now + timedelta(days=int(days))
    elif status == "closed":
        program.closes_at = min(program.closes_at or now, now)
    session.add(program)
    session.flush()
    if status != "closing":
        return program.id, []
    hooks = notice_subscribers(session, tenant_id)
    if not any("program.closing" in hook.events for hook in hooks):
        return program.id, []
    assert program.closes_at is not None
    notices = [
        (
            "program.closing",
            {"member": member, "program": program.key, "points": points, "closes_at": program.closes_at.isoformat()},
        )
        for member, points in _holders(session, tenant_id, program.id)
    ]
    return program.id, publish_notices(session, tenant_id, hooks, notices)


def close_due_programs(engine: Engine, now: datetime, *, tenant_id: str | None = None) -> ClosingReport:
    """The job: close every program (of one tenant, if given) whose redemption window has ended, and finish
    expiring closed ones."""
    report = ClosingReport()
    scope = [col(Program.tenant_id) == tenant_id] if tenant_id else []
    with unit_of_work(engine, read_only=True) as session:
        due = list(
            session.scalars(
                select(col(Program.id)).where(col(Program.status) == "closing", col(Program.closes_at) <= now, *scope)
            )
        )
    for program_id in due:
        with unit_of_work(engine) as session:
            closed = session.execute(
                update(Program)
                .where(col(Program.id) == program_id, col(Program.status) == "closing")
                .values(status="closed")
            )
            report.programs += closed.rowcount  # type: ignore[attr-defined]
    with unit_of_work(engine, read_only=True) as session:
        left = list(
            session.execute(
                select(col(Balance.tenant_id), col(Balance.program_id))
                .join(Program, col(Program.id) == col(Balance.program_id))
                .where(
                    col(Program.status) == "closed",
                    col(Balance.account).like(_MEMBER_ACCOUNTS),
                    col(Balance.balance) > 0,
                    *scope,
                )
                .distinct()
            ).tuples()
        )
    for owner, program_id in left:
        _merge(report, _expire_balances(engine, owner, program_id))
    return report


def _merge(report: ClosingReport, other: ClosingReport) -> None:
    report.members += other.members
    report.points += other.points
    report.deliveries += other.deliveries


def _expire_balances(engine: Engine, tenant_id: str, program_id: int) -> ClosingReport:
    report = ClosingReport()
    with unit_of_work(engine, read_only=True) as session:
        accounts = list(
            session.scalars(
                select(col(Balance.account)).where(
                    col(Balance.tenant_id) == tenant_id,
                    col(Balance.program_id) == program_id,
                    col(Balance.account).like(_MEMBER_ACCOUNTS),
                    col(Balance.balance) > 0,
                )
            )
        )
    for account in accounts:
        work = partial(_expire_account, tenant_id=tenant_id, program_id=program_id, account=account)
        points, deliveries = run_in_transaction(engine, work)
        if points:
            report.members += 1
            report.points += points
            report.deliveries += deliveries
    return report


def _expire_account(session: Session, *, tenant_id: str, program_id: int, account: str) -> tuple[int, list[str]]:
    held = ledger.balances(session, tenant_id, program_id, [account], for_update=True).get(account)
    if held is None or held.balance <= 0:
        return 0, []
    points = held.balance
    last_posting = session.scalar(
        select(col(Posting.id))
        .where(
            col(Posting.tenant_id) == tenant_id, col(Posting.program_id) == program_id, col(Posting.account) == account
        )
        .order_by(col(Posting.id).desc())
        .limit(1)
    )
    ledger.post(
        session,
        tenant_id,
        TransactionSpec(
            program_id=program_id,
            kind=Kind.EXPIRE,
            # The account's last posting names the balance being expired: a rerun finds it at zero, and points
            # credited later (a cancelled redemption's refund) are a new balance with a new key.
            idempotency_key=f"close:{account}:{last_posting}",
            entries=(Entry(account, -points), Entry(EXPIRED_ACCOUNT, points)),
            memo="program closed",
        ),
    )
    program = session.get(Program, program_id)
    member = session.get(Member, int(account.split(":")[1]))
    assert program is not None and member is not None
    data = {"member": member.external_id, "program": program.key, "points_expired": points}
    return points, publish_notices(
        session, tenant_id, notice_subscribers(session, tenant_id), [("program.closed", data)]
    )


def _holders(session: Session, tenant_id: str, program_id: int) -> list[tuple[str, int]]:
    """Members holding points in the program, with what they hold (available and pending)."""
    rows = session.execute(
        select(col(Balance.account), col(Balance.balance)).where(
            col(Balance.tenant_id) == tenant_id,
            col(Balance.program_id) == program_id,
            col(Balance.account).like(_MEMBER_ACCOUNTS),
            col(Balance.balance) > 0,
        )
    ).tuples()
    held: dict[int, int] = {}
    for account, balance in rows:
        member_id = int(account.split(":")[1])
        held[member_id] = held.get(member_id, 0) + int(balance)
    if not held:
        return []
    named = session.execute(select(col(Member.id), col(Member.external_id)).where(col(Member.id).in_(list(held))))
    names = {member_id: external_id for member_id, external_id in named.tuples()}
    return [(names[member_id], points) for member_id, points in sorted(held.items())]
