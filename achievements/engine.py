"""The pure heart of the engine: one event, the program's rulebook and the member's state in; effects out.

No database here — ingestion loads and saves the state around it, and simulation runs it on drafts in memory.
"""

import copy
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any, NamedTuple

from achievements.caps import PROGRAM_SCOPE, EarningCap, capped_effect, take
from achievements.catalog import Rulebook
from achievements.definitions import LevelSpec
from achievements.expressions import MAX_POINTS, Bound, EvaluationError, Expression, bind
from achievements.freezes import bridge_missed_days, give_freezes
from achievements.plan import BadgePlan, QuestPlan, RulePlan, Slot
from achievements.state import MemberState, QuestState


class EventFacts(NamedTuple):
    """An event as the engine reads it (a named tuple: one is built for every event of a batch)."""

    id: str
    type: str
    properties: dict[str, Any]
    member: str
    occurred_at: datetime


@dataclass(slots=True)
class Outcome:
    """What one event caused. `points` is the member's net ledger change; `sources` names what paid it."""

    points: int = 0
    xp: int = 0
    rules: list[dict[str, Any]] = field(default_factory=list)
    badges: list[dict[str, Any]] = field(default_factory=list)
    quests: list[dict[str, Any]] = field(default_factory=list)
    level: dict[str, Any] | None = None
    uncollected: dict[str, int] | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notifications: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    capped: list[dict[str, Any]] = field(default_factory=list)
    freezes: dict[str, int] = field(default_factory=dict)  # streak freezes "granted" and "used"

    def effects(self) -> dict[str, Any]:
        effects: dict[str, Any] = {
            "points": self.points,
            "xp": self.xp,
            "badges": self.badges,
            "quests": self.quests,
            "level": self.level,
            "rules": self.rules,
        }
        if self.uncollected:
            effects["uncollected"] = self.uncollected
        if self.errors:
            effects["rule_errors"] = self.errors
        if self.capped:
            effects["capped"] = self.capped
        if self.freezes:
            effects["streak_freezes"] = self.freezes
        return effects


def period_of(moment: datetime, period: str | None, zone: tzinfo) -> str:
    if period is None:
        return ""
    local = moment.astimezone(zone)
    if period == "day":
        return local.date().isoformat()
    if period == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{local.year}-{local.month:02d}"
    return str(local.year)


