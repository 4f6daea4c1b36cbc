"""What a program owner defines — rules, badges, quests, levels, medals, leaderboards — as validated specs.

Specs are stored as versioned JSON bodies (see `catalog.py`); this module only says what a valid body is and
turns one into its compiled, ready-to-evaluate form.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_serializer, model_validator
from pydantic.config import JsonDict, JsonValue
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from achievements.caps import EarningCap, caps_of
from achievements.expressions import Expression, compile_expression
from core.strict import StrictInput
from core.types import exactly_one_of

Key = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Source = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
Period = Literal["day", "week", "month", "year"]
MAX_AWARD = 10**12
ROLLING_DAYS = 365


class Kind(StrEnum):
    RULE = "rule"
    BADGE = "badge"
    QUEST = "quest"
    LEVEL = "level"
    MEDAL = "medal"
    LEADERBOARD = "leaderboard"
    SEGMENT = "segment"


class Spec(StrictInput):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    program: Key | None = None


StreakFreezes = Annotated[int, Field(0, ge=0, le=100, description="Streak freezes the member is given with it.")]
_OMITTED_AT_DEFAULT = {"cap": None, "streak_freezes": 0, "freezes": 0}


class _Stored(Spec):
    """Leaves newer optional settings out of the stored body while they are unset, so that definitions saved
    before they existed compare equal to the same body sent again."""

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        body: dict[str, Any] = handler(self)
        return {k: v for k, v in body.items() if k not in _OMITTED_AT_DEFAULT or v != _OMITTED_AT_DEFAULT[k]}


class RuleSpec(_Stored):
    event_type: Key
    condition: Source | None = None
    points: Source | None = None
    xp: Source | None = None
    level_multiplier: bool = Field(False, description="Multiply the points by the member's level multiplier.")
    segment: Key | None = None
    active: bool = True
    cap: EarningCap | list[EarningCap] | None = Field(
        None, description="At most so many points and/or times per member per day, week or month."
    )
    streak_freezes: StreakFreezes = 0

    @model_validator(mode="after")
    def _awards_something(self) -> "RuleSpec":
        if self.points is None and self.xp is None and not self.streak_freezes:
            raise ValueError("a rule awards something: give `points`, `xp`, `streak_freezes`, or several")
        periods = [cap.per for cap in self.caps]
        if len(periods) != len(set(periods)):
            raise ValueError("one cap per period: put `points` and `times` of one period in one cap")
        return self

    @property
    def caps(self) -> tuple[EarningCap, ...]:
        return caps_of(self.cap)


def _criteria_shape(given: list[str], absent: list[str]) -> JsonDict:
    properties: JsonDict = {str(name): {"not": {"type": "null"}} for name in given}
    properties |= {name: {"type": "null"} for name in absent}
    required: list[JsonValue] = list(given)
    return {"required": required, "properties": properties}


_CRITERIA_FIELDS = ("event_type", "condition", "count", "sum", "at_least", "streak_days", "all_of")
# The shapes `_one_shape` accepts, stated in the JSON Schema too: exactly one of them.
CRITERIA_SHAPES: JsonDict = {
    "oneOf": [
        _criteria_shape(given, [f for f in _CRITERIA_FIELDS if f not in (*given, *optional)])
        for given, optional in (
            (["event_type"], ["condition", "count"]),
            (["event_type", "sum", "at_least"], ["condition"]),
            (["event_type", "streak_days"], ["condition"]),
            (["condition"], []),
            (["all_of"], []),
        )
    ]
}


class BadgeCriteria(StrictInput):
    """Exactly one shape: count, sum, streak (all on events of `event_type`), member condition, or all_of."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=CRITERIA_SHAPES)

    event_type: Key | None = None
    condition: Source | None = None
    count: int | None = Field(None, ge=1, le=MAX_AWARD)
    sum: Source | None = None
    at_least: int | None = Field(None, ge=1, le=MAX_AWARD)
    streak_days: int | None = Field(None, ge=2, le=3660)
    all_of: list[Key] | None = Field(None, min_length=1, max_length=50)

    @property
    def kind(self) -> str:
        if self.all_of is not None:
            return "all_of"
        if self.event_type is None:
            return "member"
        if self.sum is not None:
            return "sum"
        if self.streak_days is not None:
            return "streak"
        return "count"

    @model_validator(mode="after")
    def _one_shape(self) -> "BadgeCriteria":
        kind = self.kind
        given = {
            name for name in ("count", "sum", "at_least", "streak_days", "all_of") if getattr(self, name) is not None
        }
        allowed = {
            "count": {"count"},
            "sum": {"sum", "at_least"},
            "streak": {"streak_days"},
            "member": set(),
            "all_of": {"all_of"},
        }[kind]
        if given - allowed:
            raise ValueError(f"criteria mix {sorted(given)}; use one of count, sum+at_least, streak_days, all_of")
        if kind == "sum" and self.at_least is None:
            raise ValueError("a sum criterion needs `at_least`")
        if kind == "member" and self.condition is None:
            raise ValueError(
                "criteria need `event_type` (count, sum, streak), `condition` over the member, or `all_of`"
            )
        if kind == "all_of" and (self.event_type is not None or self.condition is not None):
            raise ValueError("`all_of` stands alone")
        return self


