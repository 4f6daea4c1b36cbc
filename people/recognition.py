"""Recognition: members thank each other with points from a monthly giving allowance, a message and values.

The allowance is a ledger account per member and month (`allowance:<member>:<YYYY-MM>`, the month in the program's
zone), granted on the member's first recognition of the month; granting a month lapses what is left of earlier
months, so unspent allowance never carries over and is never redeemable. The giver's allowance row is locked
before it is read (PostgreSQL; SQLite writers hold the database lock), so concurrent recognitions from one giver
never give more than the allowance or the per-recipient maximum.

Each given recognition is also two events through the engine (`recognition.given` for the giver,
`recognition.received` for the receiver) in the same transaction, so badges, quests, leaderboards and goals count
them. Above the program's `approval_threshold` a recognition waits (`pending`), its points set aside, until an
approver approves (the points move then) or denies it (they return to the allowance month they came from).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import orjson
from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from achievements.ingest import EventInput, IngestOutcome, ingest_events, program_zone
from core.errors import Conflict, InsufficientPoints, InvalidInput, NotFound
from core.notices import Notice, notice_subscribers, publish_notices
from core.tenancy import Member, get_member
from people.models import Recognition
from people.terms import RecognitionTerms, month_of
from targeting.models import SegmentMember
from wallets import ledger
from wallets.accounts import (
    member_allowance,
    member_available,
    program_allowance,
    program_issued,
    recognition_held,
)
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Balance, LedgerTransaction, Program
from wallets.programs import ProgramNotActive, program_by_id, resolve_program, take_budget

COUNTED = ("given", "pending", "approved")  # what uses up an allowance and the per-recipient maximum


class RecognitionLimit(Conflict):
    title, slug = "Recognition limit reached", "recognition-limit"


class RecognitionState(Conflict):
    """Only a pending recognition can be approved or denied."""

    title, slug = "Recognition state conflict", "recognition-state"


@dataclass(frozen=True)
class RecognitionSpec:
    id: str
    giver: str
    receiver: str
    points: int
    message: str
    values: tuple[str, ...] = ()
    program: str | None = None

    def body_sha256(self) -> str:
        body = [self.giver, self.receiver, self.points, self.message, sorted(self.values), self.program]
        return hashlib.sha256(orjson.dumps(body)).hexdigest()


@dataclass(frozen=True)
class RecognitionView:
    id: str
    giver: str
    receiver: str
    points: int
    message: str
    values: list[str]
    status: str
    month: str
    program: str
    created_at: datetime
    decided_at: datetime | None


@dataclass
class Given:
    """A recognition and what its transaction caused, for the caller to follow up once committed: the engine's
    outcome of its two events, and the webhook deliveries it queued."""

    recognition: RecognitionView
    created: bool
    outcome: IngestOutcome | None = None
    deliveries: list[str] = field(default_factory=list)


def give_recognition(session: Session, tenant_id: str, spec: RecognitionSpec, now: datetime) -> Given:
    program = resolve_program(session, tenant_id, spec.program)
    assert program.id is not None
    existing = _find(session, tenant_id, spec.id)
    if existing is not None:
        if existing.body_sha256 != spec.body_sha256():
            raise Conflict(f"recognition {spec.id!r} was already given with other terms", field="id")
        return Given(_view(session, existing), False)
    if program.status != "active":
        raise ProgramNotActive(f"program {program.key!r} is {program.status}: it takes no recognitions")
    terms = RecognitionTerms.of(program)
    if spec.giver == spec.receiver:
        raise InvalidInput("a member cannot recognise themselves", field="to")
    unknown = sorted(set(spec.values) - set(terms.values))
    if unknown:
        allowed = ", ".join(terms.values) or "none are set"
        raise InvalidInput(f"unknown value(s) {', '.join(unknown)}; the program's values: {allowed}", field="values")
    giver = get_member(session, tenant_id, spec.giver)
    receiver = get_member(session, tenant_id, spec.receiver)
    assert giver.id is not None and receiver.id is not None
    month = month_of(now, program_zone(program))
    account = member_allowance(giver.id, month)
    grant_allowance(session, program, giver.id, month, allowance_of(session, program, terms, giver.id), now)
    held = ledger.balances(session, tenant_id, program.id, [account], for_update=True)
    left = held[account].balance if account in held else 0
    _check_limits(session, program, terms, giver.id, receiver.id, month, spec)
    if left < spec.points:
        raise InsufficientPoints(
            f"{spec.giver!r} has {left} points of allowance left this month, {spec.points} needed", available=left
        )
    pending = terms.approval_threshold is not None and spec.points > terms.approval_threshold
    row = Recognition(
        tenant_id=tenant_id,
        recognition_id=spec.id,
        program_id=program.id,
        giver_id=giver.id,
        receiver_id=receiver.id,
        points=spec.points,
        message=spec.message,
        values=list(spec.values),
        month=month,
        status="pending" if pending else "given",
        body_sha256=spec.body_sha256(),
        created_at=now,
    )
    session.add(row)
    session.flush()
    if pending:
        ledger.post_many(
            session,
            tenant_id,
            [_spec(program, f"recognition:{spec.id}:held", Kind.ALLOWANCE, account, recognition_held(), row, now)],
        )
        return Given(_view(session, row), True)
    outcome, notices = _pay(session, program, row, giver, receiver, account, now)
    return Given(_view(session, row), True, outcome, _publish(session, tenant_id, notices))


def decide_recognition(session: Session, tenant_id: str, recognition_id: str, approve: bool, now: datetime) -> Given:
    """Approve (the points move to the receiver, the events are ingested) or deny (the points return to the
    giver's allowance for the month they came from) a pending recognition."""
    stmt = select(Recognition).where(
        col(Recognition.tenant_id) == tenant_id, col(Recognition.recognition_id) == recognition_id
    )
    row = session.scalar(stmt.with_for_update() if session.get_bind().dialect.name == "postgresql" else stmt)
    if row is None:
        raise NotFound(f"recognition {recognition_id!r} not found")
    if row.status != "pending":
        raise RecognitionState(f"recognition {recognition_id!r} is {row.status}, not pending", state=row.status)
    program = program_by_id(session, row.program_id)
    giver, receiver = session.get(Member, row.giver_id), session.get(Member, row.receiver_id)
    assert giver is not None and receiver is not None
    row.decided_at = now
    if approve:
        row.status = "approved"
        session.add(row)
        session.flush()
        outcome, notices = _pay(session, program, row, giver, receiver, recognition_held(), now)
        return Given(_view(session, row), True, outcome, _publish(session, tenant_id, notices))
    row.status = "denied"
    session.add(row)
    session.flush()
    refund = member_allowance(row.giver_id, row.month)
    key = f"recognition:{row.recognition_id}:denied"
    ledger.post_many(session, tenant_id, [_spec(program, key, Kind.ALLOWANCE, recognition_held(), refund, row, now)])
    return Given(_view(session, row), True)


def _spec(
    program: Program, key: str, kind: Kind, source: str, target: str, row: Recognition, now: datetime
) -> TransactionSpec:
    assert program.id is not None
    return TransactionSpec(
        program_id=program.id,
        kind=kind,
        idempotency_key=key,
        entries=(Entry(source, -row.points), Entry(target, row.points)),
        memo=f"recognition {row.recognition_id}"[:500],
        created_at=now,
    )


def _pay(
    session: Session,
    program: Program,
    row: Recognition,
    giver: Member,
    receiver: Member,
    source: str,
    now: datetime,
) -> tuple[IngestOutcome, list[Notice]]:
    """Move the points from `source` (the allowance, or the held account) to the receiver, as newly issued points
    (they count against the program's budget), and send the two events through the engine."""
    assert program.id is not None and receiver.id is not None
    take_budget(session, program, row.points)
    memo = f"recognition {row.recognition_id} from {giver.external_id} to {receiver.external_id}: {row.message}"
    ledger.post_many(
        session,
        program.tenant_id,
        [
            TransactionSpec(
                program_id=program.id,
                kind=Kind.RECOGNITION,
                idempotency_key=f"recognition:{row.recognition_id}",
                entries=(
                    Entry(source, -row.points),
                    Entry(program_allowance(program.id), row.points),
                    Entry(member_available(receiver.id), row.points),
                    Entry(program_issued(program.id), -row.points),
                ),
                memo=memo[:500],
                created_at=now,
            )
        ],
    )
    common = {"recognition": row.recognition_id, "points": row.points, "values": row.values}
    events = [
        EventInput(
            id=f"recognition:{row.recognition_id}:given",
            member=giver.external_id,
            type="recognition.given",
            properties={**common, "to": receiver.external_id},
            occurred_at=now,
            program=program.key,
        ),
        EventInput(
            id=f"recognition:{row.recognition_id}:received",
            member=receiver.external_id,
            type="recognition.received",
            properties={**common, "from": giver.external_id},
            occurred_at=now,
            program=program.key,
        ),
    ]
    outcome = ingest_events(session, program.tenant_id, events)
    for result in outcome.results:
        if result.error is not None:
            raise result.error
    notices: list[Notice] = [
        ("recognition.given", {"member": giver.external_id, "to": receiver.external_id, **common}),
        (
            "recognition.received",
            {"member": receiver.external_id, "from": giver.external_id, "message": row.message, **common},
        ),
    ]
    return outcome, notices


def _publish(session: Session, tenant_id: str, notices: list[Notice]) -> list[str]:
    hooks = notice_subscribers(session, tenant_id)
    return publish_notices(session, tenant_id, hooks, notices) if hooks else []


def allowance_of(session: Session, program: Program, terms: RecognitionTerms, member_id: int) -> int:
    """The member's monthly allowance: the program's, or the largest of the segments the member is in."""
    if not terms.segment_allowances:
        return terms.monthly_allowance
    inside = session.scalars(
        select(col(SegmentMember.segment)).where(
            col(SegmentMember.tenant_id) == program.tenant_id,
            col(SegmentMember.member_id) == member_id,
            col(SegmentMember.segment).in_(list(terms.segment_allowances)),
        )
    ).all()
    return max([terms.monthly_allowance, *(terms.segment_allowances[key] for key in inside)])


def grant_allowance(
    session: Session, program: Program, member_id: int, month: str, allowance: int, now: datetime
) -> None:
    """Grant this month's allowance once (its idempotency key decides a race; the loser's unit of work runs again)
    and lapse whatever earlier months left. The first grant of a month stands: a changed allowance applies from the
    next month."""
    assert program.id is not None
    key = f"allowance:{program.id}:{member_id}:{month}"
    granted = session.scalar(
        select(col(LedgerTransaction.id)).where(
            col(LedgerTransaction.tenant_id) == program.tenant_id, col(LedgerTransaction.idempotency_key) == key
        )
    )
    if granted is not None:
        return
    counter = program_allowance(program.id)
    specs = [
        TransactionSpec(
            program_id=program.id,
            kind=Kind.ALLOWANCE,
            idempotency_key=f"allowance:{program.id}:{member_id}:{old}:lapsed:{month}",
            entries=(Entry(account, -left), Entry(counter, left)),
            memo=f"allowance {old} lapsed",
            created_at=now,
        )
        for account, old, left in _earlier_months(session, program, member_id, month)
    ]
    if allowance > 0:
        specs.append(
            TransactionSpec(
                program_id=program.id,
                kind=Kind.ALLOWANCE,
                idempotency_key=key,
                entries=(Entry(member_allowance(member_id, month), allowance), Entry(counter, -allowance)),
                memo=f"allowance {month}",
                created_at=now,
            )
        )
    ledger.post_many(session, program.tenant_id, specs)


def _earlier_months(session: Session, program: Program, member_id: int, month: str) -> list[tuple[str, str, int]]:
    prefix = member_allowance(member_id, "")
    rows = session.execute(
        select(col(Balance.account), col(Balance.balance)).where(
            col(Balance.tenant_id) == program.tenant_id,
            col(Balance.program_id) == program.id,
            col(Balance.account).startswith(prefix, autoescape=True),
            col(Balance.balance) != 0,
        )
    ).tuples()
    return [
        (account, account.removeprefix(prefix), balance)
        for account, balance in rows
        if account.removeprefix(prefix) < month
    ]


def allowance_left(session: Session, program: Program, member_id: int, now: datetime) -> tuple[str, int]:
    """(month, allowance left): what the member may still give this month, counting an allowance not granted yet."""
    assert program.id is not None
    terms = RecognitionTerms.of(program)
    month = month_of(now, program_zone(program))
    account = member_allowance(member_id, month)
    rows = ledger.balance_rows(session, program.tenant_id, program.id, [account])
    granted = session.scalar(
        select(col(LedgerTransaction.id)).where(
            col(LedgerTransaction.tenant_id) == program.tenant_id,
            col(LedgerTransaction.idempotency_key) == f"allowance:{program.id}:{member_id}:{month}",
        )
    )
    if granted is None:
        return month, allowance_of(session, program, terms, member_id)
    return month, rows[0][1] if rows else 0


def _check_limits(
    session: Session,
    program: Program,
    terms: RecognitionTerms,
    giver_id: int,
    receiver_id: int,
    month: str,
    spec: RecognitionSpec,
) -> None:
    in_month = (
        col(Recognition.tenant_id) == program.tenant_id,
        col(Recognition.program_id) == program.id,
        col(Recognition.month) == month,
        col(Recognition.status).in_(COUNTED),
    )
    if terms.max_per_recipient is not None:
        given = session.scalar(
            select(func.coalesce(func.sum(col(Recognition.points)), 0)).where(
                *in_month, col(Recognition.giver_id) == giver_id, col(Recognition.receiver_id) == receiver_id
            )
        )
        left = max(terms.max_per_recipient - int(given or 0), 0)
        if spec.points > left:
            raise RecognitionLimit(
                f"{spec.giver!r} may give {spec.receiver!r} {left} more points this month"
                f" (at most {terms.max_per_recipient} a month)",
                remaining=left,
            )
    if terms.reciprocal_limit is not None:
        pair = or_(
            and_(col(Recognition.giver_id) == giver_id, col(Recognition.receiver_id) == receiver_id),
            and_(col(Recognition.giver_id) == receiver_id, col(Recognition.receiver_id) == giver_id),
        )
        rows = session.execute(
            select(col(Recognition.giver_id), func.count()).where(*in_month, pair).group_by(col(Recognition.giver_id))
        ).tuples()
        counts = {giver: int(count) for giver, count in rows}
        if counts.get(receiver_id, 0) and sum(counts.values()) >= terms.reciprocal_limit:
            raise RecognitionLimit(
                f"{spec.giver!r} and {spec.receiver!r} have exchanged {sum(counts.values())} recognitions this month;"
                f" the program allows {terms.reciprocal_limit} between two members who recognise each other",
                remaining=0,
            )


def list_recognitions(
    session: Session,
    tenant_id: str,
    *,
    member: str | None = None,
    team: str | None = None,
    status: str | None = None,
    before: int | None = None,
    limit: int = 50,
    program: str | None = None,
) -> tuple[list[RecognitionView], int | None]:
    """The feed, newest first: recognitions given or received by a member, or by anyone on a team (members whose
    team attribute, `team` unless the program's recognition setting names another, has this value)."""
    program_row = resolve_program(session, tenant_id, program)
    stmt = select(Recognition).where(
        col(Recognition.tenant_id) == tenant_id, col(Recognition.program_id) == program_row.id
    )
    if member is not None:
        row = get_member(session, tenant_id, member)
        stmt = stmt.where(or_(col(Recognition.giver_id) == row.id, col(Recognition.receiver_id) == row.id))
    if team is not None:
        attribute = (program_row.settings.get("recognition") or {}).get("team_attribute", "team")
        ids = team_member_ids(session, tenant_id, attribute, team)
        stmt = stmt.where(or_(col(Recognition.giver_id).in_(ids), col(Recognition.receiver_id).in_(ids)))
    if status is not None:
        stmt = stmt.where(col(Recognition.status) == status)
    if before is not None:
        stmt = stmt.where(col(Recognition.id) < before)
    rows = session.scalars(stmt.order_by(col(Recognition.id).desc()).limit(limit)).all()
    cursor = rows[-1].id if len(rows) == limit else None
    return [_view(session, row) for row in rows], cursor


def team_member_ids(session: Session, tenant_id: str, attribute: str, team: str) -> list[int]:
    """Members whose string attribute `attribute` is `team` (teams are named by strings)."""
    ids = session.scalars(
        select(col(Member.id)).where(
            col(Member.tenant_id) == tenant_id, col(Member.attributes)[attribute].as_string() == team
        )
    ).all()
    return [member_id for member_id in ids if member_id is not None]


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    count: int
    points: int


def reciprocal_pairs(session: Session, tenant_id: str, month: str, *, limit: int = 10) -> list[Pair]:
    """The pairs that recognise each other the most this month (both ways, counted together)."""
    rows = session.execute(
        select(col(Recognition.giver_id), col(Recognition.receiver_id), func.count(), func.sum(col(Recognition.points)))
        .where(
            col(Recognition.tenant_id) == tenant_id,
            col(Recognition.month) == month,
            col(Recognition.status).in_(COUNTED),
        )
        .group_by(col(Recognition.giver_id), col(Recognition.receiver_id))
    ).tuples()
    ways = {(giver, receiver): (int(count), int(points or 0)) for giver, receiver, count, points in rows}
    pairs = []
    for (giver, receiver), (count, points) in ways.items():
        back = ways.get((receiver, giver))
        if back is not None and giver < receiver:
            pairs.append((giver, receiver, count + back[0], points + back[1]))
    pairs.sort(key=lambda p: (-p[2], -p[3]))
    names = _names(session, {m for p in pairs[:limit] for m in p[:2]})
    return [Pair(names[a], names[b], count, points) for a, b, count, points in pairs[:limit]]


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(col(Member.id), col(Member.external_id)).where(col(Member.id).in_(ids))).tuples()
    return {member_id: external_id for member_id, external_id in rows}


