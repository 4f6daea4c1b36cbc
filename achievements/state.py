"""A member's standing in a program as the engine sees it while evaluating events, loaded and saved in bulk.

Loading locks the members' rows (PostgreSQL) so two batches touching one member run one after the other; on
SQLite the writer already holds the database lock. Saving writes xp and counts as increments (jobs change them
too), the engine's own JSON state (badge counters, quest progress) whole, and new rows for awards.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, Executable, bindparam, func, select
from sqlmodel import Session, col

from achievements.definitions import ROLLING_DAYS
from achievements.models import ActivityDay, LevelReached, MemberBadge, MemberStats
from achievements.windows import Windows
from core.db import RetryableConflict, insert_rows, is_postgres, one_of, one_of_bound, upsert_dialect
from core.tenancy import Member, MemberRow
from core.types import utcnow
from wallets import ledger
from wallets.accounts import member_available
from wallets.ledger import LIFETIME_KINDS
from wallets.models import LedgerTransaction, Posting


class ConcurrentAward(RetryableConflict):
    """A badge or level was recorded by a concurrent transaction; retrying sees it."""


@dataclass
class QuestState:
    counts: list[int]
    started_at: datetime | None = None
    completed_at: datetime | None = None
    # The JSON this progress was read from, with the moments parsed from it: given back as it was while nothing
    # changed (most quests of a busy program stand still, and every batch saves them all).
    _stored: tuple[dict[str, Any], datetime | None, datetime | None] | None = field(
        default=None, repr=False, compare=False
    )

    def to_json(self) -> dict[str, Any]:
        stored = self._stored
        if stored is None:
            return {"counts": self.counts, "started_at": _iso(self.started_at), "completed_at": _iso(self.completed_at)}
        data, started, completed = stored
        if data["counts"] == self.counts and started is self.started_at and completed is self.completed_at:
            return data
        return {  # a moment left as read keeps its stored text
            "counts": self.counts,
            "started_at": data.get("started_at") if started is self.started_at else _iso(self.started_at),
            "completed_at": data.get("completed_at") if completed is self.completed_at else _iso(self.completed_at),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "QuestState":
        started, completed = _parse(data.get("started_at")), _parse(data.get("completed_at"))
        return cls(list(data["counts"]), started, completed, (data, started, completed))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class HeldBadges(dict[tuple[str, str], datetime]):
    """A member's awards by (badge, period), with the awards of each badge counted, so that whether the member
    holds a badge in any period is one lookup, not a scan of every award. Awards are only added or deleted."""

    def __init__(self) -> None:
        super().__init__()
        self._periods: dict[str, int] = {}

    def __setitem__(self, award: tuple[str, str], awarded_at: datetime) -> None:
        if award not in self:
            self._periods[award[0]] = self._periods.get(award[0], 0) + 1
        super().__setitem__(award, awarded_at)

    def __delitem__(self, award: tuple[str, str]) -> None:
        super().__delitem__(award)
        left = self._periods[award[0]] - 1
        if left:
            self._periods[award[0]] = left
        else:
            del self._periods[award[0]]

    def holds(self, badge: str) -> bool:
        return badge in self._periods


@dataclass(slots=True)
class MemberState:
    member_id: int
    external_id: str
    attributes: dict[str, Any]
    joined_at: datetime
    available: int = 0
    lifetime: int = 0
    rolling_points: int = 0  # earned within ROLLING_DAYS: read only when a level is defined on it
    xp: int = 0
    events: int = 0
    last_event_at: datetime | None = None
    level: str | None = None
    level_since: datetime | None = None
    counters: dict[str, int] = field(default_factory=dict)
    badges: "HeldBadges" = field(default_factory=lambda: HeldBadges())
    days: dict[str, set[date]] = field(default_factory=dict)
    quests: dict[str, QuestState] = field(default_factory=dict)  # decoded from `stored_quests` as events move them
    stored_quests: dict[str, dict[str, Any]] = field(default_factory=dict)  # quest progress as read, by quest key
    levels_reached: set[str] = field(default_factory=set)
    benefit_multiplier: float = 1.0  # on positive rule points, from outside the engine (see achievements.benefits)
    windows: Windows | None = None  # windowed event counters, loaded only when an expression reads them
    # what changed, for saving
    start_xp: int = 0
    start_events: int = 0
    new_badges: list[tuple[str, str, str | None, datetime]] = field(default_factory=list)
    new_days: set[tuple[str, date]] = field(default_factory=set)
    new_levels: list[tuple[str, datetime]] = field(default_factory=list)
    level_changed: bool = False

    def mark_loaded(self) -> None:
        self.start_xp, self.start_events = self.xp, self.events

    def add_to_counter(self, key: str, amount: int) -> int:
        self.counters[key] = self.counters.get(key, 0) + amount
        return self.counters[key]

    def holds(self, badge: str) -> bool:
        return self.badges.holds(badge)

    def quest(self, key: str) -> QuestState | None:
        """Progress on a quest, decoded from what was read on first need: a busy program's members have progress
        on many quests, of which most stand still or are complete."""
        progress = self.quests.get(key)
        if progress is None and (stored := self.stored_quests.get(key)) is not None:
            progress = self.quests[key] = QuestState.from_json(stored)
        return progress

    def quest_completed(self, key: str) -> bool:
        """Whether the member completed a quest, read without decoding the progress."""
        progress = self.quests.get(key)
        if progress is not None:
            return progress.completed_at is not None
        stored = self.stored_quests.get(key)
        return stored is not None and bool(stored.get("completed_at"))

    def quests_json(self) -> dict[str, dict[str, Any]]:
        """All quest progress as saved: what was read, with the progress events decoded given back as JSON."""
        if not self.quests:
            return self.stored_quests
        return self.stored_quests | {key: quest.to_json() for key, quest in self.quests.items()}

    def context(self, now: datetime, fields: frozenset[str] | None = None) -> dict[str, Any]:
        """What CEL sees as `member`: every field, or only `fields` (the ones the expressions at hand read)."""
        if fields is None:
            fields = MEMBER_CONTEXT_FIELDS | (self.windows.counts.keys() if self.windows is not None else set())
        return {name: value for name in fields if (value := self._field(name, now)) is not _ABSENT}

    def _field(self, name: str, now: datetime) -> Any:
        if name in _PLAIN_FIELDS:
            return getattr(self, name)
        if name == "points":
            return self.available
        if name == "level":
            return self.level or ""
        if name == "badges":
            return sorted({key for key, _ in self.badges})
        if name == "days_since_joined":
            return max(0, (now - self.joined_at).days)
        if name == "days_since_last_event":
            return max(0, (now - self.last_event_at).days) if self.last_event_at else None
        if self.windows is not None and name in self.windows.counts:
            return dict(self.windows.counts[name])
        return _ABSENT


_ABSENT = object()
_PLAIN_FIELDS = frozenset({"external_id", "attributes", "xp", "events", "lifetime", "last_event_at"})
MEMBER_CONTEXT_FIELDS = _PLAIN_FIELDS | {"points", "level", "badges", "days_since_joined", "days_since_last_event"}


@dataclass(frozen=True)
class _StateQueries:
    members: Executable
    members_locked: Executable
    stats: Executable
    badges: Executable
    levels: Executable
    days: Executable


@cache
def _state_queries(postgres: bool) -> _StateQueries:
    """The per-batch reads, built once per dialect (parameters `ids` and `program_id`). Plain columns rather
    than ORM objects: this runs for every batch, over up to a thousand members."""
    members = (
        select(col(Member.id), col(Member.external_id), col(Member.attributes), col(Member.created_at))
        .where(one_of_bound(postgres, col(Member.id), "ids"))
        .order_by(col(Member.id))
    )
    stats = select(
        col(MemberStats.member_id),
        col(MemberStats.xp),
        col(MemberStats.events),
        col(MemberStats.last_event_at),
        col(MemberStats.level),
        col(MemberStats.level_since),
        col(MemberStats.counters),
        col(MemberStats.quests),
    ).where(
        col(MemberStats.program_id) == bindparam("program_id"),
        one_of_bound(postgres, col(MemberStats.member_id), "ids"),
    )
    badges = select(
        col(MemberBadge.member_id), col(MemberBadge.badge), col(MemberBadge.period), col(MemberBadge.awarded_at)
    ).where(
        col(MemberBadge.program_id) == bindparam("program_id"),
        one_of_bound(postgres, col(MemberBadge.member_id), "ids"),
    )
    levels = select(col(LevelReached.member_id), col(LevelReached.level)).where(
        col(LevelReached.program_id) == bindparam("program_id"),
        one_of_bound(postgres, col(LevelReached.member_id), "ids"),
    )
    days = select(col(ActivityDay.member_id), col(ActivityDay.badge), col(ActivityDay.day)).where(
        col(ActivityDay.program_id) == bindparam("program_id"),
        one_of_bound(postgres, col(ActivityDay.member_id), "ids"),
        one_of_bound(postgres, col(ActivityDay.badge), "badges"),
        col(ActivityDay.day) >= bindparam("first"),
        col(ActivityDay.day) <= bindparam("last"),
    )
    return _StateQueries(members, members.with_for_update(), stats, badges, levels, days)


def load_states(
    session: Session,
    tenant_id: str,
    program_id: int,
    member_ids: Iterable[int],
    *,
    streak_windows: dict[str, tuple[date, date]],
    lock: bool = True,
    parts: frozenset[str] = frozenset({"badges", "levels"}),
    members: Sequence[MemberRow] | None = None,
) -> dict[int, MemberState]:
    """States of the given members. `parts` names the optional figures worth reading: a program without
    levels need not read which levels its members reached on every event. `members`: the members' rows, when the
    caller already read them (and locked them, if `lock`: see `core.tenancy.lock_members`)."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    bind = session.get_bind()
    queries = _state_queries(is_postgres(bind))
    params = {"ids": ids, "program_id": program_id}
    members_stmt = queries.members_locked if lock and is_postgres(bind) else queries.members
    conn = session.connection()  # Core, not the ORM: these are plain columns, read for every batch
    rows = conn.execute(members_stmt, params).all() if members is None else members
    states = {
        member_id: MemberState(member_id=member_id, external_id=external_id, attributes=attributes, joined_at=joined)
        for member_id, external_id, attributes, joined in rows
    }
    accounts = {member_available(m): m for m in ids}
    for account, balance, lifetime in ledger.balance_rows(session, tenant_id, program_id, accounts):
        state = states[accounts[account]]
        state.available, state.lifetime = balance, lifetime
    for member_id, xp, events, last_event_at, level, level_since, counters, quests in conn.execute(
        queries.stats, params
    ).all():
        state = states[member_id]
        state.xp, state.events, state.last_event_at = xp, events, last_event_at
        state.level, state.level_since = level, level_since
        state.counters, state.stored_quests = counters, quests  # decoded afresh for every read: ours to change
    if "badges" in parts:
        for member_id, badge, period, awarded_at in conn.execute(queries.badges, params).all():
            states[member_id].badges[(badge, period)] = awarded_at
    if streak_windows:
        _load_streak_days(conn, queries.days, params, streak_windows, states)
    if "rolling" in parts:
        for member_id, earned in rolling_points(session, tenant_id, program_id, ids).items():
            states[member_id].rolling_points = earned
    if "levels" in parts:
        for member_id, level in conn.execute(queries.levels, params).all():
            states[member_id].levels_reached.add(level)
    for state in states.values():
        state.mark_loaded()
    return states