class Engine:
    """Evaluates events of one program against its rulebook, in the program's time zone."""

    def __init__(self, book: Rulebook, zone: tzinfo, caps: tuple[EarningCap, ...] = ()) -> None:
        self.book = book
        self.zone = zone
        self.caps = caps  # the program's own cap on rule points
        self._membership: dict[str, bool] = {}  # segment answers for the event being evaluated
        self._periods: dict[str | None, str] = {}  # the event's period of each repeat setting
        self._day: date | None = None  # the event's day in the program's time zone, once a streak asked

    def evaluate(self, event: EventFacts, state: MemberState) -> Outcome:
        outcome = Outcome()
        if self._membership:
            self._membership = {}
        self._periods = {}
        self._day = None
        plan = self.book.plan(event.type)
        context = self.context(event, state)
        self._apply_rules(plan.rules, event, state, context, outcome)
        state.events += 1
        if state.windows is not None:
            state.windows.count(event.type, event.occurred_at, event.properties)
        if state.last_event_at is None or event.occurred_at > state.last_event_at:
            state.last_event_at = event.occurred_at
        if plan.badges:
            self._progress_badges(plan.badges, event, state, context, outcome)
        for quest in plan.quests:
            self._progress_quest(quest, event, state, context, outcome)
        self._settle(event, state, outcome)
        if outcome.points > 0 or outcome.xp:
            outcome.notifications.append(
                (
                    "points.earned",
                    {
                        "member": state.external_id,
                        "event_id": event.id,
                        "points": outcome.points,
                        "xp": outcome.xp,
                        "balance": state.available,
                    },
                )
            )
        return outcome

    def context(self, event: EventFacts, state: MemberState) -> Any:
        """What the event's expressions see: `event`, and `member` when they read it."""
        variables: dict[str, Any] = {"event": _event_context(event, self.book.fields_read(event.type, "event"))}
        if self.book.uses_member and (fields := self.book.fields_read(event.type, "member")) != frozenset():
            variables["member"] = state.context(event.occurred_at, fields)
        return bind(variables, self.book.combined(event.type))

    def rule_awards(self, event: EventFacts, state: MemberState) -> dict[str, tuple[int, int]]:
        """(points, xp) each rule would award this event now, leaving the member's state as it was: a return
        re-evaluates the event as if it had carried only what was kept."""
        self._membership, self._periods = {}, {}
        scratch = copy.copy(state)  # the rules change only plain numbers on it
        outcome = Outcome()
        rules = self.book.plan(event.type).rules
        self._apply_rules(rules, event, scratch, self.context(event, scratch), outcome)
        return {rule["key"]: (rule["points"], rule["xp"]) for rule in outcome.rules}

    def _period(self, moment: datetime, repeat: str | None) -> str:
        period = self._periods.get(repeat)
        if period is None:
            period = self._periods[repeat] = period_of(moment, repeat, self.zone)
        return period

    def _apply_rules(
        self, rules: tuple[RulePlan, ...], event: EventFacts, state: MemberState, context: Bound, outcome: Outcome
    ) -> None:
        level = self._level(state.level)
        multiplier = level.multiplier if level else 1.0
        points = xp = 0
        values = context.values() if rules else []
        for planned in rules:
            rule = planned.rule
            if rule.spec.segment is not None and not self._in_segment(rule.spec.segment, context, outcome):
                continue
            try:
                if planned.condition is not None and not _bool(planned.condition, values, context):
                    continue
                rule_points = _int(planned.points, values, context)
                rule_xp = _int(planned.xp, values, context)
            except EvaluationError as exc:
                outcome.errors.append({"rule": rule.spec.key, "error": str(exc)})
                continue
            factor = multiplier if rule.spec.level_multiplier else 1.0
            if rule_points > 0:
                factor *= state.benefit_multiplier
            if factor != 1.0:
                # Decimal, then floor to whole points: 100 x 1.15 is 115, where binary floats give 114.999...
                rule_points = int(Decimal(rule_points) * Decimal(str(factor)))
            if rule.spec.cap is not None and rule_points >= 0:
                caps = rule.spec.caps
                granted, withheld = take(state.counters, rule.spec.key, caps, event.occurred_at, self.zone, rule_points)
                if granted is None:
                    outcome.capped.append(capped_effect(rule.spec.key, caps, rule_points, rule_xp))
                    continue
                if withheld:
                    outcome.capped.append(capped_effect(rule.spec.key, caps, withheld))
                rule_points = granted
            if rule.spec.streak_freezes:
                give_freezes(state, rule.spec.streak_freezes, outcome.freezes)
            points += rule_points
            xp += rule_xp
            outcome.rules.append({"key": rule.spec.key, "points": rule_points, "xp": rule_xp})
            outcome.sources.append(rule.spec.key)
        if self.caps and points > 0:
            granted, withheld = take(state.counters, PROGRAM_SCOPE, self.caps, event.occurred_at, self.zone, points)
            if withheld:
                outcome.capped.append(capped_effect(PROGRAM_SCOPE, self.caps, withheld))
            points = granted or 0
        # A penalty never takes a balance below zero: what it could not take is reported as uncollected.
        taken_points, taken_xp = max(points, -state.available), max(xp, -state.xp)
        if (taken_points, taken_xp) != (points, xp):
            outcome.uncollected = {"points": taken_points - points, "xp": taken_xp - xp}
        self._credit(state, outcome, taken_points)
        state.xp += taken_xp
        outcome.xp += taken_xp

    @staticmethod
    def _credit(state: MemberState, outcome: Outcome, points: int) -> None:
        state.available += points
        state.lifetime += points
        state.rolling_points += points
        outcome.points += points

    def _in_segment(self, key: str, context: Any, outcome: Outcome) -> bool:
        """Whether the member is in a segment, judged once per event on the member as the event found it. An
        unknown segment (a draft in simulation) holds nobody."""
        answer = self._membership.get(key)
        if answer is None:
            segment = self.book.segments.get(key)
            answer = segment is not None and self._holds(segment.condition, context, f"segment:{key}", outcome)
            self._membership[key] = answer
        return answer

    def _holds(self, condition: Expression | None, context: Any, what: str, outcome: Outcome) -> bool:
        if condition is None:
            return True
        try:
            return condition.evaluate_bool(context)
        except EvaluationError as exc:
            outcome.errors.append({"rule": what, "error": str(exc)})
            return False

    def _progress_badges(
        self, badges: tuple[BadgePlan, ...], event: EventFacts, state: MemberState, context: Bound, outcome: Outcome
    ) -> None:
        values, held, counters = context.values(), state.badges, state.counters
        for planned in badges:
            spec = planned.badge.spec
            if spec.segment is not None and not self._in_segment(spec.segment, context, outcome):
                continue
            period = "" if spec.repeat is None else self._period(event.occurred_at, spec.repeat)
            if (planned.key, period) in held:
                continue
            if planned.condition is not None:
                try:
                    if not _bool(planned.condition, values, context):
                        continue
                except EvaluationError as exc:
                    outcome.errors.append({"rule": planned.label, "error": str(exc)})
                    continue
            if planned.streak:
                self._progress_streak(planned, event, state, outcome)
                continue
            amount = 1
            if planned.sum is not None:
                try:
                    amount = _int(planned.sum, values, context)
                except EvaluationError as exc:
                    outcome.errors.append({"rule": planned.label, "error": str(exc)})
                    continue
            counter = f"{planned.label}:{period}" if period else planned.label
            reached = counters[counter] = counters.get(counter, 0) + amount
            if reached >= planned.target:
                self._award(planned.key, period, event, state, outcome)

    def _progress_streak(self, planned: BadgePlan, event: EventFacts, state: MemberState, outcome: Outcome) -> None:
        spec = planned.badge.spec
        day = self._day
        if day is None:
            day = self._day = event.occurred_at.astimezone(self.zone).date()
        if spec.freezes:
            bridge_missed_days(state, spec.key, day, spec.freezes, outcome.freezes)
        if _streak_through(state, spec.key, day) >= planned.target:
            self._award(spec.key, "", event, state, outcome)

    def _award(self, key: str, period: str, event: EventFacts, state: MemberState, outcome: Outcome) -> None:
        badge = self.book.badges[key]
        state.badges[(key, period)] = event.occurred_at
        state.new_badges.append((key, period, event.id, event.occurred_at))
        if badge.spec.points:
            self._credit(state, outcome, badge.spec.points)
            outcome.sources.append(f"badge:{key}")
        if badge.spec.streak_freezes:
            give_freezes(state, badge.spec.streak_freezes, outcome.freezes)
        awarded = {"key": key, "name": badge.spec.name, "points": badge.spec.points}
        if period:
            awarded["period"] = period
        outcome.badges.append(awarded)
        outcome.notifications.append(("badge.awarded", {"member": state.external_id, "event_id": event.id, **awarded}))

    def _progress_quest(
        self, planned: QuestPlan, event: EventFacts, state: MemberState, context: Bound, outcome: Outcome
    ) -> None:
        spec = planned.quest.spec
        if state.quest_completed(planned.key):
            return
        if spec.segment is not None and not self._in_segment(spec.segment, context, outcome):
            return
        progress = state.quest(planned.key)
        window = planned.window
        if progress is None or (window and progress.started_at and event.occurred_at > progress.started_at + window):
            progress = QuestState(counts=[0] * len(planned.steps))
        counts = progress.counts
        steps = planned.steps
        if spec.ordered:
            pending = next((step for step in steps if counts[step.index] < step.count), None)
            steps = () if pending is None else (pending,)
        matched = False
        for step in steps:
            if not step.on_type or counts[step.index] >= step.count:
                continue
            if step.condition is not None:
                try:
                    if not _bool(step.condition, context.values(), context):
                        continue
                except EvaluationError as exc:
                    outcome.errors.append({"rule": f"quest:{spec.key}", "error": str(exc)})
                    continue
            counts[step.index] += 1
            matched = True
        if not matched:
            return
        progress.started_at = progress.started_at or event.occurred_at
        state.quests[spec.key] = progress
        done, total = sum(counts), planned.total
        if done < total:
            outcome.quests.append({"key": spec.key, "status": "in_progress", "progress": done, "max_progress": total})
            return
        progress.completed_at = event.occurred_at
        outcome.quests.append(
            {"key": spec.key, "status": "completed", "progress": done, "max_progress": total, "points": spec.points}
        )
        if spec.points:
            self._credit(state, outcome, spec.points)
            outcome.sources.append(f"quest:{spec.key}")
        outcome.notifications.append(
            (
                "quest.completed",
                {
                    "member": state.external_id,
                    "event_id": event.id,
                    "key": spec.key,
                    "name": spec.name,
                    "points": spec.points,
                },
            )
        )
        if spec.badge and not state.holds(spec.badge) and spec.badge in self.book.badges:
            self._award(spec.badge, "", event, state, outcome)

    def _settle(self, event: EventFacts, state: MemberState, outcome: Outcome) -> None:
        """Member-level badges and levels, until nothing more changes: a badge's bonus may lift a level, whose
        reward may satisfy a member condition."""
        changed = True
        while changed:
            changed = self._member_badges(event, state, outcome) | self._climb_levels(event, state, outcome)

    def _member_badges(self, event: EventFacts, state: MemberState, outcome: Outcome) -> bool:
        awarded = False
        member = None  # bound on first need, and again after an award changed the member
        for planned in self.book.member_plan:
            badge, key = planned.badge, planned.key
            if state.holds(key):
                continue
            if badge.spec.segment is not None:
                if member is None:
                    member = self._member_context(event, state)
                if not self._in_segment(badge.spec.segment, member, outcome):
                    continue
            if badge.kind == "all_of":
                earned = all(state.holds(required) for required in badge.spec.criteria.all_of or [])
            elif planned.condition is None:
                earned = True
            else:
                if member is None:
                    member = self._member_context(event, state)
                try:
                    earned = _bool(planned.condition, member.values(), member)
                except EvaluationError as exc:
                    outcome.errors.append({"rule": f"badge:{key}", "error": str(exc)})
                    earned = False
            if earned:
                self._award(key, "", event, state, outcome)
                awarded, member = True, None
        return awarded

    def _member_context(self, event: EventFacts, state: MemberState) -> Bound:
        """What member-level badges see, bound with their conditions as one program run."""
        variables = {"member": state.context(event.occurred_at, self.book.member_badge_fields)}
        return bind(variables, self.book.member_combined)

    def _level(self, key: str | None) -> LevelSpec | None:
        ladder = self.book.ladder
        rank = ladder.rank.get(key) if key is not None else None
        return None if rank is None else ladder.levels[rank]

    def _climb_levels(self, event: EventFacts, state: MemberState, outcome: Outcome) -> bool:
        """Levels only rise with events; falling back is the re-qualification job's decision."""
        ladder = self.book.ladder
        levels = ladder.levels
        if not levels:
            return False
        basis = levels[0].basis
        value = state.lifetime if basis == "points" else state.xp if basis == "xp" else state.rolling_points
        rank = ladder.rank.get(state.level, -1) if state.level is not None else -1
        target = bisect_right(ladder.thresholds, value) - 1
        if target <= rank:
            return False
        previous = state.level
        for level in levels[rank + 1 : target + 1]:
            if level.key not in state.levels_reached:
                state.levels_reached.add(level.key)
                state.new_levels.append((level.key, event.occurred_at))
                if level.reward_points:
                    self._credit(state, outcome, level.reward_points)
                    outcome.sources.append(f"level:{level.key}")
        reached = levels[target]
        state.level, state.level_since, state.level_changed = reached.key, event.occurred_at, True
        outcome.level = {
            "key": reached.key,
            "name": reached.name,
            "previous": (outcome.level or {}).get("previous", previous),
        }
        outcome.notifications.append(
            (
                "level.changed",
                {
                    "member": state.external_id,
                    "event_id": event.id,
                    "level": reached.key,
                    "previous": outcome.level["previous"],
                },
            )
        )
        return True