def _find(session: Session, tenant_id: str, recognition_id: str) -> Recognition | None:
    return session.scalar(
        select(Recognition).where(
            col(Recognition.tenant_id) == tenant_id, col(Recognition.recognition_id) == recognition_id
        )
    )


def get_recognition(session: Session, tenant_id: str, recognition_id: str) -> RecognitionView:
    row = _find(session, tenant_id, recognition_id)
    if row is None:
        raise NotFound(f"recognition {recognition_id!r} not found")
    return _view(session, row)


def _view(session: Session, row: Recognition) -> RecognitionView:
    names = _names(session, {row.giver_id, row.receiver_id})
    return RecognitionView(
        id=row.recognition_id,
        giver=names[row.giver_id],
        receiver=names[row.receiver_id],
        points=row.points,
        message=row.message,
        values=list(row.values),
        status=row.status,
        month=row.month,
        program=program_by_id(session, row.program_id).key,
        created_at=row.created_at,
        decided_at=row.decided_at,
    )


@dataclass(frozen=True)
class AllowanceRow:
    member: str
    left: int


def allowances_this_month(
    session: Session, tenant_id: str, now: datetime, program: str | None = None
) -> list[AllowanceRow]:
    """What each member who has given this month has left of their allowance, least first."""
    program_row = resolve_program(session, tenant_id, program)
    month = month_of(now, program_zone(program_row))
    rows = session.execute(
        select(col(Balance.account), col(Balance.balance)).where(
            col(Balance.tenant_id) == tenant_id,
            col(Balance.program_id) == program_row.id,
            col(Balance.account).startswith("allowance:", autoescape=True),
            col(Balance.account).endswith(f":{month}", autoescape=True),
        )
    ).tuples()
    lefts = {int(account.split(":")[1]): balance for account, balance in rows}
    names = _names(session, set(lefts))
    return sorted((AllowanceRow(names[m], left) for m, left in lefts.items()), key=lambda r: (r.left, r.member))