def _load_streak_days(
    conn: Connection,
    query: Executable,
    params: dict[str, Any],
    streak_windows: dict[str, tuple[date, date]],
    states: dict[int, MemberState],
) -> None:
    """The active days of every streak badge within its window, read in one statement over the windows' span."""
    spans = streak_windows.values()
    rows = conn.execute(
        query,
        {
            **params,
            "badges": list(streak_windows),
            "first": min(first for first, _ in spans),
            "last": max(last for _, last in spans),
        },
    )
    for member_id, badge, day in rows.all():
        first, last = streak_windows[badge]
        if first <= day <= last:
            states[member_id].days.setdefault(badge, set()).add(day)


def rolling_points(session: Session, tenant_id: str, program_id: int, member_ids: list[int]) -> dict[int, int]:
    """Points each member earned (net of penalties) in the last ROLLING_DAYS days, by ledger time."""
    since = utcnow() - timedelta(days=ROLLING_DAYS)
    accounts = {member_available(m): m for m in member_ids}
    rows = session.execute(
        select(col(Posting.account), func.sum(col(Posting.amount)))
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
        .where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.program_id) == program_id,
            one_of(session.get_bind(), col(Posting.account), accounts),
            col(Posting.created_at) >= since,
            col(LedgerTransaction.kind).in_([kind.value for kind in LIFETIME_KINDS]),
        )
        .group_by(col(Posting.account))
    ).tuples()
    return {accounts[account]: int(total or 0) for account, total in rows}


