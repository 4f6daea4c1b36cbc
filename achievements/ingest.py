"""Event ingestion: record events idempotently and award what the rules say, all in the caller's transaction.

One call handles one event or a batch of up to a thousand with a fixed number of statements, which is what
makes the batch endpoint fast. Idempotency rests on the unique (tenant, event id) key, not on a prior read: if a
concurrent request wins the race for an id, `ConcurrentDuplicate` asks the caller to retry the unit of work,
and the retry finds the stored event.
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select
from sqlmodel import Session, col

from achievements.expressions import EvaluationError
from achievements.models import Event, MemberStats
from achievements.rules import CompiledRule, active_rules
from core.db import RetryableConflict, greatest, is_postgres, upsert_dialect
from core.errors import EventConflict, LaurelError, NotFound
from core.logging import get_logger
from core.metrics import EVENTS_INGESTED, POSTINGS_WRITTEN, RULE_ERRORS
from core.tenancy import Member, resolve_member_ids
from core.types import utcnow
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.programs import resolve_program

log = get_logger(__name__)


class ConcurrentDuplicate(RetryableConflict):
    """Another transaction stored one of these event ids first; retrying will find it."""


@dataclass(frozen=True)
class EventInput:
    id: str
    member: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime | None = None
    program: str | None = None

    def body_sha256(self) -> str:
        body = {
            "member": self.member,
            "type": self.type,
            "properties": self.properties,
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
            "program": self.program,
        }
        return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(frozen=True)
class EventResult:
    id: str
    created: bool
    effects: dict[str, Any] | None = None
    error: LaurelError | None = None


@dataclass
class _MemberState:
    """A member's figures as of the event being evaluated; the starting xp and count give the deltas to save."""

    available: int
    xp: int
    events: int
    last_event_at: datetime | None
    start_xp: int = 0
    start_events: int = 0

    def __post_init__(self) -> None:
        self.start_xp, self.start_events = self.xp, self.events

    def saw(self, occurred_at: datetime) -> None:
        self.events += 1
        if self.last_event_at is None or occurred_at > self.last_event_at:
            self.last_event_at = occurred_at


def ingest_events(session: Session, tenant_id: str, inputs: Sequence[EventInput]) -> list[EventResult]:
    """Store new events with their effects; give back the stored effects for ids seen before (same body) and
    an `EventConflict` for ids seen before with another body. One result per input, in order."""
    hashes = [event.body_sha256() for event in inputs]
    stored = _stored_events(session, tenant_id, {event.id for event in inputs})
    results: list[EventResult | None] = [None] * len(inputs)
    fresh: dict[str, int] = {}
    for index, (event, digest) in enumerate(zip(inputs, hashes, strict=True)):
        if event.id in stored:
            results[index] = _replay(event.id, digest, *stored[event.id])
        elif event.id in fresh:
            results[index] = None  # resolved after the first copy of this id is evaluated
        else:
            fresh[event.id] = index
    by_program: dict[str | None, list[int]] = defaultdict(list)
    for index in fresh.values():
        by_program[inputs[index].program].append(index)
    for program_key, indexes in by_program.items():
        try:
            program = resolve_program(session, tenant_id, program_key)
        except NotFound as exc:
            for index in indexes:
                results[index] = EventResult(id=inputs[index].id, created=False, error=exc)
            continue
        for index, effects in _ingest_program(session, tenant_id, program, inputs, hashes, indexes).items():
            results[index] = EventResult(id=inputs[index].id, created=True, effects=effects)
    first_result = {inputs[i].id: results[i] for i in fresh.values()}
    for index, event in enumerate(inputs):
        if results[index] is None:
            first = first_result[event.id]
            assert first is not None
            digest = hashes[fresh[event.id]]
            results[index] = (
                EventResult(id=event.id, created=False, error=first.error)
                if first.error
                else _replay(event.id, hashes[index], digest, first.effects or {})
            )
    return [r for r in results if r is not None]


