"""Points inside a program's return window, and what members owe once a return took back points already spent.

Pending: with the program setting `pending_days`, what an event earns is credited to the member's pending account
and becomes available `pending_days` after it was credited — moved by the `release-pending` job, and whenever the
balance is read. Which credits are still inside the window is derived from the postings, grouped by the event they
belong to, rather than kept in a second table: a return inside the window takes back from its event's own credit.

Debt: a return takes at most what the member holds; the rest goes to the member's debt account (a negative balance),
and the next points that become available for the member pay it off first.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from core import stamps
from core.db import is_read_only, one_of, require_writable, run_in_transaction, unit_of_work
from core.errors import InvalidInput
from wallets import ledger
from wallets.accounts import DEBT_PREFIX, member_available, member_debt, member_pending
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Balance, LedgerTransaction, Payout, Posting, Program

MAX_PENDING_DAYS = 365
UNSETTLED_PAYOUTS = ("on_hold", "queued", "submitted")  # the payout statuses whose points are reserved


def pending_days(program: Program) -> int:
    return int(program.settings.get("pending_days") or 0)


def check_pending_days(value: Any) -> None:
    """`pending_days`: the return window; earned points stay pending this many days (null or 0: none)."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365):
        raise InvalidInput(
            f"pending_days must be an integer from 0 to {MAX_PENDING_DAYS}, or null", field="settings.pending_days"
        )


def debts(session: Session, tenant_id: str, program_id: int, member_ids: Iterable[int]) -> dict[int, int]:
    """What each of these members owes (only members who owe something). In a tenant whose members never owed
    anything, nothing is read but its flag: the flag is read here, on the connection (not as read up front with the
    transaction's other stamps), so that, like the balances it stands for, it is read after the members' locks."""
    accounts = {member_debt(m): m for m in member_ids}
    if not accounts or not _may_owe(session, tenant_id):
        return {}
    return {
        accounts[account]: -balance
        for account, balance, _ in ledger.balance_rows(session, tenant_id, program_id, accounts)
        if balance < 0
    }


def _may_owe(session: Session, tenant_id: str) -> bool:
    return bool(stamps.read(session.connection(), ledger.debts_scope(tenant_id))) or _owing_unflagged.held(
        session, tenant_id
    )


def _holds_debt(session: Session, tenant_id: str) -> bool:
    query = select(col(Balance.account)).where(
        col(Balance.tenant_id) == tenant_id, col(Balance.account).startswith(DEBT_PREFIX)
    )
    return session.scalar(query.limit(1)) is not None


# Debts recorded before the flag existed: looked for once per process while the tenant's flag is unset.
_owing_unflagged = stamps.Presence(ledger.debts_scope, _holds_debt)


@dataclass
class Crediting:
    """Where a member's new points go: the pending account inside a return window, else available points less
    what pays off the member's debt. `owed` is kept up to date across one batch."""

    pending: bool
    owed: dict[int, int] = field(default_factory=dict)

    def lands_available(self, member_id: int) -> bool:
        """Whether all of this member's next points land on their available points (one posting)."""
        return not self.pending and not self.owed.get(member_id)

    def entries(self, member_id: int, points: int) -> tuple[Entry, ...]:
        if points > 0 and self.pending:
            return (Entry(member_pending(member_id), points),)
        return self.available(member_id, points)

    def available(self, member_id: int, points: int) -> tuple[Entry, ...]:
        settled = min(max(points, 0), self.owed.get(member_id, 0))
        if not settled:
            return (Entry(member_available(member_id), points),)
        self.owed[member_id] -= settled
        return tuple(
            entry
            for entry in (Entry(member_available(member_id), points - settled), Entry(member_debt(member_id), settled))
            if entry.amount
        )


def young_credits(
    session: Session, tenant_id: str, program_id: int, member_id: int, cutoff: datetime
) -> dict[str | None, int]:
    """Per event, what of its pending credit is still inside the window: the net of pending postings since
    `cutoff`, for events whose credit itself is that recent (a group holding a positive posting)."""
    rows = session.execute(
        select(col(LedgerTransaction.event_id), func.sum(col(Posting.amount)))
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
        .where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.program_id) == program_id,
            col(Posting.account) == member_pending(member_id),
            col(Posting.created_at) > cutoff,
            col(LedgerTransaction.event_id).is_not(None),
        )
        .group_by(col(LedgerTransaction.event_id))
        .having(func.max(col(Posting.amount)) > 0)
    ).tuples()
    return {event_id: int(total) for event_id, total in rows}