_STATS_COLUMNS = (
    "member_id",
    "program_id",
    "tenant_id",
    "xp",
    "events",
    "last_event_at",
    "level",
    "level_since",
    "counters",
    "quests",
)


def save_states(
    session: Session, tenant_id: str, program_id: int, states: dict[int, MemberState], badge_versions: dict[str, int]
) -> None:
    bind = session.get_bind()
    ordered = sorted(states.items())
    stats = MemberStats.__table__  # type: ignore[attr-defined]
    latest = "greatest" if is_postgres(bind) else "max"  # SQLite spells GREATEST as a two-argument max
    insert_rows(
        session,
        stats,
        _STATS_COLUMNS,
        [
            (
                m,
                program_id,
                tenant_id,
                s.xp - s.start_xp,
                s.events - s.start_events,
                s.last_event_at,
                s.level,
                s.level_since,
                _recent_periods(s.counters),
                s.quests_json(),
            )
            for m, s in ordered
        ],
        on_conflict="ON CONFLICT (member_id, program_id) DO UPDATE SET xp = member_stats.xp + excluded.xp,"
        " events = member_stats.events + excluded.events,"
        f" last_event_at = {latest}(member_stats.last_event_at, excluded.last_event_at),"
        " level = excluded.level, level_since = excluded.level_since,"
        " counters = excluded.counters, quests = excluded.quests",
    )
    badge_rows = [
        {
            "tenant_id": tenant_id,
            "member_id": m,
            "program_id": program_id,
            "badge": key,
            "period": period,
            "version": badge_versions.get(key, 1),
            "event_id": event_id,
            "awarded_at": at,
        }
        for m, s in ordered
        for key, period, event_id, at in s.new_badges
    ]
    _insert_new(session, MemberBadge, badge_rows, ["member_id", "program_id", "badge", "period"])
    insert_rows(
        session,
        ActivityDay.__table__,  # type: ignore[attr-defined]
        ("member_id", "program_id", "badge", "day"),
        [(m, program_id, badge, day) for m, s in ordered for badge, day in sorted(s.new_days)],
        on_conflict="ON CONFLICT (member_id, program_id, badge, day) DO NOTHING",
    )
    level_rows = [
        {"member_id": m, "program_id": program_id, "level": level, "reached_at": at}
        for m, s in ordered
        for level, at in s.new_levels
    ]
    _insert_new(session, LevelReached, level_rows, ["member_id", "program_id", "level"])


