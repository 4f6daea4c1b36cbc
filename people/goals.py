"""Goals: a target on a count or a sum of events over a period, for each member (a quota) or for each team (members
sharing an attribute value, or a segment).

Progress is kept as events arrive: ingestion hands each stored batch to `observe_goal_events` (registered with
the engine's observers) in the event's own transaction. Each (goal, period, team) row is raised by one upsert that
locks it, and the transaction that takes it past the target is the one that stamps `reached_at` (a guarded update:
only one can), so the reward, points and/or a badge to every member of the team, is paid once per period however
many members' events race for the last step.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select, update
from sqlmodel import Session, col

from achievements.catalog import load_rulebook
from achievements.engine import period_of
from achievements.expressions import EvaluationError, Expression, bind, compile_expression
from achievements.ingest import program_zone
from achievements.observers import ObservedEvent, register_observer
from achievements.state import grant_badge
from core import stamps
from core.db import is_postgres, one_of_bound, upsert_dialect
from core.errors import Conflict, InvalidInput, NotFound
from core.logging import get_logger
from core.notices import Notice
from core.tenancy import Member, get_member
from people.models import Goal, GoalProgress
from people.recognition import team_member_ids
from targeting.models import SegmentMember
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.programs import fit_budget, resolve_program

log = get_logger(__name__)
PERIODS = ("day", "week", "month", "quarter", "dates")
GOAL_VARIABLES = frozenset({"event"})


@dataclass(frozen=True)
class GoalSpec:
    key: str
    name: str
    event_type: str
    target: int
    period: str
    sum: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    team_attribute: str | None = None
    segment: str | None = None
    points: int = 0
    badge: str | None = None
    program: str | None = None


def create_goal(session: Session, tenant_id: str, spec: GoalSpec) -> tuple[Goal, bool]:
    """The goal (True), or the same one sent again (False); other terms under a taken key are a 409."""
    program = resolve_program(session, tenant_id, spec.program)
    assert program.id is not None
    _check(session, tenant_id, program, spec)
    goal = Goal(
        tenant_id=tenant_id,
        key=spec.key,
        program_id=program.id,
        name=spec.name,
        event_type=spec.event_type,
        sum=spec.sum,
        target=spec.target,
        period=spec.period,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        team_attribute=spec.team_attribute,
        segment=spec.segment,
        points=spec.points,
        badge=spec.badge,
    )
    existing = _find(session, tenant_id, spec.key)
    if existing is not None:
        if existing.body() != goal.body() or existing.program_id != program.id:
            raise Conflict(f"goal {spec.key!r} exists with other terms", field="key")
        return existing, False
    session.add(goal)
    session.flush()
    stamps.bump(session, _goals_scope(tenant_id))  # every process reads goals from its next event on
    return goal, True


@stamps.tenant_scope
def _goals_scope(tenant_id: str) -> str:
    return f"goals:{tenant_id}"


def _holds_goals(session: Session, tenant_id: str) -> bool:
    return session.scalar(select(col(Goal.id)).where(col(Goal.tenant_id) == tenant_id).limit(1)) is not None


_any_goals = stamps.Presence(_goals_scope, _holds_goals)


def _check(session: Session, tenant_id: str, program: Program, spec: GoalSpec) -> None:
    assert program.id is not None
    if spec.period not in PERIODS:
        raise InvalidInput(f"period is one of {', '.join(PERIODS)}", field="period")
    if (spec.period == "dates") != (spec.starts_on is not None and spec.ends_on is not None):
        raise InvalidInput("a goal over dates gives starts_on and ends_on (and only such a goal)", field="period")
    if spec.starts_on and spec.ends_on and spec.starts_on > spec.ends_on:
        raise InvalidInput("starts_on is after ends_on", field="starts_on")
    if spec.team_attribute and spec.segment:
        raise InvalidInput("a team is either members sharing team_attribute or a segment, not both", field="segment")
    if spec.sum is not None:
        compile_expression(spec.sum, field="sum", expected=int, allowed=GOAL_VARIABLES)
    if not spec.points and spec.badge is None:
        raise InvalidInput("a goal rewards points, a badge or both", field="points")
    book = load_rulebook(session, tenant_id, program.id)
    if spec.badge is not None and spec.badge not in book.badges:
        raise InvalidInput(f"unknown badge {spec.badge!r} (in this program)", field="badge")
    if spec.segment is not None and spec.segment not in book.segments:
        raise InvalidInput(f"unknown segment {spec.segment!r} (in this program)", field="segment")


def period_key(goal: Goal, moment: datetime, zone: tzinfo) -> str | None:
    """The period a moment falls in, in the program's zone; None outside a dated goal's dates."""
    if goal.period == "dates":
        assert goal.starts_on is not None and goal.ends_on is not None
        day = moment.astimezone(zone).date()
        return f"{goal.starts_on}..{goal.ends_on}" if goal.starts_on <= day <= goal.ends_on else None
    if goal.period == "quarter":
        local = moment.astimezone(zone)
        return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    return period_of(moment, goal.period, zone)


@cache
def _goals_query(postgres: bool) -> Select[Goal]:
    """Read by every batch of events: built once per dialect (building a select costs more than running it)."""
    return (
        select(Goal)
        .where(
            col(Goal.tenant_id) == bindparam("tenant_id"),
            col(Goal.program_id) == bindparam("program_id"),
            one_of_bound(postgres, col(Goal.event_type), "types"),
        )
        .order_by(col(Goal.id))
    )


def observe_goal_events(
    session: Session, tenant_id: str, program: Program, events: Sequence[ObservedEvent], now: datetime
) -> list[Notice]:
    if not _any_goals.held(session, tenant_id):
        return []
    types = {event.type for event in events}
    query = _goals_query(is_postgres(session.get_bind()))
    goals = session.scalars(query, {"tenant_id": tenant_id, "program_id": program.id, "types": list(types)}).all()
    if not goals:
        return []
    zone = program_zone(program)
    member_ids = {event.member_id for event in events}
    attributes = _attributes(session, member_ids) if any(g.team_attribute for g in goals) else {}
    segments = _segments(session, tenant_id, member_ids, {g.segment for g in goals if g.segment})
    deltas: dict[tuple[int, str, str], int] = defaultdict(int)
    reaching: dict[tuple[int, str, str], ObservedEvent] = {}
    for goal in goals:
        amount = _amount_of(goal)
        for event in events:
            if event.type != goal.event_type:
                continue
            team = _team_of(goal, event, attributes, segments)
            period = period_key(goal, event.occurred_at, zone)
            if team is None or period is None:
                continue
            try:
                delta = 1 if amount is None else amount.evaluate_int(bind({"event": _event_context(event)}))
            except EvaluationError as exc:
                log.info("goal skipped an event", goal=goal.key, event_id=event.id, error=str(exc))
                continue
            assert goal.id is not None
            deltas[(goal.id, period, team)] += delta
            reaching[(goal.id, period, team)] = event
    by_id = {goal.id: goal for goal in goals}
    notices: list[Notice] = []
    for (goal_id, period, team), delta in sorted(deltas.items()):  # one lock order for every transaction
        value, reached = _raise_progress(session, tenant_id, goal_id, period, team, delta, now)
        goal = by_id[goal_id]
        if reached is None and value >= goal.target and _stamp_reached(session, goal_id, period, team, now):
            notices.append(_reward(session, program, goal, period, team, value, reaching[(goal_id, period, team)], now))
    return notices


def _amount_of(goal: Goal) -> Expression | None:
    if goal.sum is None:
        return None
    return compile_expression(goal.sum, field="sum", expected=int, allowed=GOAL_VARIABLES)


def _event_context(event: ObservedEvent) -> dict[str, Any]:
    return {
        **event.properties,
        "properties": event.properties,
        "id": event.id,
        "type": event.type,
        "member": event.member,
        "occurred_at": event.occurred_at,
    }


def _team_of(
    goal: Goal, event: ObservedEvent, attributes: dict[int, dict[str, Any]], segments: dict[int, set[str]]
) -> str | None:
    if goal.team_attribute is not None:
        value = attributes.get(event.member_id, {}).get(goal.team_attribute)
        return value if isinstance(value, str) and value else None
    if goal.segment is not None:
        return goal.segment if goal.segment in segments.get(event.member_id, set()) else None
    return event.member


def _attributes(session: Session, member_ids: set[int]) -> dict[int, dict[str, Any]]:
    rows = session.execute(select(col(Member.id), col(Member.attributes)).where(col(Member.id).in_(member_ids)))
    return {member_id: attributes for member_id, attributes in rows.tuples()}


def _segments(session: Session, tenant_id: str, member_ids: set[int], keys: set[str | None]) -> dict[int, set[str]]:
    if not keys:
        return {}
    rows = session.execute(
        select(col(SegmentMember.member_id), col(SegmentMember.segment)).where(
            col(SegmentMember.tenant_id) == tenant_id,
            col(SegmentMember.member_id).in_(member_ids),
            col(SegmentMember.segment).in_(keys),
        )
    ).tuples()
    found: dict[int, set[str]] = defaultdict(set)
    for member_id, segment in rows:
        found[member_id].add(segment)
    return found


def _raise_progress(
    session: Session, tenant_id: str, goal_id: int, period: str, team: str, delta: int, now: datetime
) -> tuple[int, datetime | None]:
    table = GoalProgress.__table__  # type: ignore[attr-defined]
    insert = upsert_dialect(session.get_bind()).insert(table)
    row = session.execute(
        insert.values(
            goal_id=goal_id, period=period, team=team, tenant_id=tenant_id, value=delta, reached_at=None, updated_at=now
        )
        .on_conflict_do_update(
            index_elements=["goal_id", "period", "team"],
            set_={"value": table.c.value + insert.excluded.value, "updated_at": insert.excluded.updated_at},
        )
        .returning(table.c.value, table.c.reached_at)
    ).one()
    return int(row[0]), row[1]


def _stamp_reached(session: Session, goal_id: int, period: str, team: str, now: datetime) -> bool:
    table = GoalProgress.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(table)
        .where(table.c.goal_id == goal_id, table.c.period == period, table.c.team == team, table.c.reached_at.is_(None))
        .values(reached_at=now)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def team_members(session: Session, goal: Goal, team: str) -> list[tuple[int, str]]:
    """(id, external id) of every member of the team now, or of the quota's member."""
    if goal.team_attribute is not None:
        ids = team_member_ids(session, goal.tenant_id, goal.team_attribute, team)
    elif goal.segment is not None:
        ids = list(
            session.scalars(
                select(col(SegmentMember.member_id)).where(
                    col(SegmentMember.tenant_id) == goal.tenant_id, col(SegmentMember.segment) == goal.segment
                )
            ).all()
        )
    else:
        member = get_member(session, goal.tenant_id, team)
        assert member.id is not None
        ids = [member.id]
    if not ids:
        return []
    rows = session.execute(
        select(col(Member.id), col(Member.external_id)).where(col(Member.id).in_(ids)).order_by(col(Member.id))
    ).tuples()
    return list(rows)


