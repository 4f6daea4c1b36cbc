"""Scheduled engine jobs: experience decay after inactivity, and level re-qualification after a hold period.

Both are idempotent over time: running them twice at the same moment changes nothing the second time.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from achievements.catalog import load_rulebook
from achievements.models import MemberStats
from achievements.state import rolling_points
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member
from targeting.segments import refresh_program_members
from wallets import ledger
from wallets.accounts import member_available
from wallets.models import Program


def decay_xp(session: Session, tenant_id: str | None, now: datetime) -> int:
    """For programs whose settings hold `xp_decay: {"amount", "interval_days", "grace_days"}`, take `amount` xp
    per whole interval of inactivity past the grace period. Returns the xp taken."""
    taken = 0
    for program in _programs(session, tenant_id):
        policy = program.settings.get("xp_decay") or {}
        amount, interval = int(policy.get("amount", 0)), int(policy.get("interval_days", 0))
        if amount <= 0 or interval <= 0:
            continue
        grace = timedelta(days=int(policy.get("grace_days", 0)))
        step = timedelta(days=interval)
        candidates = session.scalars(
            select(MemberStats)
            .where(
                col(MemberStats.program_id) == program.id,
                col(MemberStats.xp) > 0,
                col(MemberStats.last_event_at) < now - grace - step,
            )
            .with_for_update()
        )
        for stats in candidates:
            assert stats.last_event_at is not None
            since = max(stats.last_event_at + grace, stats.xp_decayed_at or stats.last_event_at + grace)
            periods = int((now - since) / step)
            if periods <= 0:
                continue
            loss = min(stats.xp, periods * amount)
            stats.xp -= loss
            stats.xp_decayed_at = since + periods * step
            taken += loss
    return taken


def requalify_levels(session: Session, tenant_id: str | None, now: datetime) -> int:
    """Members whose level's hold period is over are re-evaluated against today's figures, and step down if they
    no longer qualify (rewards already paid stay paid). Returns how many members changed level."""
    changed = 0
    for program in _programs(session, tenant_id):
        assert program.id is not None
        book = load_rulebook(session, program.tenant_id, program.id)
        if not book.levels:
            continue
        by_key = {level.key: level for level in book.levels}
        hooks = notice_subscribers(session, program.tenant_id)
        moved: list[int] = []
        rows = session.execute(
            select(MemberStats, Member)
            .join(Member, col(Member.id) == col(MemberStats.member_id))
            .where(col(MemberStats.program_id) == program.id, col(MemberStats.level).is_not(None))
        ).tuples()
        for stats, member in rows:
            held = by_key.get(stats.level or "")
            if held is None or stats.level_since is None or stats.level_since + timedelta(days=held.hold_days) > now:
                continue
            value = _standing(session, program, stats, held.basis)
            qualified = [level for level in book.levels if level.threshold <= value]
            target = qualified[-1] if qualified else None
            if target is None or target.threshold < held.threshold:
                previous = stats.level
                stats.level = target.key if target else None
                stats.level_since = now
                changed += 1
                moved.append(stats.member_id)
                if hooks:
                    publish_notices(
                        session,
                        program.tenant_id,
                        hooks,
                        [
                            (
                                "level.changed",
                                {
                                    "member": member.external_id,
                                    "level": stats.level,
                                    "previous": previous,
                                    "reason": "requalification",
                                },
                            )
                        ],
                    )
        if moved:  # a level is a segment condition's input too
            session.flush()
            refresh_program_members(session, program.tenant_id, program.id, moved, now)
    return changed


def _standing(session: Session, program: Program, stats: MemberStats, basis: str) -> int:
    """The figure a level's threshold is judged on: xp, lifetime points, or points of the rolling window."""
    assert program.id is not None
    if basis == "xp":
        return stats.xp
    if basis == "rolling_points":
        return rolling_points(session, program.tenant_id, program.id, [stats.member_id]).get(stats.member_id, 0)
    return _lifetime(session, program, stats.member_id)


def _lifetime(session: Session, program: Program, member_id: int) -> int:
    assert program.id is not None
    account = member_available(member_id)
    row = ledger.balances(session, program.tenant_id, program.id, [account]).get(account)
    return row.lifetime if row else 0


def _programs(session: Session, tenant_id: str | None) -> list[Program]:
    stmt = select(Program)
    if tenant_id is not None:
        stmt = stmt.where(col(Program.tenant_id) == tenant_id)
    return list(session.scalars(stmt.order_by(col(Program.id))))