_RESERVED = frozenset({"properties", "id", "type", "member", "occurred_at"})


def _event_context(event: EventFacts, fields: frozenset[str] | None) -> dict[str, Any]:
    """`event.<property>`, plus reserved `id`, `type`, `member`, `occurred_at` and the raw `properties`; only
    `fields` of them when the expressions at hand read no others."""
    if fields is None:
        return {
            **event.properties,
            "properties": event.properties,
            "id": event.id,
            "type": event.type,
            "member": event.member,
            "occurred_at": event.occurred_at,
        }
    context = {name: event.properties[name] for name in fields - _RESERVED if name in event.properties}
    for name in fields & _RESERVED:
        context[name] = event.properties if name == "properties" else getattr(event, name)
    return context


def _bool(slot: Slot, values: list[Any], context: Bound) -> bool:
    """The slot's value from the combined run, or, when the run has none that fits, the expression run alone (which
    raises EvaluationError as it would have without the run)."""
    value = values[slot.place]
    return value if type(value) is bool else slot.expression.evaluate_bool(context)


def _int(slot: Slot | None, values: list[Any], context: Bound) -> int:
    if slot is None:
        return 0
    value = values[slot.place]
    if type(value) is int and -MAX_POINTS <= value <= MAX_POINTS:
        return value
    return slot.expression.evaluate_int(context)


def _streak_through(state: MemberState, badge: str, day: date) -> int:
    """Length of the run of consecutive active days through `day`, after recording it (order-independent)."""
    days = state.days.get(badge)
    if days is None:
        days = state.days[badge] = set()
    if day not in days:
        days.add(day)
        state.new_days.add((badge, day))
    length, earlier, later = 1, day - ONE_DAY, day + ONE_DAY
    while earlier in days:
        length, earlier = length + 1, earlier - ONE_DAY
    while later in days:
        length, later = length + 1, later + ONE_DAY
    return length


ONE_DAY = timedelta(days=1)
