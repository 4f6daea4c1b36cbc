"""Transfers: a member gives points from their available balance to another (a reader tipping an author).

One ledger transaction moves the points, keyed by the app's transfer id, so a retry moves nothing twice. The
sender's available balance row is locked (PostgreSQL; SQLite writers hold the database lock) before the daily
limit and the balance are read, so concurrent transfers from one member never overdraw or pass the limit.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from achievements.ingest import program_zone
from core.errors import Conflict, InsufficientPoints, InvalidInput, NotFound
from core.notices import Notice, notice_subscribers, publish_notices
from core.tenancy import Member, get_member
from people.models import Transfer
from people.terms import TransferTerms
from wallets import ledger
from wallets.accounts import member_available
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.programs import ProgramNotActive, program_by_id, resolve_program


class TransferLimit(Conflict):
    title, slug = "Transfer limit reached", "transfer-limit"


@dataclass(frozen=True)
class TransferSpec:
    id: str
    sender: str
    receiver: str
    points: int
    note: str | None = None
    program: str | None = None

    def body_sha256(self) -> str:
        body = [self.sender, self.receiver, self.points, self.note, self.program]
        return hashlib.sha256(orjson.dumps(body)).hexdigest()


@dataclass(frozen=True)
class TransferView:
    id: str
    sender: str
    receiver: str
    points: int
    note: str | None
    program: str
    created_at: datetime


def transfer_points(
    session: Session, tenant_id: str, spec: TransferSpec, now: datetime
) -> tuple[TransferView, bool, list[str]]:
    """The transfer, made (True) or found again for a repeated id and body (False); with the webhook deliveries it
    queued (`transfer.sent` and `transfer.received`), for the caller to nudge once committed."""
    program = resolve_program(session, tenant_id, spec.program)
    assert program.id is not None
    existing = _find(session, tenant_id, spec.id)
    if existing is not None:
        if existing.body_sha256 != spec.body_sha256():
            raise Conflict(f"transfer {spec.id!r} was already made with other terms", field="id")
        return _view(session, existing), False, []
    if program.status != "active":
        raise ProgramNotActive(f"program {program.key!r} is {program.status}: it takes no transfers")
    terms = TransferTerms.of(program)
    if spec.sender == spec.receiver:
        raise InvalidInput("a member cannot transfer points to themselves", field="to")
    if spec.points < terms.min or (terms.max is not None and spec.points > terms.max):
        most = f" and at most {terms.max}" if terms.max is not None else ""
        raise InvalidInput(f"a transfer is at least {terms.min}{most} points", field="points")
    sender = get_member(session, tenant_id, spec.sender)
    receiver = get_member(session, tenant_id, spec.receiver)
    assert sender.id is not None and receiver.id is not None
    account = member_available(sender.id)
    held = ledger.balances(session, tenant_id, program.id, [account], for_update=True)
    available = held[account].balance if account in held else 0
    if terms.daily_limit is not None:
        sent = _sent_today(session, program, sender.id, now)
        if sent + spec.points > terms.daily_limit:
            left = max(terms.daily_limit - sent, 0)
            raise TransferLimit(
                f"{spec.sender!r} may send {left} more points today (daily limit {terms.daily_limit})",
                remaining_today=left,
            )
    if available < spec.points:
        raise InsufficientPoints(
            f"{spec.sender!r} has {available} points available, {spec.points} needed", available=available
        )
    memo = f"transfer {spec.id} from {spec.sender} to {spec.receiver}" + (f": {spec.note}" if spec.note else "")
    ledger.post_many(
        session,
        tenant_id,
        [
            TransactionSpec(
                program_id=program.id,
                kind=Kind.TRANSFER,
                idempotency_key=f"transfer:{spec.id}",
                entries=(Entry(account, -spec.points), Entry(member_available(receiver.id), spec.points)),
                memo=memo[:500],
                created_at=now,
            )
        ],
    )
    row = Transfer(
        tenant_id=tenant_id,
        transfer_id=spec.id,
        program_id=program.id,
        sender_id=sender.id,
        receiver_id=receiver.id,
        points=spec.points,
        note=spec.note,
        body_sha256=spec.body_sha256(),
        created_at=now,
    )
    session.add(row)
    session.flush()
    view = _view(session, row)
    common = {"transfer": spec.id, "points": spec.points, "note": spec.note, "program": program.key}
    notices: list[Notice] = [
        ("transfer.sent", {"member": spec.sender, "to": spec.receiver, **common}),
        ("transfer.received", {"member": spec.receiver, "from": spec.sender, **common}),
    ]
    hooks = notice_subscribers(session, tenant_id)
    return view, True, publish_notices(session, tenant_id, hooks, notices) if hooks else []


def get_transfer(session: Session, tenant_id: str, transfer_id: str) -> TransferView:
    row = _find(session, tenant_id, transfer_id)
    if row is None:
        raise NotFound(f"transfer {transfer_id!r} not found")
    return _view(session, row)


def member_transfers(session: Session, tenant_id: str, member_id: int, *, limit: int = 20) -> list[TransferView]:
    """The member's transfers either way, newest first."""
    rows = session.scalars(
        select(Transfer)
        .where(
            col(Transfer.tenant_id) == tenant_id,
            or_(col(Transfer.sender_id) == member_id, col(Transfer.receiver_id) == member_id),
        )
        .order_by(col(Transfer.id).desc())
        .limit(limit)
    ).all()
    return [_view(session, row) for row in rows]


def _sent_today(session: Session, program: Program, sender_id: int, now: datetime) -> int:
    zone = program_zone(program)
    local = now.astimezone(zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=1, hours=1)).replace(hour=0)  # the next local midnight, across a DST change too
    total = session.scalar(
        select(func.coalesce(func.sum(col(Transfer.points)), 0)).where(
            col(Transfer.tenant_id) == program.tenant_id,
            col(Transfer.program_id) == program.id,
            col(Transfer.sender_id) == sender_id,
            col(Transfer.created_at) >= start,
            col(Transfer.created_at) < end,
        )
    )
    return int(total or 0)


def _find(session: Session, tenant_id: str, transfer_id: str) -> Transfer | None:
    return session.scalar(
        select(Transfer).where(col(Transfer.tenant_id) == tenant_id, col(Transfer.transfer_id) == transfer_id)
    )


def _view(session: Session, row: Transfer) -> TransferView:
    sender = session.get(Member, row.sender_id)
    receiver = session.get(Member, row.receiver_id)
    assert sender is not None and receiver is not None
    return TransferView(
        id=row.transfer_id,
        sender=sender.external_id,
        receiver=receiver.external_id,
        points=row.points,
        note=row.note,
        program=program_by_id(session, row.program_id).key,
        created_at=row.created_at,
    )
