"""Streak days and returns: a day stays active while any kept event of the member falls on it."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import delete, select
from sqlmodel import Session, col

from achievements.models import ActivityDay, Event


def kept_event_on(session: Session, event: Event, day: date, zone: tzinfo) -> bool:
    """Whether another event of the member, of this type and not returned in full, falls on `day` (program time)."""
    start = datetime.combine(day, time(), zone)
    end = datetime.combine(day + timedelta(days=1), time(), zone)
    other = session.scalar(
        select(col(Event.pk))
        .where(
            col(Event.tenant_id) == event.tenant_id,
            col(Event.member_id) == event.member_id,
            col(Event.program_id) == event.program_id,
            col(Event.type) == event.type,
            col(Event.occurred_at) >= start,
            col(Event.occurred_at) < end,
            col(Event.returned).is_(False),
            col(Event.pk) != event.pk,
        )
        .limit(1)
    )
    return other is not None


def remove_day(session: Session, event: Event, badge: str, day: date) -> bool:
    """Take `day` off the member's active days of `badge`; False when it was not there."""
    removed = session.execute(
        delete(ActivityDay).where(
            col(ActivityDay.member_id) == event.member_id,
            col(ActivityDay.program_id) == event.program_id,
            col(ActivityDay.badge) == badge,
            col(ActivityDay.day) == day,
        )
    )
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def active_days(session: Session, event: Event, badge: str) -> set[date]:
    rows = session.scalars(
        select(col(ActivityDay.day)).where(
            col(ActivityDay.member_id) == event.member_id,
            col(ActivityDay.program_id) == event.program_id,
            col(ActivityDay.badge) == badge,
        )
    )
    return set(rows)


def longest_run(days: Iterable[date]) -> int:
    """The longest run of consecutive days."""
    found = set(days)
    best = 0
    for day in found:
        if day - timedelta(days=1) in found:
            continue
        length = 1
        while day + timedelta(days=length) in found:
            length += 1
        best = max(best, length)
    return best