def _recent_periods(counters: dict[str, int], keep: int = 2) -> dict[str, int]:
    """Counters of repeating badges (`badge:<key>:<period>`) for the latest `keep` periods only: older periods
    can no longer award anything, and would otherwise pile up in the row forever."""
    if all(name.count(":") < 2 for name in counters):  # no repeating badge counts here: nothing to prune
        return counters
    periods: dict[str, list[str]] = defaultdict(list)
    for name in counters:
        parts = name.split(":", 2)
        if len(parts) == 3:
            periods[parts[1]].append(parts[2])
    stale = {f"badge:{badge}:{p}" for badge, seen in periods.items() for p in sorted(seen)[:-keep]}
    return {name: value for name, value in counters.items() if name not in stale}


def _insert_new(session: Session, model: Any, rows: list[dict[str, Any]], unique: list[str]) -> None:
    """Insert rows that must be new; if a concurrent transaction got there first, start over."""
    if not rows:
        return
    table = model.__table__
    inserted = session.execute(
        upsert_dialect(session.get_bind())
        .insert(table)
        .on_conflict_do_nothing(index_elements=unique)
        .returning(*(table.c[name] for name in unique)),
        rows,
    ).all()
    if len(inserted) != len(rows):
        raise ConcurrentAward(f"{table.name}: recorded concurrently")


def streak_window(days: Iterable[date], length: int) -> tuple[date, date]:
    """The range of days worth loading to judge streaks of `length` around the given days."""
    found = sorted(days)
    return found[0] - timedelta(days=length), found[-1] + timedelta(days=length)


__all__ = ["ConcurrentAward", "MemberState", "QuestState", "load_states", "save_states", "streak_window"]


def grant_badge(
    session: Session,
    tenant_id: str,
    program_id: int,
    member_ids: Sequence[int],
    badge: str,
    *,
    period: str,
    version: int,
    event_id: str | None,
    at: datetime,
) -> list[int]:
    """Award a badge from outside the rules (a goal's reward) to those of these members who do not hold it for
    `period` yet; the ones newly awarded are returned. The unique award key makes a repeat a no-op."""
    if not member_ids:
        return []
    table = MemberBadge.__table__  # type: ignore[attr-defined]
    rows = [
        {
            "tenant_id": tenant_id,
            "member_id": member_id,
            "program_id": program_id,
            "badge": badge,
            "period": period,
            "version": version,
            "event_id": event_id,
            "awarded_at": at,
        }
        for member_id in sorted(set(member_ids))
    ]
    inserted = session.execute(
        upsert_dialect(session.get_bind())
        .insert(table)
        .on_conflict_do_nothing(index_elements=["member_id", "program_id", "badge", "period"])
        .returning(table.c.member_id),
        rows,
    ).all()
    return [row[0] for row in inserted]
