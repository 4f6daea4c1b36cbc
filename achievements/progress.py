"""What a member has and how far they are from the rest: badges, quests and medals with `progress` of
`max_progress`, so a page can show "3 of 5"."""

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.catalog import Rulebook
from achievements.definitions import MedalSpec
from achievements.engine import period_of
from achievements.freezes import freezes_of
from achievements.models import Event, MemberBadge, MemberStats
from achievements.state import MemberState, QuestState
from core.types import utcnow


@dataclass(frozen=True)
class BadgeProgress:
    key: str
    name: str
    description: str
    points: int
    awarded: bool
    awarded_at: datetime | None
    period: str
    times_awarded: int
    progress: int
    max_progress: int
    version: int
    freezes: dict[str, int] | None = None  # a streak badge with `freezes`: {"held", "used"}


@dataclass(frozen=True)
class QuestView:
    key: str
    name: str
    description: str
    ordered: bool
    status: str
    progress: int
    max_progress: int
    steps: list[dict[str, Any]]
    started_at: datetime | None
    completed_at: datetime | None
    expires_at: datetime | None


@dataclass(frozen=True)
class MedalView:
    key: str
    name: str
    counter: str
    value: int
    rank: int
    rank_name: str | None
    next_at: int | None


def member_badges(
    session: Session, book: Rulebook, zone: tzinfo, program_id: int, member_id: int, *, include_locked: bool
) -> list[BadgeProgress]:
    held = list(
        session.scalars(
            select(MemberBadge)
            .where(col(MemberBadge.program_id) == program_id, col(MemberBadge.member_id) == member_id)
            .order_by(col(MemberBadge.awarded_at))
        )
    )
    counters = _counters(session, program_id, member_id)
    now = utcnow()
    views = []
    for key, badge in sorted(book.badges.items()):
        spec, criteria = badge.spec, badge.spec.criteria
        mine = [b for b in held if b.badge == key]
        period = period_of(now, spec.repeat, zone)
        current = [b for b in mine if b.period == period]
        target = criteria.count or criteria.at_least or criteria.streak_days or len(criteria.all_of or []) or 1
        if badge.kind in ("count", "sum"):
            progress = counters.get(f"badge:{key}" + (f":{period}" if period else ""), 0)
        elif badge.kind == "all_of":
            progress = sum(1 for required in criteria.all_of or [] if any(b.badge == required for b in held))
        else:
            progress = target if current else 0
        awarded = bool(current) if spec.repeat else bool(mine)
        if not awarded and not include_locked:
            continue
        latest = (current or mine)[-1] if (current or mine) else None
        views.append(
            BadgeProgress(
                key=key,
                name=spec.name,
                description=spec.description,
                points=spec.points,
                awarded=awarded,
                awarded_at=latest.awarded_at if latest else None,
                period=period,
                times_awarded=len(mine),
                progress=min(progress, target) if not awarded else target,
                max_progress=target,
                version=latest.version if latest else book.badge_versions.get(key, 1),
                freezes=freezes_of(counters, key) if spec.freezes else None,
            )
        )
    return views


def member_quests(session: Session, book: Rulebook, program_id: int, member_id: int) -> list[QuestView]:
    stats = session.get(MemberStats, (member_id, program_id))
    rows = {key: QuestState.from_json(value) for key, value in (stats.quests if stats else {}).items()}
    now = utcnow()
    views = []
    for quest in sorted(book.quests, key=lambda q: q.spec.key):
        spec = quest.spec
        row = rows.get(spec.key)
        counts = list(row.counts) if row else [0] * len(spec.steps)
        expires_at = None
        if row and spec.window_days and row.started_at and not row.completed_at:
            expires_at = row.started_at + timedelta(days=spec.window_days)
            if expires_at < now:
                counts, expires_at = [0] * len(spec.steps), None
        if len(counts) != len(spec.steps):  # the quest was edited since: progress restarts for the new steps
            counts = [0] * len(spec.steps)
        started = any(count > 0 for count in counts)
        status = "completed" if row and row.completed_at else ("in_progress" if started else "not_started")
        steps = [
            {
                "event_type": step.event_type,
                "condition": step.condition,
                "count": step.count,
                "progress": min(counts[i], step.count),
                "done": counts[i] >= step.count,
            }
            for i, step in enumerate(spec.steps)
        ]
        views.append(
            QuestView(
                key=spec.key,
                name=spec.name,
                description=spec.description,
                ordered=spec.ordered,
                status=status,
                progress=sum(min(counts[i], step.count) for i, step in enumerate(spec.steps)),
                max_progress=sum(step.count for step in spec.steps),
                steps=steps,
                started_at=row.started_at if row and any(count > 0 for count in counts) else None,
                completed_at=row.completed_at if row else None,
                expires_at=expires_at,
            )
        )
    return views


def member_medals(
    session: Session, book: Rulebook, tenant_id: str, program_id: int, state: MemberState
) -> list[MedalView]:
    counters = _event_counts(session, tenant_id, program_id, state.member_id)
    now = utcnow()
    views = []
    for medal in sorted(book.medals, key=lambda m: m.key):
        value = _counter_value(medal, state, counters, now)
        reached = [i for i, rank in enumerate(medal.ranks) if value >= rank.at_least]
        rank = reached[-1] + 1 if reached else 0
        next_at = medal.ranks[rank].at_least if rank < len(medal.ranks) else None
        views.append(
            MedalView(
                key=medal.key,
                name=medal.name,
                counter=medal.counter,
                value=value,
                rank=rank,
                rank_name=medal.ranks[rank - 1].name if rank else None,
                next_at=next_at,
            )
        )
    return views


def _counter_value(medal: MedalSpec, state: MemberState, counters: dict[str, int], now: datetime) -> int:
    simple = {
        "points": state.lifetime,
        "xp": state.xp,
        "events": state.events,
        "badges": len({key for key, _ in state.badges}),
        "account_age_days": max(0, (now - state.joined_at).days),
    }
    return simple.get(medal.counter, counters.get(medal.counter, 0))


def _event_counts(session: Session, tenant_id: str, program_id: int, member_id: int) -> dict[str, int]:
    """`events:<type>` counts, read from the event log (events returned in full do not count): counting on read
    keeps the hot ingest path lean."""
    rows = session.execute(
        select(col(Event.type), func.count())
        .where(
            col(Event.tenant_id) == tenant_id,
            col(Event.member_id) == member_id,
            col(Event.program_id) == program_id,
            col(Event.returned).is_(False),
        )
        .group_by(col(Event.type))
    ).tuples()
    return {f"events:{event_type}": int(count) for event_type, count in rows}


def _counters(session: Session, program_id: int, member_id: int) -> dict[str, int]:
    stats = session.get(MemberStats, (member_id, program_id))
    return dict(stats.counters) if stats else {}
