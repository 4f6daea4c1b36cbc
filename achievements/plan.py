"""What an event of one type meets in a rulebook, laid out once per rulebook version for the engine's hot loop.

A busy program meets every event with dozens of rules, badges and quest steps. The engine runs their expressions
as one combined CEL program per event (`expressions.Combined`) and reads each value by its place in that run's
list; a plan holds those places beside what each rule, badge and quest needs to know, so that evaluating an event
is a walk over tuples rather than a search through the rulebook.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from achievements.definitions import CompiledBadge, CompiledQuest, CompiledRule, CompiledStep, LevelSpec
from achievements.expressions import Combined, Expression


@dataclass(frozen=True, slots=True)
class Slot:
    """An expression and its place in the combined run's values (the last place, `NOT_COMBINED`, if not in it)."""

    expression: Expression
    place: int


@dataclass(frozen=True, slots=True)
class RulePlan:
    rule: CompiledRule
    condition: Slot | None
    points: Slot | None
    xp: Slot | None


@dataclass(frozen=True, slots=True)
class BadgePlan:
    """An event badge (count, sum or streak): what it counts, against which counter, up to what."""

    badge: CompiledBadge
    key: str
    label: str
    condition: Slot | None
    sum: Slot | None
    streak: bool
    target: int  # the count, sum or run of days that earns it


@dataclass(frozen=True, slots=True)
class StepPlan:
    index: int
    step: CompiledStep
    count: int
    condition: Slot | None
    on_type: bool  # whether events of the plan's type can move this step


@dataclass(frozen=True, slots=True)
class QuestPlan:
    quest: CompiledQuest
    key: str
    steps: tuple[StepPlan, ...]
    total: int  # the sum of the steps' counts: the quest's `max_progress`
    window: timedelta | None


@dataclass(frozen=True)
class EventPlan:
    rules: tuple[RulePlan, ...]
    badges: tuple[BadgePlan, ...]
    quests: tuple[QuestPlan, ...]


def plan_event_type(
    event_type: str,
    rules: list[CompiledRule],
    badges: list[CompiledBadge],
    quests: list[CompiledQuest],
    combined: Combined | None,
) -> EventPlan:
    """The plan of events of `event_type`. `quests` are those it can move: with a step on the type, or limited to
    a segment (judging the segment may report an error in the event's effects)."""
    slot = _slots(combined)
    return EventPlan(
        rules=tuple(RulePlan(rule, slot(rule.condition), slot(rule.points), slot(rule.xp)) for rule in rules),
        badges=tuple(
            BadgePlan(
                badge,
                badge.spec.key,
                badge.label,
                slot(badge.condition),
                slot(badge.sum),
                badge.kind == "streak",
                _target(badge),
            )
            for badge in badges
        ),
        quests=tuple(
            QuestPlan(
                quest,
                quest.spec.key,
                tuple(
                    StepPlan(i, step, step.spec.count, slot(step.condition), step.spec.event_type == event_type)
                    for i, step in enumerate(quest.steps)
                ),
                sum(step.spec.count for step in quest.steps),
                timedelta(days=quest.spec.window_days) if quest.spec.window_days else None,
            )
            for quest in quests
        ),
    )


@dataclass(frozen=True, slots=True)
class MemberBadgePlan:
    """A member-level badge (a condition over the member, or `all_of`), its condition placed in their run."""

    badge: CompiledBadge
    key: str
    condition: Slot | None


def plan_member_badges(badges: list[CompiledBadge], combined: Combined | None) -> tuple[MemberBadgePlan, ...]:
    slot = _slots(combined)
    return tuple(MemberBadgePlan(badge, badge.spec.key, slot(badge.condition)) for badge in badges)


def _slots(combined: Combined | None) -> Callable[[Expression | None], Slot | None]:
    """Places expressions in the combined run's values; one it does not hold gets the last place, `NOT_COMBINED`."""
    places = combined.index if combined is not None else {}
    missing = len(places)

    def slot(expression: Expression | None) -> Slot | None:
        return None if expression is None else Slot(expression, places.get(expression.source, missing))

    return slot


def _target(badge: CompiledBadge) -> int:
    """The count, sum or run of days that earns the badge."""
    criteria = badge.spec.criteria
    return (criteria.streak_days if badge.kind == "streak" else criteria.count or criteria.at_least) or 0


@dataclass(frozen=True)
class LevelLadder:
    """The program's levels by threshold, for finding the level a figure reaches by bisection."""

    levels: tuple[LevelSpec, ...]
    thresholds: tuple[int, ...]
    rank: dict[str, int]

    @classmethod
    def of(cls, levels: list[LevelSpec]) -> "LevelLadder":
        return cls(
            tuple(levels), tuple(level.threshold for level in levels), {level.key: i for i, level in enumerate(levels)}
        )