def _replay(event_id: str, digest: str, stored_digest: str, effects: dict[str, Any]) -> EventResult:
    if digest != stored_digest:
        return EventResult(
            id=event_id,
            created=False,
            error=EventConflict(f"event {event_id!r} was already received with a different body"),
        )
    return EventResult(id=event_id, created=False, effects=effects)


def _stored_events(session: Session, tenant_id: str, ids: set[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    rows = session.execute(
        select(col(Event.event_id), col(Event.body_sha256), col(Event.effects)).where(
            col(Event.tenant_id) == tenant_id,
            col(Event.event_id).in_(ids),
        )
    )
    return {event_id: (digest, effects) for event_id, digest, effects in rows}


def _ingest_program(
    session: Session,
    tenant_id: str,
    program: Program,
    inputs: Sequence[EventInput],
    hashes: Sequence[str],
    indexes: list[int],
) -> dict[int, dict[str, Any]]:
    assert program.id is not None
    program_id = program.id
    events = [inputs[i] for i in indexes]
    member_ids = resolve_member_ids(session, tenant_id, {e.member for e in events})
    rules_by_type: dict[str, list[CompiledRule]] = defaultdict(list)
    for rule in active_rules(session, tenant_id, program_id, {e.type for e in events}):
        rules_by_type[rule.event_type].append(rule)
    needs_member = any("member" in rule.variables for rules in rules_by_type.values() for rule in rules)
    states = _member_states(session, tenant_id, program_id, set(member_ids.values()))
    profiles = _member_profiles(session, member_ids) if needs_member else {}

    now = utcnow()
    rows: list[dict[str, Any]] = []
    specs: list[TransactionSpec] = []
    effects_by_index: dict[int, dict[str, Any]] = {}
    for index, event in zip(indexes, events, strict=True):
        member_id = member_ids[event.member]
        state = states[member_id]
        occurred_at = event.occurred_at or now
        context = {"event": _event_context(event, occurred_at)}
        if needs_member:
            context["member"] = {
                **profiles[member_id],
                "xp": state.xp,
                "events": state.events,
                "points": state.available,
            }
        effects, spec = _evaluate(tenant_id, program_id, member_id, event, rules_by_type[event.type], context, state)
        state.saw(occurred_at)
        effects_by_index[index] = effects
        if spec is not None:
            specs.append(spec)
        rows.append(
            {
                "tenant_id": tenant_id,
                "event_id": event.id,
                "program_id": program_id,
                "member_id": member_id,
                "type": event.type,
                "properties": event.properties,
                "occurred_at": occurred_at,
                "received_at": now,
                "body_sha256": hashes[index],
                "effects": effects,
            }
        )

    _insert_events(session, rows)
    ledger.post_many(session, tenant_id, specs)
    _save_member_states(session, tenant_id, program_id, states)
    EVENTS_INGESTED.inc(len(rows))
    POSTINGS_WRITTEN.inc(sum(len(s.entries) for s in specs))
    return effects_by_index


def _evaluate(
    tenant_id: str,
    program_id: int,
    member_id: int,
    event: EventInput,
    rules: list[CompiledRule],
    context: dict[str, Any],
    state: _MemberState,
) -> tuple[dict[str, Any], TransactionSpec | None]:
    points = xp = 0
    fired: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    for rule in rules:
        try:
            if rule.condition is not None and not rule.condition.evaluate_bool(context):
                continue
            rule_points = rule.points.evaluate_int(context) if rule.points else 0
            rule_xp = rule.xp.evaluate_int(context) if rule.xp else 0
        except EvaluationError as exc:
            RULE_ERRORS.inc()
            log.info("rule skipped", rule=rule.key, event_id=event.id, error=str(exc))
            errors.append({"rule": rule.key, "error": str(exc)})
            continue
        points += rule_points
        xp += rule_xp
        fired.append({"key": rule.key, "points": rule_points, "xp": rule_xp})

    # A penalty never takes a balance below zero: what it could not take is recorded in the effects.
    taken_points = max(points, -state.available)
    taken_xp = max(xp, -state.xp)
    state.available += taken_points
    state.xp += taken_xp
    effects: dict[str, Any] = {
        "points": taken_points,
        "xp": taken_xp,
        "badges": [],
        "quests": [],
        "level": None,
        "rules": fired,
    }
    if taken_points != points or taken_xp != xp:
        effects["uncollected"] = {"points": taken_points - points, "xp": taken_xp - xp}
    if errors:
        effects["rule_errors"] = errors
    if taken_points == 0:
        return effects, None
    spec = TransactionSpec(
        program_id=program_id,
        kind=Kind.EARN if taken_points > 0 else Kind.PENALTY,
        idempotency_key=f"event:{event.id}",
        entries=(Entry(member_available(member_id), taken_points), Entry(program_issued(program_id), -taken_points)),
        memo=", ".join(f["key"] for f in fired),
        event_id=event.id,
    )
    return effects, spec


def _event_context(event: EventInput, occurred_at: datetime) -> dict[str, Any]:
    """`event.<property>` for the app's properties, plus the reserved `id`, `type`, `member`, `occurred_at`
    (which win over properties of the same name) and `properties` for the raw map."""
    return {
        **event.properties,
        "properties": event.properties,
        "id": event.id,
        "type": event.type,
        "member": event.member,
        "occurred_at": occurred_at,
    }


def _member_states(session: Session, tenant_id: str, program_id: int, member_ids: set[int]) -> dict[int, _MemberState]:
    accounts = {member_available(m): m for m in member_ids}
    balances = ledger.balances(session, tenant_id, program_id, accounts, for_update=True)
    stats_stmt = (
        select(MemberStats)
        .where(
            col(MemberStats.program_id) == program_id,
            col(MemberStats.member_id).in_(member_ids),
        )
        .order_by(col(MemberStats.member_id))
    )
    if is_postgres(session.get_bind()):
        stats_stmt = stats_stmt.with_for_update()
    stats = {s.member_id: s for s in session.scalars(stats_stmt)}
    return {
        m: _MemberState(
            available=balances[account].balance if account in balances else 0,
            xp=stats[m].xp if m in stats else 0,
            events=stats[m].events if m in stats else 0,
            last_event_at=stats[m].last_event_at if m in stats else None,
        )
        for account, m in accounts.items()
    }


def _member_profiles(session: Session, member_ids: dict[str, int]) -> dict[int, dict[str, Any]]:
    rows = session.execute(
        select(col(Member.id), col(Member.external_id), col(Member.attributes)).where(
            col(Member.id).in_(set(member_ids.values()))
        )
    )
    return {
        member_id: {"external_id": external_id, "attributes": attributes} for member_id, external_id, attributes in rows
    }


def _insert_events(session: Session, rows: list[dict[str, Any]]) -> None:
    table = Event.__table__  # type: ignore[attr-defined]
    dialect = upsert_dialect(session.get_bind())
    inserted = session.execute(
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=["tenant_id", "event_id"])
        .returning(table.c.event_id, sort_by_parameter_order=True),
        rows,
    ).all()
    if len(inserted) != len(rows):
        raise ConcurrentDuplicate("an event id was stored by a concurrent request")


def _save_member_states(session: Session, tenant_id: str, program_id: int, states: dict[int, _MemberState]) -> None:
    """Saved as increments, so two transactions that both saw a brand-new (so unlocked) member add up."""
    table = MemberStats.__table__  # type: ignore[attr-defined]
    insert = upsert_dialect(session.get_bind()).insert(table)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["member_id", "program_id"],
            set_={
                "xp": table.c.xp + insert.excluded.xp,
                "events": table.c.events + insert.excluded.events,
                "last_event_at": greatest(session.get_bind(), table.c.last_event_at, insert.excluded.last_event_at),
            },
        ),
        [
            {
                "member_id": m,
                "program_id": program_id,
                "tenant_id": tenant_id,
                "xp": state.xp - state.start_xp,
                "events": state.events - state.start_events,
                "last_event_at": state.last_event_at,
            }
            for m, state in sorted(states.items())
        ],
    )
