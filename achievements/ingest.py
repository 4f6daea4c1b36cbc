"""Event ingestion: record events idempotently and award what the rules say, all in the caller's transaction.

One call handles one event or a batch of up to a thousand with a fixed number of statements, which is what
makes the batch endpoint fast. Idempotency rests on the unique (tenant, event id) key, not on a prior read: if a
concurrent request wins the race for an id, the insert fails, `run_in_transaction` runs the unit of work again,
and the retry finds the stored event.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson
from sqlalchemy import Select, bindparam, select
from sqlmodel import Session, col

from achievements.accrual import withhold_over_budget
from achievements.benefits import accrual_multipliers
from achievements.caps import program_caps
from achievements.catalog import Rulebook, load_rulebook
from achievements.engine import Engine, EventFacts, Outcome
from achievements.leaderboards import ScoreDelta, merge, record, score_deltas
from achievements.models import Event
from achievements.observers import ObservedEvent, observe
from achievements.state import MemberState, load_states, save_states, streak_window
from core.db import insert_rows, is_postgres, one_of_bound
from core.errors import EventConflict, LaurelError, NotFound
from core.logging import get_logger
from core.metrics import EVENTS_INGESTED, POSTINGS_WRITTEN, RULE_ERRORS
from core.notices import notice_subscribers, publish_notices
from core.tenancy import lock_members
from core.types import utcnow
from targeting.event_schemas import validate_properties
from targeting.referrals import ReferralTerms, cap_referral, pending_referrals, referral_paid, reward_referral
from targeting.segments import attach_windows, refresh_members
from wallets import ledger
from wallets.accounts import member_available, member_debt, member_pending, program_issued
from wallets.badge_nfts import queue_badge_mints
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.pending import Crediting, debts, pending_days
from wallets.programs import (
    ProgramNotActive,
    accrual_stopped,
    ensure_takes_events,
    lock_budget,
    program_for_events,
    spend_budget,
)

log = get_logger(__name__)


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
class IngestOutcome:
    """Per-event results, plus what to do once the transaction committed: mirror leaderboard scores to Redis,
    nudge the webhook worker."""

    results: list[EventResult] = field(default_factory=list)
    score_deltas: list[tuple[int, list[ScoreDelta]]] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)


def ingest_events(session: Session, tenant_id: str, inputs: Sequence[EventInput]) -> IngestOutcome:
    """Store new events with their effects; give back the stored effects for ids seen before (same body) and
    an `EventConflict` for ids seen before with another body. One result per input, in order."""
    outcome = IngestOutcome()
    hashes = [event.body_sha256() for event in inputs]
    stored = stored_events(session, tenant_id, {event.id for event in inputs})
    results: list[EventResult | None] = [None] * len(inputs)
    fresh: dict[str, int] = {}
    for index, (event, digest) in enumerate(zip(inputs, hashes, strict=True)):
        if event.id in stored:
            results[index] = _replay(event.id, digest, *stored[event.id])
        elif event.id in fresh:
            results[index] = None  # resolved after the first copy of this id is evaluated
        else:
            fresh[event.id] = index
    invalid = validate_properties(
        session, tenant_id, ((i, inputs[i].type, inputs[i].properties) for i in fresh.values())
    )
    for index, error in invalid.items():
        results[index] = EventResult(id=inputs[index].id, created=False, error=error)
    by_program: dict[str | None, list[int]] = defaultdict(list)
    for index in fresh.values():
        if index not in invalid:
            by_program[inputs[index].program].append(index)
    for program_key, indexes in by_program.items():
        try:
            program = program_for_events(session, tenant_id, program_key)
            ensure_takes_events(program)
        except (NotFound, ProgramNotActive) as exc:
            for index in indexes:
                results[index] = EventResult(id=inputs[index].id, created=False, error=exc)
            continue
        for index, effects in _ingest_program(session, tenant_id, program, inputs, hashes, indexes, outcome).items():
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
    outcome.results = [r for r in results if r is not None]
    return outcome


def _replay(event_id: str, digest: str, stored_digest: str, effects: dict[str, Any]) -> EventResult:
    if digest != stored_digest:
        return EventResult(
            id=event_id,
            created=False,
            error=EventConflict(f"event {event_id!r} was already received with a different body"),
        )
    return EventResult(id=event_id, created=False, effects=effects)


def stored_events(session: Session, tenant_id: str, ids: set[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """The body digest and effects of those of `ids` already stored."""
    query = _stored_events_query(is_postgres(session.get_bind()))
    rows = session.connection().execute(query, {"tenant_id": tenant_id, "ids": list(ids)})
    return {event_id: (digest, effects) for event_id, digest, effects in rows.all()}


@cache
def _stored_events_query(postgres: bool) -> Select[str, str, dict[str, Any]]:
    """Read by every batch: built once per dialect (building a select costs more than running it)."""
    return select(col(Event.event_id), col(Event.body_sha256), col(Event.effects)).where(
        col(Event.tenant_id) == bindparam("tenant_id"), one_of_bound(postgres, col(Event.event_id), "ids")
    )


def _ingest_program(
    session: Session,
    tenant_id: str,
    program: Program,
    inputs: Sequence[EventInput],
    hashes: Sequence[str],
    indexes: list[int],
    outcome: IngestOutcome,
) -> dict[int, dict[str, Any]]:
    assert program.id is not None
    program_id = program.id
    now = utcnow()
    events = [inputs[i] for i in indexes]
    members = lock_members(session, tenant_id, {e.member for e in events})
    member_ids = {member.external_id: member.id for member in members}
    book = load_rulebook(session, tenant_id, program_id)
    zone = program_zone(program)
    engine = Engine(book, zone, program_caps(program))
    facts = [
        EventFacts(id=e.id, type=e.type, properties=e.properties, member=e.member, occurred_at=e.occurred_at or now)
        for e in events
    ]
    states = load_states(
        session,
        tenant_id,
        program_id,
        member_ids.values(),
        streak_windows=_streak_windows(book, facts, zone),
        parts=book.state_parts,
        members=members,
    )
    attach_windows(session, tenant_id, program_id, book, states.values(), now)
    for member_id, factor in accrual_multipliers(session, tenant_id, program_id, states.keys(), now).items():
        states[member_id].benefit_multiplier = factor
    hooks = notice_subscribers(session, tenant_id)
    terms = ReferralTerms.of(program)
    referrals = pending_referrals(session, terms, events, member_ids)

    rows: list[tuple[Any, ...]] = []  # in the order of EVENT_COLUMNS
    observed: list[ObservedEvent] = []
    specs: list[TransactionSpec] = []
    deltas: list[ScoreDelta] = []
    notifications: list[tuple[str, dict[str, Any]]] = []
    effects_by_index: dict[int, dict[str, Any]] = {}
    stopped = accrual_stopped(program)  # closing or closed: events are recorded, nothing is evaluated
    remaining = lock_budget(session, program_id) if program.budget is not None and not stopped else None
    granted = 0
    crediting = Crediting(pending_days(program) > 0, debts(session, tenant_id, program_id, states.keys()))
    for index, event, fact in zip(indexes, events, facts, strict=True):
        state = states[member_ids[event.member]]
        result = Outcome() if stopped else engine.evaluate(fact, state)
        referral = None
        if not stopped and referrals and terms and event.type == terms.event_type and state.member_id in referrals:
            referrer_id = referrals.pop(state.member_id)
            referral = reward_referral(session, terms, program_id, referrer_id, state, event.id, result)
        withheld = withhold_over_budget(result, state, remaining - granted) if remaining is not None else 0
        granted += max(result.points, 0)
        referral_withheld = 0
        if referral is not None and remaining is not None:
            referral, referral_withheld = cap_referral(referral, remaining - granted)
            granted += referral.entries[0].amount if referral is not None else 0
        effects = result.effects()
        if stopped:
            effects["accrual_stopped"] = stopped
        if withheld or referral_withheld:
            effects["budget_exhausted"] = True
            effects["points_withheld"] = withheld
        if referral_withheld:
            effects["referral_points_withheld"] = referral_withheld
        if paid := referral_paid(result, referral, terms):
            effects["referral"] = paid
        effects_by_index[index] = effects
        for error in result.errors:
            RULE_ERRORS.inc()
            log.info("rule skipped", rule=error["rule"], event_id=event.id, error=error["error"])
        if result.points:
            specs.append(_ledger_spec(program_id, state, event.id, result, now, crediting, effects))
        if referral is not None:
            specs.append(referral)
        deltas += [] if stopped else score_deltas(book, zone, fact, state, result)
        notifications += result.notifications
        if not stopped:
            observed.append(
                ObservedEvent(event.id, state.member_id, event.member, event.type, event.properties, fact.occurred_at)
            )
        rows.append(
            (
                tenant_id,
                event.id,
                program_id,
                state.member_id,
                event.type,
                event.properties,
                fact.occurred_at,
                now,
                hashes[index],
                effects,
            )
        )

    _insert_events(session, rows)
    if remaining is not None:
        spend_budget(session, program_id, granted)
    ledger.post_many(session, tenant_id, specs)
    save_states(session, tenant_id, program_id, states, book.badge_versions)
    notifications += refresh_members(session, tenant_id, program_id, book, states.values(), now)
    notifications += observe(session, tenant_id, program, observed, now)
    _queue_badge_nfts(session, tenant_id, book, states.values())
    merged = merge(deltas)
    record(session, tenant_id, program_id, merged)
    outcome.score_deltas.append((program_id, merged))
    outcome.deliveries += publish_notices(session, tenant_id, hooks, notifications) if hooks else []
    EVENTS_INGESTED.inc(len(rows))
    POSTINGS_WRITTEN.inc(sum(len(s.entries) for s in specs))
    return effects_by_index


def _queue_badge_nfts(session: Session, tenant_id: str, book: Rulebook, states: Iterable[MemberState]) -> None:
    """Badges that ask for a token owe one on each chain they name, queued in the award's transaction."""
    by_chains: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for state in states:
        for key, _, _, _ in state.new_badges:
            wanted: tuple[str, ...] = tuple(book.badges[key].spec.nft) if key in book.badges else ()
            if wanted:
                by_chains[wanted].append((state.member_id, key))
    for chains, awards in by_chains.items():
        queue_badge_mints(session, tenant_id, awards, chains)


