"""Manual awards: an operator adjusts a member's points, grants or revokes a badge, or gives streak freezes, by
hand and for a stated reason. Each is recorded as a `ManualAward` naming who did it (the API key, or the console
signed in with one) and why; points move through the ledger as an `adjust` transaction whose memo says the same.

Adjustments and freezes carry the client's `id`: the same id with the same body answers the first result again,
with another body a 409. A badge grant is idempotent by nature (a held badge is not granted twice).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import delete, select
from sqlmodel import Session, col

from achievements.catalog import load_rulebook
from achievements.definitions import BadgeSpec
from achievements.engine import period_of
from achievements.freezes import HELD, change_freezes, locked_stats
from achievements.ingest import program_zone
from achievements.models import ManualAward, MemberBadge
from achievements.state import grant_badge
from core.errors import Conflict, InsufficientPoints, NotFound
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member, get_member
from core.types import utcnow
from wallets import ledger
from wallets.accounts import member_available, member_debt, program_issued
from wallets.badge_nfts import queue_badge_mints
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.pending import Crediting
from wallets.programs import resolve_program

POINTS, BADGE_GRANT, BADGE_REVOKE, FREEZES = "points", "badge_grant", "badge_revoke", "streak_freezes"


@dataclass(frozen=True)
class ManualAwardView:
    id: int
    kind: str
    award_id: str | None
    member: str
    program: str
    points: int
    badge: str | None
    freezes: int
    reason: str
    actor: str
    transaction_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class Done:
    """A manual award as recorded, and whether this call recorded it (False: a replay, or already so)."""

    award: ManualAwardView
    created: bool
    held: int | None = None  # streak freezes held after a grant


def adjust_points(
    session: Session,
    tenant_id: str,
    external_id: str,
    *,
    award_id: str,
    points: int,
    reason: str,
    program: str | None,
    actor: str,
) -> Done:
    """Add or take points. Taking never goes below zero: a 409 says how many points are available."""
    digest = _digest({"points": points, "reason": reason, "program": program, "member": external_id})
    replay = _replay(session, tenant_id, POINTS, award_id, digest)
    if replay is not None:
        return replay
    member, program_row = _member_and_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    award = _record(session, tenant_id, program_row, member, POINTS, reason, actor, award_id, digest, points=points)
    spec = TransactionSpec(
        program_id=program_row.id,
        kind=Kind.ADJUST,
        idempotency_key=f"manual:{award.id}",
        entries=_credit(session, tenant_id, program_row.id, member.id, points),
        memo=_memo(f"adjustment: {reason}", actor),
    )
    try:
        award.transaction_id = ledger.post(session, tenant_id, spec).id
    except InsufficientPoints as exc:
        available = ledger.balances(session, tenant_id, program_row.id, [member_available(member.id)])
        held = available[member_available(member.id)].balance if available else 0
        raise InsufficientPoints(
            f"member {external_id!r} has {held} points available, fewer than the {-points} to take",
            available=held,
        ) from exc
    session.add(award)
    session.flush()
    return Done(_view(award, member.external_id, program_row.key), created=True)


def give_streak_freezes(
    session: Session,
    tenant_id: str,
    external_id: str,
    *,
    award_id: str,
    count: int,
    reason: str,
    program: str | None,
    actor: str,
) -> Done:
    digest = _digest({"count": count, "reason": reason, "program": program, "member": external_id})
    replay = _replay(session, tenant_id, FREEZES, award_id, digest)
    if replay is not None:
        return replay
    member, program_row = _member_and_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    award = _record(session, tenant_id, program_row, member, FREEZES, reason, actor, award_id, digest, freezes=count)
    held = change_freezes(session, tenant_id, program_row.id, member.id, count)
    return Done(_view(award, member.external_id, program_row.key), created=True, held=held)


def grant_badge_by_hand(
    session: Session, tenant_id: str, external_id: str, *, badge: str, reason: str, program: str | None, actor: str
) -> Done:
    """Award a badge as if earned now: its bonus points, streak freezes and token follow. Granting a badge the
    member holds (for the current period, if it repeats) changes nothing and answers the earlier grant."""
    member, program_row = _member_and_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    spec, version = _badge(session, tenant_id, program_row, badge)
    stats = locked_stats(session, tenant_id, program_row.id, member.id)
    now = utcnow()
    period = period_of(now, spec.repeat, program_zone(program_row))
    if not grant_badge(
        session, tenant_id, program_row.id, [member.id], badge, period=period, version=version, event_id=None, at=now
    ):
        earlier = _latest(session, tenant_id, member.id, BADGE_GRANT, badge)
        if earlier is None:
            raise Conflict(f"member {external_id!r} already holds badge {badge!r} (earned, not granted by hand)")
        return Done(_view(earlier, member.external_id, program_row.key), created=False)
    award = _record(session, tenant_id, program_row, member, BADGE_GRANT, reason, actor, None, "", badge=badge)
    if spec.points:
        award.points = spec.points
        award.transaction_id = ledger.post(
            session,
            tenant_id,
            TransactionSpec(
                program_id=program_row.id,
                kind=Kind.EARN,
                idempotency_key=f"manual:{award.id}",
                entries=_credit(session, tenant_id, program_row.id, member.id, spec.points),
                memo=_memo(f"badge:{badge} granted: {reason}", actor),
            ),
        ).id
        session.add(award)
    if spec.streak_freezes:
        stats.counters = {**stats.counters, HELD: stats.counters.get(HELD, 0) + spec.streak_freezes}
        session.add(stats)
    if spec.nft:
        queue_badge_mints(session, tenant_id, [(member.id, badge)], spec.nft)
    notice = {"member": member.external_id, "event_id": None, "key": badge, "name": spec.name, "points": spec.points}
    if hooks := notice_subscribers(session, tenant_id):
        publish_notices(session, tenant_id, hooks, [("badge.awarded", notice)])
    session.flush()
    return Done(_view(award, member.external_id, program_row.key), created=True)


def revoke_badge(
    session: Session, tenant_id: str, external_id: str, *, badge: str, reason: str, program: str | None, actor: str
) -> Done:
    """Take a badge back: every award of it (each period of a repeating one) and its progress, so the next event
    starts counting afresh. Bonus points it paid stay (adjust them separately); a minted token stays on chain."""
    member, program_row = _member_and_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    stats = locked_stats(session, tenant_id, program_row.id, member.id)
    removed = session.execute(
        delete(MemberBadge).where(
            col(MemberBadge.program_id) == program_row.id,
            col(MemberBadge.member_id) == member.id,
            col(MemberBadge.badge) == badge,
        )
    )
    if not removed.rowcount:  # type: ignore[attr-defined]
        raise NotFound(f"member {external_id!r} does not hold badge {badge!r}")
    progress = f"badge:{badge}"
    stats.counters = {k: v for k, v in stats.counters.items() if k != progress and not k.startswith(progress + ":")}
    session.add(stats)
    award = _record(session, tenant_id, program_row, member, BADGE_REVOKE, reason, actor, None, "", badge=badge)
    return Done(_view(award, member.external_id, program_row.key), created=True)


def manual_awards_of(
    session: Session, tenant_id: str, external_id: str, *, limit: int = 50, before: int | None = None
) -> list[ManualAwardView]:
    """The member's manual awards, newest first (all programs)."""
    member = get_member(session, tenant_id, external_id)
    stmt = (
        select(ManualAward, col(Program.key))
        .join(Program, col(Program.id) == col(ManualAward.program_id))
        .where(col(ManualAward.tenant_id) == tenant_id, col(ManualAward.member_id) == member.id)
        .order_by(col(ManualAward.id).desc())
        .limit(limit)
    )
    if before is not None:
        stmt = stmt.where(col(ManualAward.id) < before)
    return [_view(award, member.external_id, key) for award, key in session.execute(stmt).tuples()]