def release_matured(session: Session, tenant_id: str, program: Program, member_id: int, now: datetime) -> int:
    """Move what is past the window from the member's pending account to available points (paying debt first).
    Returns the points released. Locks the member's balances (PostgreSQL) so two readers release once."""
    assert program.id is not None
    accounts = [member_available(member_id), member_debt(member_id), member_pending(member_id)]
    rows = ledger.balances(session, tenant_id, program.id, accounts, for_update=not is_read_only(session))
    held = rows[member_pending(member_id)].balance if member_pending(member_id) in rows else 0
    if held <= 0:
        return 0
    days = pending_days(program)
    young = sum(young_credits(session, tenant_id, program.id, member_id, now - timedelta(days=days)).values())
    matured = min(held, held - young) if days else held
    if matured <= 0:
        return 0
    require_writable(session)
    owed = -rows[member_debt(member_id)].balance if member_debt(member_id) in rows else 0
    crediting = Crediting(pending=False, owed={member_id: max(owed, 0)})
    last = session.scalar(
        select(func.max(col(Posting.id))).where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.program_id) == program.id,
            col(Posting.account) == member_pending(member_id),
        )
    )
    ledger.post_many(
        session,
        tenant_id,
        [
            TransactionSpec(
                program_id=program.id,
                kind=Kind.RELEASE,
                # The same pending history gives the same key: a concurrent release of the same points fails.
                idempotency_key=f"release:{member_id}:{last}",
                entries=(Entry(member_pending(member_id), -matured), *crediting.available(member_id, matured)),
                memo="return window over",
                created_at=now,
            )
        ],
    )
    return matured


def members_with_pending(session: Session, tenant_id: str, program_id: int) -> list[int]:
    accounts = session.scalars(
        select(col(Balance.account)).where(
            col(Balance.tenant_id) == tenant_id,
            col(Balance.program_id) == program_id,
            col(Balance.account).like("member:%:pending"),
            col(Balance.balance) > 0,
        )
    )
    return sorted(int(account.split(":")[1]) for account in accounts)


def release_program(session: Session, program: Program, now: datetime) -> tuple[int, int]:
    """Release what is due for every member of a program; (members, points)."""
    assert program.id is not None
    members = points = 0
    for member_id in members_with_pending(session, program.tenant_id, program.id):
        released = release_matured(session, program.tenant_id, program, member_id, now)
        members += released > 0
        points += released
    return members, points


def programs_with_pending(session: Session, tenant_id: str | None = None) -> list[Program]:
    """Programs that hold pending points: a window, or one that was just switched off and still holds some."""
    held = select(col(Balance.program_id)).where(
        col(Balance.account).like("member:%:pending"), col(Balance.balance) > 0
    )
    stmt = select(Program).where(col(Program.id).in_(held)).order_by(col(Program.id))
    if tenant_id is not None:
        stmt = stmt.where(col(Program.tenant_id) == tenant_id)
    return list(session.scalars(stmt))


def in_payout(session: Session, tenant_id: str, program_id: int, member_ids: Iterable[int]) -> dict[int, int]:
    """Points reserved by each member's payouts that are not settled yet (held, queued or on their way)."""
    ids = list(member_ids)
    rows = session.execute(
        select(col(Payout.member_id), func.sum(col(Payout.points)))
        .where(
            col(Payout.tenant_id) == tenant_id,
            col(Payout.program_id) == program_id,
            one_of(session.get_bind(), col(Payout.member_id), ids),
            col(Payout.status).in_(UNSETTLED_PAYOUTS),
        )
        .group_by(col(Payout.member_id))
    ).tuples()
    return {member_id: int(total or 0) for member_id, total in rows}


@dataclass(frozen=True)
class ReleaseReport:
    members: int = 0
    points: int = 0


def release_pending(engine: Engine, tenant_id: str | None, now: datetime) -> ReleaseReport:
    """The release job: pending points past their window become available, one transaction per program."""
    with unit_of_work(engine, read_only=True) as session:
        program_ids = [p.id for p in programs_with_pending(session, tenant_id)]
    members = points = 0
    for program_id in program_ids:

        def release(session: Session, program_id: int | None = program_id) -> tuple[int, int]:
            program = session.get(Program, program_id)
            return release_program(session, program, now) if program is not None else (0, 0)

        done = run_in_transaction(engine, release)
        members, points = members + done[0], points + done[1]
    return ReleaseReport(members, points)
