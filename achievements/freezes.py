"""Streak freezes: a member holding freezes keeps a streak over missed days, one freeze per missed day.

Freezes are held per member and program (`member_stats.counters["freezes"]`) and spent on any streak badge whose
`freezes` setting allows it; each badge counts what it used (`freezes_used|<badge>`). A freeze is spent when the
member comes back: the event that follows a gap of missed days fills the gap with frozen days if the member
holds enough freezes for all of it and the gap is no longer than the badge's `freezes`. Otherwise the streak
breaks as it would without freezes, and nothing is spent. A frozen day counts as a day of the streak.
"""

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from achievements.models import MemberStats
from achievements.state import MemberState
from core.db import is_postgres
from core.errors import Conflict
from core.tenancy import Member

HELD = "freezes"


def used_key(badge: str) -> str:
    return f"freezes_used|{badge}"


def freezes_of(counters: dict[str, int], badge: str) -> dict[str, int]:
    """What a member's badge progress shows: freezes held (for any streak) and used on this badge."""
    return {"held": counters.get(HELD, 0), "used": counters.get(used_key(badge), 0)}


def give_freezes(state: MemberState, count: int, effects: dict[str, int]) -> None:
    state.counters[HELD] = state.counters.get(HELD, 0) + count
    effects["granted"] = effects.get("granted", 0) + count


def bridge_missed_days(state: MemberState, badge: str, day: date, limit: int, effects: dict[str, int]) -> None:
    """Before `day` counts toward `badge`'s streak: spend freezes on the days missed since the last active day."""
    days = state.days.get(badge)
    held = state.counters.get(HELD, 0)
    if not days or day in days or not held:
        return
    earlier = [d for d in days if d < day]
    if not earlier:
        return
    missed = (day - max(earlier)).days - 1
    if not 0 < missed <= min(held, limit):
        return
    for offset in range(1, missed + 1):
        frozen = day - timedelta(days=offset)
        days.add(frozen)
        state.new_days.add((badge, frozen))
    state.counters[HELD] = held - missed
    state.counters[used_key(badge)] = state.counters.get(used_key(badge), 0) + missed
    effects["used"] = effects.get("used", 0) + missed


def locked_stats(session: Session, tenant_id: str, program_id: int, member_id: int) -> MemberStats:
    """The member's standing, to change outside an event: locks the member's row first, the lock event
    evaluation takes (see `achievements.state`), so neither overwrites the other."""
    lock = select(col(Member.id)).where(col(Member.id) == member_id)
    session.execute(lock.with_for_update() if is_postgres(session.get_bind()) else lock)
    stats = session.get(MemberStats, (member_id, program_id), populate_existing=True)
    if stats is None:
        stats = MemberStats(member_id=member_id, program_id=program_id, tenant_id=tenant_id, counters={}, quests={})
    return stats


def change_freezes(session: Session, tenant_id: str, program_id: int, member_id: int, delta: int) -> int:
    """Add (or, negative, take) freezes a member holds outside an event; the new number held."""
    stats = locked_stats(session, tenant_id, program_id, member_id)
    held = stats.counters.get(HELD, 0) + delta
    if held < 0:
        raise Conflict(f"the member holds {held - delta} streak freezes, fewer than the {-delta} to take back")
    stats.counters = {**stats.counters, HELD: held}
    session.add(stats)
    session.flush()
    return held
