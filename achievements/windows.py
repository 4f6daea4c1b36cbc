"""Windowed event counters in the `member` context, over the last 7, 30, 90 and 365 days by `occurred_at`:
`member.events_30d["purchase"]` is how many `purchase` events the member has in the program in the last 30 days,
`member.amount_30d["purchase"]` the sum of their numeric `amount` property (a double; other values count 0).

They are read from the events table, so they are loaded only for programs whose expressions name one, with one
grouped query per batch of members (on the `(tenant_id, member_id, occurred_at)` index) covering every window read.
Event types a condition names literally (`events_30d["purchase"]`, `events_30d.purchase`) are present with 0 when
the member has none, so `member.events_30d["purchase"] == 0` holds for a member who never bought. An event
returned in full counts nowhere, a partial return's `amount` comes off the sums.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Float, case, cast, func, literal, select
from sqlmodel import Session, col

from achievements.models import Event
from core.db import is_postgres, one_of

DAYS = (7, 30, 90, 365)
COUNTS = {f"events_{days}d": days for days in DAYS}
SUMS = {f"amount_{days}d": days for days in DAYS}
WINDOWS: dict[str, int] = COUNTS | SUMS
WINDOW_READ = re.compile(
    r"(?<![.\w])member\s*\.\s*((?:events|amount)_\d+d)\b"
    r"(?:\s*\[\s*(['\"])([^'\"]*)\2\s*\]|\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)(?![\w(]|\s*\())?"
)


@dataclass(frozen=True)
class WindowsRead:
    """The windows a program's expressions read, and the event types they name literally (present with 0)."""

    days: dict[str, int]
    types: frozenset[str]

    def empty(self) -> dict[str, dict[str, Any]]:
        return {name: dict.fromkeys(self.types, 0.0 if name in SUMS else 0) for name in self.days}


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


def amount_of(properties: dict[str, Any]) -> float:
    amount = properties.get("amount")
    return float(amount) if isinstance(amount, int | float) and not isinstance(amount, bool) else 0.0


@dataclass(slots=True)
class Windows:
    """A member's counters (`counts[window][event type]`) as of `end`, kept current as the batch's events arrive."""

    counts: dict[str, dict[str, Any]]
    starts: dict[str, datetime]
    end: datetime

    def count(self, event_type: str, occurred_at: datetime, properties: dict[str, Any]) -> None:
        """Add an event being ingested (the batch's later events and its segment refresh see it)."""
        if occurred_at > self.end:
            return
        for name, counts in self.counts.items():
            if occurred_at >= self.starts[name]:
                counts[event_type] = counts.get(event_type, 0) + (amount_of(properties) if name in SUMS else 1)


def _amount(postgres: bool) -> ColumnElement[Any]:
    """An event's `amount` property as a number, 0 when it is missing or not a number (never a cast error)."""
    properties = col(Event.properties)
    if postgres:
        value = properties.op("->")(literal("amount"))
        number = func.jsonb_typeof(value) == "number"
        return case((number, cast(properties.op("->>")(literal("amount")), Float)), else_=0.0)
    kind = func.json_type(properties, "$.amount")
    return case((kind.in_(["integer", "real"]), cast(func.json_extract(properties, "$.amount"), Float)), else_=0.0)


def load_windows(
    session: Session, tenant_id: str, program_id: int, member_ids: Iterable[int], read: WindowsRead, now: datetime
) -> dict[int, Windows]:
    """Each member's counters for the windows read, as of `now`: one query grouped by member and event type."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    bind = session.get_bind()
    starts = {name: now - timedelta(days=days) for name, days in read.days.items()}
    names = sorted(starts)
    occurred = col(Event.occurred_at)
    amount = _amount(is_postgres(bind)) - col(Event.amount_returned) if any(name in SUMS for name in names) else None
    sums = [
        func.sum(case((occurred >= starts[name], amount if name in SUMS and amount is not None else 1), else_=0))
        for name in names
    ]
    rows = session.execute(
        select(col(Event.member_id), col(Event.type), *sums)
        .where(
            col(Event.tenant_id) == tenant_id,
            one_of(bind, col(Event.member_id), ids),
            occurred >= min(starts.values()),
            occurred <= now,
            col(Event.program_id) == program_id,
            col(Event.returned).is_(False),
        )
        .group_by(col(Event.member_id), col(Event.type))
    ).all()
    windows = {member_id: Windows(read.empty(), starts, now) for member_id in ids}
    for member_id, event_type, *totals in rows:
        for name, total in zip(names, totals, strict=True):
            if total:
                windows[member_id].counts[name][event_type] = float(total) if name in SUMS else int(total)
    return windows