def _reward(
    session: Session,
    program: Program,
    goal: Goal,
    period: str,
    team: str,
    value: int,
    event: ObservedEvent,
    now: datetime,
) -> Notice:
    assert program.id is not None and goal.id is not None
    members = team_members(session, goal, team)
    paid = members[: fit_budget(session, program, [goal.points] * len(members))] if goal.points else []
    ledger.post_many(
        session,
        program.tenant_id,
        [
            TransactionSpec(
                program_id=program.id,
                kind=Kind.EARN,
                idempotency_key=f"goal:{goal.id}:{period}:{team}:{member_id}",
                entries=(
                    Entry(member_available(member_id), goal.points),
                    Entry(program_issued(program.id), -goal.points),
                ),
                memo=f"goal {goal.key} reached ({period})"[:500],
                event_id=event.id,
                created_at=now,
            )
            for member_id, _ in paid
        ],
    )
    badged: list[int] = []
    if goal.badge is not None:
        version = load_rulebook(session, program.tenant_id, program.id).badge_versions.get(goal.badge, 1)
        badge_period = period if len(period) <= 16 else str(goal.starts_on)
        badged = grant_badge(
            session,
            program.tenant_id,
            program.id,
            [member_id for member_id, _ in members],
            goal.badge,
            period=badge_period,
            version=version,
            event_id=event.id,
            at=now,
        )
    names = dict(members)
    return (
        "goal.reached",
        {
            "goal": goal.key,
            "name": goal.name,
            "period": period,
            "team": team if goal.team_attribute or goal.segment else None,
            "value": value,
            "target": goal.target,
            "members": [external_id for _, external_id in members],
            "points": goal.points,
            "points_paid_to": [external_id for _, external_id in paid],
            "badge": goal.badge,
            "badge_awarded_to": [names[m] for m in badged],
            "event_id": event.id,
        },
    )


