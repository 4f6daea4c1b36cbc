"""Windowed event counters in the `member` context: `member.events_30d["purchase"]` is how many `purchase` events
the member has in the program with `occurred_at` in the last 30 days (windows of 7, 30, 90 and 365 days).

They are read from the events table, so they are loaded only for programs whose expressions name one, with one
grouped query per batch of members (on the `(tenant_id, member_id, occurred_at)` index) covering every window read.
Event types a condition names literally (`events_30d["purchase"]`, `events_30d.purchase`) are present with 0 when
the member has none, so `member.events_30d["purchase"] == 0` holds for a member who never bought.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from achievements.models import Event
from core.db import one_of

WINDOWS: dict[str, int] = {"events_7d": 7, "events_30d": 30, "events_90d": 90, "events_365d": 365}
WINDOW_READ = re.compile(
    r"(?<![.\w])member\s*\.\s*(events_\d+d)\b(?:\s*\[\s*(['\"])([^'\"]*)\2\s*\]|\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)(?![\w(]|\s*\())?"
)


@dataclass(frozen=True)
class WindowsRead:
    """The windows a program's expressions read, and the event types they name literally (present with 0)."""

    days: dict[str, int]
    types: frozenset[str]

    def empty(self) -> dict[str, dict[str, int]]:
        return {name: dict.fromkeys(self.types, 0) for name in self.days}


def windows_read(sources: Iterable[str]) -> WindowsRead | None:
    """The windows these expression sources read, or None when they read none."""
    days: dict[str, int] = {}
    types: set[str] = set()
    for source in sources:
        for name, _, quoted, dotted in WINDOW_READ.findall(source):
            if name in WINDOWS:
                days[name] = WINDOWS[name]
                if quoted or dotted:
                    types.add(quoted or dotted)
    return WindowsRead(days, frozenset(types)) if days else None


@dataclass(slots=True)
class Windows:
    """A member's counters (`counts[window][event type]`) as of `end`, kept current as the batch's events arrive."""

    counts: dict[str, dict[str, int]]
    starts: dict[str, datetime]
    end: datetime

    def count(self, event_type: str, occurred_at: datetime) -> None:
        """Add an event being ingested (the batch's later events and its segment refresh see it)."""
        if occurred_at > self.end:
            return
        for name, counts in self.counts.items():
            if occurred_at >= self.starts[name]:
                counts[event_type] = counts.get(event_type, 0) + 1


def load_windows(
    session: Session, tenant_id: str, program_id: int, member_ids: Iterable[int], read: WindowsRead, now: datetime
) -> dict[int, Windows]:
    """Each member's counters for the windows read, as of `now`: one query grouped by member and event type."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    starts = {name: now - timedelta(days=days) for name, days in read.days.items()}
    names = sorted(starts)
    occurred = col(Event.occurred_at)
    counts = [func.sum(case((occurred >= starts[name], 1), else_=0)) for name in names]
    rows = session.execute(
        select(col(Event.member_id), col(Event.type), *counts)
        .where(
            col(Event.tenant_id) == tenant_id,
            one_of(session.get_bind(), col(Event.member_id), ids),
            occurred >= min(starts.values()),
            occurred <= now,
            col(Event.program_id) == program_id,
        )
        .group_by(col(Event.member_id), col(Event.type))
    ).all()
    windows = {member_id: Windows(read.empty(), starts, now) for member_id in ids}
    for member_id, event_type, *sums in rows:
        for name, total in zip(names, sums, strict=True):
            if total:
                windows[member_id].counts[name][event_type] = int(total)
    return windows