def _ledger_spec(
    program_id: int,
    state: MemberState,
    event_id: str,
    result: Outcome,
    now: datetime,
    crediting: Crediting,
    effects: dict[str, Any],
) -> TransactionSpec:
    """One transaction per event: rule points, badge and quest bonuses and level rewards together, stamped with
    the batch's time (one timestamp to format for the whole batch). Earnings land in the pending account inside a
    return window, or pay off the member's debt first; the state's available points follow what really landed."""
    elsewhere = not crediting.lands_available(state.member_id)  # asked first: crediting pays debt down as it goes
    entries = crediting.entries(state.member_id, result.points)
    if elsewhere:
        _note_elsewhere(state, result.points, entries, effects)
    return TransactionSpec(
        program_id=program_id,
        kind=Kind.EARN if result.points > 0 else Kind.PENALTY,
        idempotency_key=f"event:{event_id}",
        entries=(*entries, Entry(program_issued(program_id), -result.points)),
        memo=", ".join(result.sources)[:500],
        event_id=event_id,
        created_at=now,
    )


def _note_elsewhere(state: MemberState, points: int, entries: tuple[Entry, ...], effects: dict[str, Any]) -> None:
    """What of `points` went to the pending account or paid off debt: out of the state's available points, and
    into the event's effects."""
    landed = sum(e.amount for e in entries if e.account == member_available(state.member_id))
    state.available += landed - points
    if pending := sum(e.amount for e in entries if e.account == member_pending(state.member_id)):
        effects["pending"] = pending
    if settled := sum(e.amount for e in entries if e.account == member_debt(state.member_id)):
        effects["debt_settled"] = settled


