"""The ledger side of a return: one transaction of kind `reversal` naming the event, taking back what the return
reverses from the member (the event's own credit still in the return window first, then available points, the
rest as debt) and, when it returns a referral's qualifying event in full, from the referrer (available points,
the rest as the referrer's debt)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from achievements.models import Event
from wallets import ledger
from wallets.accounts import member_available, member_debt, member_pending, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.pending import Crediting, pending_days, release_matured, young_credits


@dataclass(frozen=True)
class Taking:
    """Points taken from one member: `entries` for the transaction, and what became `debt`."""

    entries: tuple[Entry, ...]
    pending: int = 0
    debt: int = 0


def post_reversal(
    session: Session,
    tenant_id: str,
    program: Program,
    event: Event,
    reversal_id: str,
    points: int,
    now: datetime,
    referrer: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Post the return's transaction: `points` from the event's member (negative: give back what a returned
    penalty took) and `referrer` = (member id, points) from the referrer. Returns the effects to report."""
    assert program.id is not None
    member_id = event.member_id
    referrer_points = referrer[1] if referrer else 0
    if not points and not referrer_points:
        return {}
    release_matured(session, tenant_id, program, member_id, now)
    members = [member_id, *([referrer[0]] if referrer and referrer_points else [])]
    accounts = [a for m in members for a in (member_available(m), member_debt(m), member_pending(m))]
    held = {a: b.balance for a, b in ledger.balances(session, tenant_id, program.id, accounts, for_update=True).items()}
    effects: dict[str, Any] = {}
    entries: list[Entry] = []
    if points < 0:
        owed = max(0, -held.get(member_debt(member_id), 0))
        entries += Crediting(pending=False, owed={member_id: owed}).available(member_id, -points)
    elif points:
        young = _young_credit(session, tenant_id, program, event, now)
        taking = _take(held, member_id, points, min(young, held.get(member_pending(member_id), 0)))
        entries += taking.entries
        effects.update({name: value for name, value in (("pending", -taking.pending), ("debt", taking.debt)) if value})
    if referrer is not None and referrer_points:
        taking = _take(held, referrer[0], referrer_points, 0)
        entries += taking.entries
        if taking.debt:
            effects["referrer_debt"] = taking.debt
    ledger.post_many(
        session,
        tenant_id,
        [
            TransactionSpec(
                program_id=program.id,
                kind=Kind.REVERSAL,
                idempotency_key=f"reversal:{reversal_id}",
                entries=(*entries, Entry(program_issued(program.id), points + referrer_points)),
                memo=f"return {reversal_id} of event {event.event_id}"[:500],
                event_id=event.event_id,
                created_at=now,
            )
        ],
    )
    return effects


def _young_credit(session: Session, tenant_id: str, program: Program, event: Event, now: datetime) -> int:
    """What of the event's own credit still waits in the return window."""
    assert program.id is not None
    window = pending_days(program)
    if not window:
        return 0
    cutoff = now - timedelta(days=window)
    return young_credits(session, tenant_id, program.id, event.member_id, cutoff).get(event.event_id, 0)


def _take(held: dict[str, int], member_id: int, points: int, pending: int) -> Taking:
    """`points` from up to `pending` of the member's pending account, then available points, the rest as debt;
    `held` follows what was taken (a referrer may be the member)."""
    from_pending = max(0, min(points, pending))
    from_available = min(points - from_pending, max(0, held.get(member_available(member_id), 0)))
    debt = points - from_pending - from_available
    for account, amount in (
        (member_pending(member_id), from_pending),
        (member_available(member_id), from_available),
        (member_debt(member_id), debt),
    ):
        held[account] = held.get(account, 0) - amount
    entries = tuple(
        entry
        for entry in (
            Entry(member_pending(member_id), -from_pending),
            Entry(member_available(member_id), -from_available),
            Entry(member_debt(member_id), -debt),
        )
        if entry.amount
    )
    return Taking(entries, from_pending, debt)