register_observer(observe_goal_events)


@dataclass(frozen=True)
class TeamProgress:
    team: str
    value: int
    percent: int
    reached_at: datetime | None


@dataclass(frozen=True)
class GoalView:
    key: str
    name: str
    event_type: str
    target: int
    period: str
    current_period: str | None
    kind: str
    team_attribute: str | None
    segment: str | None
    points: int
    badge: str | None
    teams: list[TeamProgress]


def _progress_rows(session: Session, goal: Goal, period: str | None, teams: Sequence[str] | None) -> list[TeamProgress]:
    if period is None:
        return [TeamProgress(team, 0, 0, None) for team in teams or ()]
    stmt = select(GoalProgress).where(col(GoalProgress.goal_id) == goal.id, col(GoalProgress.period) == period)
    if teams is not None:
        stmt = stmt.where(col(GoalProgress.team).in_(list(teams)))
    found = {row.team: row for row in session.scalars(stmt.order_by(col(GoalProgress.value).desc()))}
    names = list(teams) if teams is not None else list(found)
    return [
        TeamProgress(
            team,
            found[team].value if team in found else 0,
            min(100, max(0, (found[team].value if team in found else 0) * 100 // max(goal.target, 1))),
            found[team].reached_at if team in found else None,
        )
        for team in names
    ]


def _goal_view(session: Session, goal: Goal, program: Program, now: datetime, teams: Sequence[str] | None) -> GoalView:
    period = period_key(goal, now, program_zone(program))
    return GoalView(
        key=goal.key,
        name=goal.name,
        event_type=goal.event_type,
        target=goal.target,
        period=goal.period,
        current_period=period,
        kind="team" if goal.team_attribute or goal.segment else "quota",
        team_attribute=goal.team_attribute,
        segment=goal.segment,
        points=goal.points,
        badge=goal.badge,
        teams=_progress_rows(session, goal, period, teams),
    )


def goal_progress(session: Session, tenant_id: str, key: str, team: str | None, now: datetime) -> GoalView:
    """The goal's progress this period: of one team (or quota member), or of every team that has made any."""
    goal = _find(session, tenant_id, key)
    if goal is None:
        raise NotFound(f"goal {key!r} not found")
    program = session.get(Program, goal.program_id)
    assert program is not None
    return _goal_view(session, goal, program, now, [team] if team is not None else None)


def list_goals(session: Session, tenant_id: str, now: datetime) -> list[GoalView]:
    goals = session.scalars(select(Goal).where(col(Goal.tenant_id) == tenant_id).order_by(col(Goal.id))).all()
    programs = {g.program_id: session.get(Program, g.program_id) for g in goals}
    return [_goal_view(session, g, p, now, None) for g in goals if (p := programs[g.program_id]) is not None]


def member_goals(session: Session, tenant_id: str, external_id: str, now: datetime) -> list[GoalView]:
    """Every goal the member works towards now, with the progress of their team (or their own, for a quota)."""
    member = get_member(session, tenant_id, external_id)
    assert member.id is not None
    goals = session.scalars(select(Goal).where(col(Goal.tenant_id) == tenant_id).order_by(col(Goal.id))).all()
    segments = _segments(session, tenant_id, {member.id}, {g.segment for g in goals if g.segment})
    views = []
    for goal in goals:
        program = session.get(Program, goal.program_id)
        assert program is not None
        if goal.team_attribute is not None:
            value = member.attributes.get(goal.team_attribute)
            team = value if isinstance(value, str) and value else None
        elif goal.segment is not None:
            team = goal.segment if goal.segment in segments.get(member.id, set()) else None
        else:
            team = member.external_id
        if team is not None:
            views.append(_goal_view(session, goal, program, now, [team]))
    return views


def _find(session: Session, tenant_id: str, key: str) -> Goal | None:
    return session.scalar(select(Goal).where(col(Goal.tenant_id) == tenant_id, col(Goal.key) == key))