def _streak_windows(book: Rulebook, facts: list[EventFacts], zone: tzinfo) -> dict[str, tuple[date, date]]:
    """The days worth loading for each streak badge: around the batch's first and last day among the events it
    counts (local days follow the moments' order, so two conversions per event type suffice)."""
    streaks = [badge for badge in book.badges.values() if badge.kind == "streak"]
    if not streaks:
        return {}
    moments: dict[str, tuple[datetime, datetime]] = {}
    for fact in facts:
        span = moments.get(fact.type)
        moment = fact.occurred_at
        if span is None:
            moments[fact.type] = (moment, moment)
        elif moment < span[0] or moment > span[1]:
            moments[fact.type] = (min(span[0], moment), max(span[1], moment))
    windows = {}
    for badge in streaks:
        span = moments.get(badge.spec.criteria.event_type or "")
        if span is not None:
            days = (span[0].astimezone(zone).date(), span[1].astimezone(zone).date())
            windows[badge.spec.key] = streak_window(days, (badge.spec.criteria.streak_days or 0) + badge.spec.freezes)
    return windows


def program_zone(program: Program) -> tzinfo:
    name = program.settings.get("timezone") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


EVENT_COLUMNS = (
    "tenant_id",
    "event_id",
    "program_id",
    "member_id",
    "type",
    "properties",
    "occurred_at",
    "received_at",
    "body_sha256",
    "effects",
)


def _insert_events(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """A plain insert: if a concurrent request stored one of these ids first, the unique key raises
    IntegrityError, the caller's unit of work starts over, and the retry replays the stored event. One statement
    for the whole batch (see `insert_rows`)."""
    if rows:
        insert_rows(session, Event.__table__, EVENT_COLUMNS, rows)  # type: ignore[attr-defined]
