"""Rule definitions: saved once with their expressions checked, loaded per event type with programs compiled."""

import sys
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from achievements.expressions import Expression, compile_expression
from achievements.models import Rule
from core.errors import Conflict, InvalidInput
from wallets.programs import resolve_program


@dataclass(frozen=True)
class RuleDraft:
    key: str
    event_type: str
    condition: str | None = None
    points: str | None = None
    xp: str | None = None
    segment: str | None = None
    program: str | None = None


@dataclass(frozen=True)
class CompiledRule:
    key: str
    event_type: str
    condition: Expression | None
    points: Expression | None
    xp: Expression | None

    @property
    def variables(self) -> frozenset[str]:
        parts = (self.condition, self.points, self.xp)
        return frozenset().union(*(p.variables for p in parts if p is not None))


def compile_rule(draft: RuleDraft | Rule, *, max_length: int = 2000) -> CompiledRule:
    if draft.points is None and draft.xp is None:
        raise InvalidInput("a rule awards something: give `points`, `xp`, or both", field="points")
    return CompiledRule(
        key=draft.key,
        event_type=draft.event_type,
        condition=_maybe(draft.condition, "condition", bool, max_length),
        points=_maybe(draft.points, "points", int, max_length),
        xp=_maybe(draft.xp, "xp", int, max_length),
    )


def _maybe(source: str | None, field: str, expected: type, max_length: int) -> Expression | None:
    if source is None:
        return None
    return compile_expression(source, field=field, expected=expected, max_length=max_length)


def create_rule(session: Session, tenant_id: str, draft: RuleDraft, *, max_length: int = 2000) -> tuple[Rule, bool]:
    """Save a rule; saving the same definition again returns it unchanged (`created` is False), while another
    definition under a taken key is a conflict."""
    compile_rule(draft, max_length=max_length)
    if draft.segment is not None:
        raise InvalidInput("segments are not available yet; leave `segment` out", field="segment")
    program = resolve_program(session, tenant_id, draft.program)
    existing = session.scalar(select(Rule).where(col(Rule.tenant_id) == tenant_id, col(Rule.key) == draft.key))
    wanted = (program.id, draft.event_type, draft.condition, draft.points, draft.xp, draft.segment)
    if existing is not None:
        held = (
            existing.program_id,
            existing.event_type,
            existing.condition,
            existing.points,
            existing.xp,
            existing.segment,
        )
        if held != wanted:
            raise Conflict(f"rule {draft.key!r} exists with another definition")
        return existing, False
    assert program.id is not None
    rule = Rule(
        tenant_id=tenant_id,
        program_id=program.id,
        key=draft.key,
        event_type=draft.event_type,
        condition=draft.condition,
        points=draft.points,
        xp=draft.xp,
        segment=draft.segment,
    )
    session.add(rule)
    session.flush()
    return rule, True


def list_rules(session: Session, tenant_id: str) -> list[Rule]:
    return list(session.scalars(select(Rule).where(col(Rule.tenant_id) == tenant_id).order_by(col(Rule.key))))


def active_rules(session: Session, tenant_id: str, program_id: int, event_types: set[str]) -> list[CompiledRule]:
    rows = session.scalars(
        select(Rule)
        .where(
            col(Rule.tenant_id) == tenant_id,
            col(Rule.program_id) == program_id,
            col(Rule.active).is_(True),
            col(Rule.event_type).in_(event_types),
        )
        .order_by(col(Rule.key))
    )
    # Stored rules passed their checks when saved; a later, stricter length limit must not disable them.
    return [compile_rule(row, max_length=sys.maxsize) for row in rows]
