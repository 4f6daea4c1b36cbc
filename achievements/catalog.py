"""The versioned store of definitions, and the compiled rulebook the engine evaluates events against."""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, col

from achievements.definitions import (
    SPEC_TYPES,
    BadgeSpec,
    CompiledBadge,
    CompiledQuest,
    CompiledRule,
    CompiledSegment,
    Kind,
    LeaderboardSpec,
    LevelSpec,
    MedalSpec,
    QuestSpec,
    Spec,
    compile_spec,
)
from achievements.expressions import Combined, Expression, combine, fields_read
from achievements.models import Definition
from achievements.plan import EventPlan, LevelLadder, MemberBadgePlan, plan_event_type, plan_member_badges
from achievements.windows import WindowsRead, windows_read
from core import stamps
from core.errors import Conflict, InvalidExpression, InvalidInput, NotFound
from wallets.programs import resolve_program


@dataclass(frozen=True)
class SavedDefinition:
    kind: Kind
    spec: Spec
    version: int
    created_at: Any
    created: bool


def _expression_fields(body: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(body, dict):
        found = []
        for name, value in body.items():
            where = f"{path}.{name}" if path else name
            if name in ("condition", "points", "xp", "sum") and isinstance(value, str):
                found.append((where, value))
            else:
                found += _expression_fields(value, where)
        return found
    if isinstance(body, list):
        return [item for i, value in enumerate(body) for item in _expression_fields(value, f"{path}.{i}")]
    return []


def save_definition(
    session: Session, tenant_id: str, kind: Kind, spec: Spec, *, replace: bool, max_expression_length: int = 2000
) -> SavedDefinition:
    """Create a definition (or, with `replace`, add a new version of it). Saving an identical body changes nothing
    and is not an error; creating over an existing key with another body is a conflict (use replace)."""
    for where, source in _expression_fields(spec.model_dump(exclude_none=True)):
        if len(source) > max_expression_length:
            raise InvalidExpression(f"{where}: longer than {max_expression_length} characters", field=where)
    compile_spec(kind, spec)
    program = resolve_program(session, tenant_id, spec.program)
    assert program.id is not None
    body = spec.model_dump(mode="json", exclude={"program"})
    _check_references(session, tenant_id, program.id, kind, spec)
    current = _current(session, tenant_id, kind, spec.key)
    if current is not None:
        if current.body == body and current.program_id == program.id:
            return SavedDefinition(kind, spec, current.version, current.created_at, created=False)
        if not replace:
            raise Conflict(f"{kind.value} {spec.key!r} exists with another definition; PUT it to add a version")
        if current.program_id != program.id:
            raise Conflict(f"{kind.value} {spec.key!r} belongs to another program")
        session.execute(update(Definition).where(col(Definition.id) == current.id).values(is_current=False))
    elif replace:
        raise NotFound(f"{kind.value} {spec.key!r} not found")
    row = Definition(
        tenant_id=tenant_id,
        program_id=program.id,
        kind=kind.value,
        key=spec.key,
        version=(current.version + 1) if current else 1,
        body=body,
    )
    session.add(row)
    session.flush()
    stamps.bump(session, stamps.definitions_scope(tenant_id))  # every process reloads the rulebook at its next batch
    return SavedDefinition(kind, spec, row.version, row.created_at, created=True)


def _check_references(session: Session, tenant_id: str, program_id: int, kind: Kind, spec: Spec) -> None:
    if kind is Kind.LEVEL:
        assert isinstance(spec, LevelSpec)
        others = [
            LevelSpec.model_validate(d.body) for d in _current_of_kind(session, tenant_id, program_id, Kind.LEVEL)
        ]
        bases = {level.basis for level in others if level.key != spec.key}
        if bases and spec.basis not in bases:
            raise InvalidInput(
                f"levels of this program are on {bases.pop()}; a level cannot mix bases",
                field=f"min_{spec.basis}",
            )
    segment = getattr(spec, "segment", None)
    if segment is not None:
        segments = {d.key for d in _current_of_kind(session, tenant_id, program_id, Kind.SEGMENT)}
        if segment not in segments:
            raise InvalidInput(f"unknown segment {segment!r} (in this program)", field="segment")
    wanted: list[str] = []
    if isinstance(spec, BadgeSpec):
        wanted = list(spec.criteria.all_of or [])
        if spec.key in wanted:
            raise InvalidInput("a badge cannot require itself", field="criteria.all_of")
    elif isinstance(spec, QuestSpec) and spec.badge:
        wanted = [spec.badge]
    if wanted:
        badges = {d.key for d in _current_of_kind(session, tenant_id, program_id, Kind.BADGE)}
        missing = sorted(set(wanted) - badges)
        if missing:
            raise InvalidInput(f"unknown badge(s): {', '.join(missing)}", field="badge")


def _current(session: Session, tenant_id: str, kind: Kind, key: str) -> Definition | None:
    return session.scalar(
        select(Definition).where(
            col(Definition.tenant_id) == tenant_id,
            col(Definition.kind) == kind.value,
            col(Definition.key) == key,
            col(Definition.is_current).is_(True),
        )
    )


def _current_of_kind(session: Session, tenant_id: str, program_id: int, kind: Kind) -> list[Definition]:
    return list(
        session.scalars(
            select(Definition)
            .where(
                col(Definition.tenant_id) == tenant_id,
                col(Definition.program_id) == program_id,
                col(Definition.kind) == kind.value,
                col(Definition.is_current).is_(True),
            )
            .order_by(col(Definition.key))
        )
    )


def list_definitions(session: Session, tenant_id: str, kind: Kind, program: str | None = None) -> list[Definition]:
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    return _current_of_kind(session, tenant_id, program_row.id, kind)


def definition_history(session: Session, tenant_id: str, kind: Kind, key: str) -> list[Definition]:
    rows = list(
        session.scalars(
            select(Definition)
            .where(
                col(Definition.tenant_id) == tenant_id,
                col(Definition.kind) == kind.value,
                col(Definition.key) == key,
            )
            .order_by(col(Definition.version).desc())
        )
    )
    if not rows:
        raise NotFound(f"{kind.value} {key!r} not found")
    return rows


def spec_of(row: Definition) -> Spec:
    return SPEC_TYPES[Kind(row.kind)].model_validate(row.body)


@dataclass
class Rulebook:
    """Everything one program defines, compiled, indexed the way the engine looks things up."""

    rules: dict[str, list[CompiledRule]] = field(default_factory=dict)
    event_badges: dict[str, list[CompiledBadge]] = field(default_factory=dict)
    member_badges: list[CompiledBadge] = field(default_factory=list)
    badges: dict[str, CompiledBadge] = field(default_factory=dict)
    badge_versions: dict[str, int] = field(default_factory=dict)
    quests: list[CompiledQuest] = field(default_factory=list)
    levels: list[LevelSpec] = field(default_factory=list)
    medals: list[MedalSpec] = field(default_factory=list)
    leaderboards: list[LeaderboardSpec] = field(default_factory=list)
    segments: dict[str, CompiledSegment] = field(default_factory=dict)
    _fields: dict[tuple[str, str], frozenset[str] | None] = field(default_factory=dict, repr=False)
    _combined: dict[str, Combined | None] = field(default_factory=dict, repr=False)
    _plans: dict[str, EventPlan] = field(default_factory=dict, repr=False)

    def event_expressions(self, event_type: str) -> list[Expression]:
        """Every expression an event of this type can meet before member-level badges: its rules, its badges,
        quest steps on it, and segments (judged on the context of the event's start)."""
        found: list[Expression | None] = [segment.condition for segment in self.segments.values()]
        found += [e for rule in self.rules.get(event_type, []) for e in (rule.condition, rule.points, rule.xp)]
        found += [e for badge in self.event_badges.get(event_type, []) for e in (badge.condition, badge.sum)]
        found += [s.condition for quest in self.quests for s in quest.steps if s.spec.event_type == event_type]
        return [e for e in found if e is not None]

    def fields_read(self, event_type: str, variable: str) -> frozenset[str] | None:
        """The fields of `event` or `member` that events of this type need in their context (None: all of them)."""
        key = (event_type, variable)
        if key not in self._fields:
            self._fields[key] = fields_read((e.source for e in self.event_expressions(event_type)), variable)
        return self._fields[key]

    def combined(self, event_type: str) -> Combined | None:
        """The expressions events of this type meet (see `event_expressions`), as one program run per event."""
        if event_type not in self._combined:
            self._combined[event_type] = combine(self.event_expressions(event_type))
        return self._combined[event_type]

    def plan(self, event_type: str) -> EventPlan:
        """What events of this type meet, laid out for the engine (see `achievements.plan`)."""
        plan = self._plans.get(event_type)
        if plan is None:
            quests = [
                quest
                for quest in self.quests
                if quest.spec.segment is not None or any(step.spec.event_type == event_type for step in quest.steps)
            ]
            plan = self._plans[event_type] = plan_event_type(
                event_type,
                self.rules.get(event_type, []),
                self.event_badges.get(event_type, []),
                quests,
                self.combined(event_type),
            )
        return plan

    @cached_property
    def ladder(self) -> LevelLadder:
        return LevelLadder.of(self.levels)

    @cached_property
    def member_combined(self) -> Combined | None:
        """The conditions of member-level badges as one program, run once each time the engine judges them."""
        return combine(badge.condition for badge in self.member_badges if badge.condition is not None)

    @cached_property
    def member_plan(self) -> tuple[MemberBadgePlan, ...]:
        """Member-level badges with their conditions' places in `member_combined`."""
        return plan_member_badges(self.member_badges, self.member_combined)

    @cached_property
    def member_badge_fields(self) -> frozenset[str] | None:
        """The `member` fields that member-level badges (and the segments they may be limited to) read."""
        found = [b.condition for b in self.member_badges] + [s.condition for s in self.segments.values()]
        return fields_read((e.source for e in found if e is not None), "member")

    @cached_property
    def state_parts(self) -> frozenset[str]:
        """The parts of member state this rulebook can read or change (see `state.load_states`)."""
        parts = {"badges"} if self.badges or self.uses_member else set()
        if self.levels and self.levels[0].basis == "rolling_points":
            parts.add("rolling")
        if self.levels:
            parts.add("levels")
        return frozenset(parts)

    @cached_property
    def uses_member(self) -> bool:
        """Whether any expression reads `member` (building that context per event is not free); limiting a rule,
        badge or quest to a segment reads it too."""
        return (
            bool(self.member_badges)
            or any(
                "member" in e.variables
                for rules in self.rules.values()
                for rule in rules
                for e in (rule.condition, rule.points, rule.xp)
                if e is not None
            )
            or any(rule.spec.segment is not None for rules in self.rules.values() for rule in rules)
            or any(badge.spec.segment is not None for badge in self.badges.values())
            or any(quest.spec.segment is not None for quest in self.quests)
        )

    @cached_property
    def windows(self) -> WindowsRead | None:
        """The windowed event counters (`member.events_30d`...) any expression reads: loaded per batch only then."""
        expressions: list[Expression | None] = [segment.condition for segment in self.segments.values()]
        expressions += [e for rules in self.rules.values() for r in rules for e in (r.condition, r.points, r.xp)]
        expressions += [e for badge in self.badges.values() for e in (badge.condition, badge.sum)]
        expressions += [step.condition for quest in self.quests for step in quest.steps]
        return windows_read(e.source for e in expressions if e is not None)

    def add(self, kind: Kind, compiled: Any, version: int = 1) -> None:
        if kind is Kind.RULE:
            if compiled.spec.active:
                self.rules.setdefault(compiled.spec.event_type, []).append(compiled)
        elif kind is Kind.BADGE:
            self.badges[compiled.spec.key] = compiled
            self.badge_versions[compiled.spec.key] = version
            if compiled.kind in ("member", "all_of"):
                self.member_badges.append(compiled)
            else:
                self.event_badges.setdefault(compiled.spec.criteria.event_type, []).append(compiled)
        elif kind is Kind.QUEST:
            self.quests.append(compiled)
        elif kind is Kind.LEVEL:
            self.levels.append(compiled)
            self.levels.sort(key=lambda level: level.threshold)
        elif kind is Kind.MEDAL:
            self.medals.append(compiled)
        elif kind is Kind.SEGMENT:
            self.segments[compiled.spec.key] = compiled
        else:
            self.leaderboards.append(compiled)


class _CompiledCache:
    """Compiled definitions by row identity: rows never change (an edit is a new row), so entries never go stale.
    The tenant and version are in the key too, so two databases in one process (tests) cannot collide."""

    def __init__(self, size: int = 4096) -> None:
        self._items: OrderedDict[tuple[int, str, str, str, int], Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, row: Definition) -> Any:
        assert row.id is not None
        identity = (row.id, row.tenant_id, row.kind, row.key, row.version)
        with self._lock:
            if identity in self._items:
                self._items.move_to_end(identity)
                return self._items[identity]
        compiled = compile_spec(Kind(row.kind), spec_of(row))
        with self._lock:
            self._items[identity] = compiled
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return compiled


_cache = _CompiledCache()


# Rulebooks are read for every batch of events; each is kept while its tenant's definitions stamp stands still.
_rulebooks: stamps.StampedCache[Rulebook] = stamps.StampedCache()


def load_rulebook(session: Session, tenant_id: str, program_id: int) -> Rulebook:
    """The program's compiled rulebook, as of the caller's transaction: a definition saved through any process is
    used by the next batch that reads it (the stamp is read in the same transaction, before the rules)."""
    stamp = stamps.read(session, stamps.definitions_scope(tenant_id))
    return _rulebooks.get((tenant_id, program_id), stamp, lambda: _read_rulebook(session, tenant_id, program_id))


def _read_rulebook(session: Session, tenant_id: str, program_id: int) -> Rulebook:
    rows = session.scalars(
        select(Definition)
        .where(
            col(Definition.tenant_id) == tenant_id,
            col(Definition.program_id) == program_id,
            col(Definition.is_current).is_(True),
        )
        .order_by(col(Definition.kind), col(Definition.key))
    )
    book = Rulebook()
    for row in rows:
        book.add(Kind(row.kind), _cache.get(row), row.version)
    return book


def rulebook_from_specs(specs: list[tuple[Kind, Spec]]) -> Rulebook:
    """A rulebook of drafts (for simulation): compiled, never stored."""
    book = Rulebook()
    for kind, spec in specs:
        book.add(kind, compile_spec(kind, spec))
    return book