def _credit(session: Session, tenant_id: str, program_id: int, member_id: int, points: int) -> tuple[Entry, ...]:
    """Points given by hand pay the member's debt first, as every earning does (outside any return window: they
    are not a purchase); points taken come from available points only."""
    owed = 0
    if points > 0:  # the debt row locked (PostgreSQL) so a concurrent earning cannot settle the same debt
        held = ledger.balances(session, tenant_id, program_id, [member_debt(member_id)], for_update=True)
        owed = max(-sum(row.balance for row in held.values()), 0)
    return (
        *Crediting(pending=False, owed={member_id: owed}).available(member_id, points),
        Entry(program_issued(program_id), -points),
    )


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _memo(what: str, actor: str) -> str:
    return f"{what} (by {actor})"[:500]


def _replay(session: Session, tenant_id: str, kind: str, award_id: str, digest: str) -> Done | None:
    stmt = (
        select(ManualAward, col(Member.external_id), col(Program.key))
        .join(Member, col(Member.id) == col(ManualAward.member_id))
        .join(Program, col(Program.id) == col(ManualAward.program_id))
        .where(
            col(ManualAward.tenant_id) == tenant_id,
            col(ManualAward.kind) == kind,
            col(ManualAward.award_id) == award_id,
        )
    )
    row = session.execute(stmt).tuples().first()
    if row is None:
        return None
    award, member, program = row
    if award.body_sha256 != digest:
        raise Conflict(f"{kind} {award_id!r} was already recorded with a different body")
    return Done(_view(award, member, program), created=False)