class BadgeSpec(_Stored):
    name: Name
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    criteria: BadgeCriteria
    points: int = Field(0, ge=0, le=MAX_AWARD, description="Bonus points, in the awarding event's transaction.")
    repeat: Period | None = Field(None, description="Awarded again each period (count and sum criteria).")
    # `_repeatable` wants `<svg`, in any case, in the first 2,000 characters: the pattern states it.
    image_svg: (
        Annotated[str, StringConstraints(max_length=100_000, pattern=r"^[^\x00]{0,1996}<[sS][vV][gG][^\x00]*$")] | None
    ) = None
    segment: Key | None = None
    nft: list[Literal["evm", "tron"]] = Field(
        default_factory=list, max_length=2, description="Also mint a soulbound token on these chains when awarded."
    )
    freezes: int = Field(
        0, ge=0, le=365, description="A streak keeps over up to this many missed days in a row, one freeze each."
    )
    streak_freezes: StreakFreezes = 0
    revoke_on_reversal: bool = Field(
        False, description="Taken back (with its bonus points) when a return leaves its count or sum short."
    )

    @model_validator(mode="after")
    def _repeatable(self) -> "BadgeSpec":
        if self.repeat is not None and self.criteria.kind not in ("count", "sum"):
            raise ValueError("only count and sum badges can repeat per period")
        if self.freezes and self.criteria.kind != "streak":
            raise ValueError("`freezes` applies to streak badges (criteria.streak_days)")
        if self.image_svg is not None and "<svg" not in self.image_svg[:2000].lower():
            raise ValueError("image_svg must be an SVG document")
        return self


class QuestStep(StrictInput):
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: Key
    condition: Source | None = None
    count: int = Field(1, ge=1, le=1_000_000)


class QuestSpec(Spec):
    name: Name
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    steps: list[QuestStep] = Field(min_length=1, max_length=20)
    ordered: bool = False
    window_days: int | None = Field(None, ge=1, le=3660)
    points: int = Field(0, ge=0, le=MAX_AWARD)
    badge: Key | None = None
    segment: Key | None = None


class LevelSpec(Spec):
    model_config = ConfigDict(json_schema_extra=exactly_one_of("min_points", "min_xp", "min_rolling_points"))

    name: Name
    min_points: int | None = Field(None, ge=0, le=MAX_AWARD, description="Lifetime points to reach it.")
    min_xp: int | None = Field(None, ge=0, le=MAX_AWARD)
    min_rolling_points: int | None = Field(
        None, ge=0, le=MAX_AWARD, description="Points earned in the last ROLLING_DAYS days (a tier that must be kept)."
    )
    multiplier: float = Field(1.0, ge=0, le=100)
    reward_points: int = Field(0, ge=0, le=MAX_AWARD)
    hold_days: int = Field(0, ge=0, le=3660, description="Kept this long at least, then re-qualified by a job.")

    @model_validator(mode="after")
    def _one_threshold(self) -> "LevelSpec":
        if sum(t is not None for t in (self.min_points, self.min_xp, self.min_rolling_points)) != 1:
            raise ValueError("give exactly one of `min_points`, `min_xp` or `min_rolling_points`")
        return self

    @property
    def basis(self) -> str:
        if self.min_points is not None:
            return "points"
        return "xp" if self.min_xp is not None else "rolling_points"

    @property
    def threshold(self) -> int:
        return next(t for t in (self.min_points, self.min_xp, self.min_rolling_points) if t is not None)