def _member_and_program(
    session: Session, tenant_id: str, external_id: str, program: str | None
) -> tuple[Member, Program]:
    member = get_member(session, tenant_id, external_id)
    return member, resolve_program(session, tenant_id, program)


def _badge(session: Session, tenant_id: str, program: Program, key: str) -> tuple[BadgeSpec, int]:
    assert program.id is not None
    book = load_rulebook(session, tenant_id, program.id)
    compiled = book.badges.get(key)
    if compiled is None:
        raise NotFound(f"badge {key!r} not found in program {program.key!r}")
    return compiled.spec, book.badge_versions.get(key, 1)


def _latest(session: Session, tenant_id: str, member_id: int, kind: str, badge: str) -> ManualAward | None:
    return session.scalar(
        select(ManualAward)
        .where(
            col(ManualAward.tenant_id) == tenant_id,
            col(ManualAward.member_id) == member_id,
            col(ManualAward.kind) == kind,
            col(ManualAward.badge) == badge,
        )
        .order_by(col(ManualAward.id).desc())
        .limit(1)
    )


def _record(
    session: Session,
    tenant_id: str,
    program: Program,
    member: Member,
    kind: str,
    reason: str,
    actor: str,
    award_id: str | None,
    digest: str,
    *,
    points: int = 0,
    badge: str | None = None,
    freezes: int = 0,
) -> ManualAward:
    assert program.id is not None and member.id is not None
    award = ManualAward(
        tenant_id=tenant_id,
        program_id=program.id,
        member_id=member.id,
        kind=kind,
        award_id=award_id,
        body_sha256=digest,
        points=points,
        badge=badge,
        freezes=freezes,
        reason=reason,
        actor=actor,
    )
    session.add(award)
    session.flush()
    return award


def _view(award: ManualAward, member: str, program: str) -> ManualAwardView:
    assert award.id is not None
    return ManualAwardView(
        id=award.id,
        kind=award.kind,
        award_id=award.award_id,
        member=member,
        program=program,
        points=award.points,
        badge=award.badge,
        freezes=award.freezes,
        reason=award.reason,
        actor=award.actor,
        transaction_id=award.transaction_id,
        created_at=award.created_at,
    )