class MedalRank(StrictInput):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at_least: int = Field(ge=1, le=MAX_AWARD)
    name: Annotated[str, StringConstraints(max_length=200)] | None = None


COUNTER_PATTERN = r"^(points|xp|events|badges|account_age_days|events:[A-Za-z0-9][A-Za-z0-9_.:-]*)$"


class MedalSpec(Spec):
    name: Name
    counter: Annotated[str, StringConstraints(pattern=COUNTER_PATTERN, max_length=80)]
    ranks: list[MedalRank] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _ascending(self) -> "MedalSpec":
        thresholds = [rank.at_least for rank in self.ranks]
        if thresholds != sorted(set(thresholds)):
            raise ValueError("ranks must have strictly ascending `at_least`")
        return self


class LeaderboardSpec(Spec):
    name: Name
    metric: Annotated[str, StringConstraints(pattern=r"^(points|xp|events|events:[A-Za-z0-9][A-Za-z0-9_.:-]*)$")] = (
        "points"
    )
    scope: Key | None = Field(None, description="A member attribute that splits the board (team, city, store).")


class SegmentSpec(Spec):
    """A group of members by a CEL condition over `member` (attributes, level, points, xp, events, badges...).
    Rules, badges and quests with `segment` only count for members in it when the event arrives."""

    name: Name
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    condition: Source


SPEC_TYPES: dict[Kind, type[Spec]] = {
    Kind.RULE: RuleSpec,
    Kind.BADGE: BadgeSpec,
    Kind.QUEST: QuestSpec,
    Kind.LEVEL: LevelSpec,
    Kind.MEDAL: MedalSpec,
    Kind.LEADERBOARD: LeaderboardSpec,
    Kind.SEGMENT: SegmentSpec,
}


# ---- compiled forms -------------------------------------------------------------------------------------------

EVENT_VARS = frozenset({"event", "member"})
MEMBER_VARS = frozenset({"member"})


def _expr(source: str | None, field: str, expected: type, allowed: frozenset[str] = EVENT_VARS) -> Expression | None:
    if source is None:
        return None
    return compile_expression(source, field=field, expected=expected, allowed=allowed, max_length=len(source))


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    condition: Expression | None
    points: Expression | None
    xp: Expression | None


@dataclass(frozen=True)
class CompiledBadge:
    spec: BadgeSpec
    condition: Expression | None
    sum: Expression | None
    kind: str  # the criteria's shape, looked up once: the engine asks for it on every event

    @cached_property
    def label(self) -> str:
        """`badge:<key>`: its counter's name (before any period) and what its errors are reported against."""
        return f"badge:{self.spec.key}"


@dataclass(frozen=True)
class CompiledStep:
    spec: QuestStep
    condition: Expression | None


@dataclass(frozen=True)
class CompiledQuest:
    spec: QuestSpec
    steps: tuple[CompiledStep, ...]


@dataclass(frozen=True)
class CompiledSegment:
    spec: SegmentSpec
    condition: Expression


def compile_spec(kind: Kind, spec: Spec) -> Any:
    """The evaluable form of a spec; raises InvalidExpression (with the field) on a bad CEL expression."""
    if isinstance(spec, RuleSpec):
        return CompiledRule(
            spec, _expr(spec.condition, "condition", bool), _expr(spec.points, "points", int), _expr(spec.xp, "xp", int)
        )
    if isinstance(spec, BadgeSpec):
        criteria = spec.criteria
        allowed = MEMBER_VARS if criteria.kind == "member" else EVENT_VARS
        return CompiledBadge(
            spec,
            _expr(criteria.condition, "criteria.condition", bool, allowed),
            _expr(criteria.sum, "criteria.sum", int),
            criteria.kind,
        )
    if isinstance(spec, QuestSpec):
        steps = tuple(
            CompiledStep(step, _expr(step.condition, f"steps.{i}.condition", bool)) for i, step in enumerate(spec.steps)
        )
        return CompiledQuest(spec, steps)
    if isinstance(spec, SegmentSpec):
        condition = _expr(spec.condition, "condition", bool, MEMBER_VARS)
        assert condition is not None
        return CompiledSegment(spec, condition)
    return spec
