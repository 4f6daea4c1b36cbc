"""Acknowledge now, evaluate next: events stored before their evaluation, and the lease that makes sure each is
evaluated once a process takes it up, whichever process and however many of them died on the way.

`accept_events` stores events as `PendingEvent` rows and answers as a replay would (an id already evaluated gives
its effects, another body for a known id is a conflict). `evaluate_pending` leases due rows, ingests them exactly
as a synchronous request would, and deletes them in that same transaction, so an event is either pending or stored,
never both and never neither. A lease outlives a killed process only by `lease` seconds. `ingest_now` is the
synchronous path: an id still pending is evaluated at once (or refused, with another body), never twice.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Engine, Select, bindparam, delete, select, update
from sqlmodel import Session, col

from achievements.ingest import EventInput, EventResult, IngestOutcome, ingest_events, stored_events
from achievements.models import Event, PendingEvent
from core import stamps
from core.db import insert_rows, is_postgres, one_of, one_of_bound, run_in_transaction, unit_of_work
from core.errors import EventConflict, LaurelError, NotFound
from core.logging import get_logger
from core.tenancy import Member
from core.types import utcnow
from wallets.models import Program

log = get_logger(__name__)
MAX_ATTEMPTS = 5  # an event whose evaluation raised this often is parked with the error, for GET to show


@dataclass(frozen=True)
class Acceptance:
    """One event's answer in async mode: pending (stored, to be evaluated), or the replay of one evaluated before."""

    id: str
    pending: bool
    effects: dict[str, Any] | None = None
    error: LaurelError | None = None


@dataclass(frozen=True)
class Accepted:
    results: list[Acceptance]

    @property
    def stored_any(self) -> bool:
        """Whether an evaluator has something new to do."""
        return any(answer.pending for answer in self.results)


def accept_events(session: Session, tenant_id: str, inputs: Sequence[EventInput]) -> Accepted:
    """Store what is new for evaluation; one answer per input, in order. Idempotent like `ingest_events`."""
    ids = {event.id for event in inputs}
    stored = stored_events(session, tenant_id, ids)
    pending = {row.event_id: row for row in _pending_rows(session, tenant_id, ids - stored.keys())}
    answers: list[Acceptance] = []
    taken: dict[str, str] = {}
    fresh: list[tuple[Any, ...]] = []
    now = utcnow()
    for event in inputs:
        digest = event.body_sha256()
        if event.id in stored:
            stored_digest, effects = stored[event.id]
            answers.append(_answer(event.id, digest, stored_digest, effects))
            continue
        if event.id in taken:
            answers.append(_answer(event.id, digest, taken[event.id], None))
            continue
        row = pending.get(event.id)
        if row is not None and row.error is None:
            taken[event.id] = row.body_sha256
            answers.append(_answer(event.id, digest, row.body_sha256, None))
            continue
        if row is not None:  # refused before, as a synchronous error would be: this is a new attempt
            session.execute(
                update(PendingEvent)
                .where(col(PendingEvent.pk) == row.pk)
                .values(body=_body(event), body_sha256=digest, error=None, attempts=0, lease_until=None)
            )
        else:
            fresh.append((tenant_id, event.id, _body(event), digest, now, 0))
        taken[event.id] = digest
        answers.append(Acceptance(id=event.id, pending=True))
    if fresh:
        stamps.mark(session, _pending_scope(tenant_id))
    # A concurrent request that stored one of these ids first makes this fail; `run_in_transaction` starts over.
    insert_rows(
        session,
        PendingEvent.__table__,  # type: ignore[attr-defined]
        ("tenant_id", "event_id", "body", "body_sha256", "received_at", "attempts"),
        fresh,
    )
    return Accepted(answers)


def _answer(event_id: str, digest: str, known_digest: str, effects: dict[str, Any] | None) -> Acceptance:
    if digest != known_digest:
        error = EventConflict(f"event {event_id!r} was already received with a different body")
        return Acceptance(id=event_id, pending=False, error=error)
    return Acceptance(id=event_id, pending=effects is None, effects=effects)


def _body(event: EventInput) -> dict[str, Any]:
    return {
        "member": event.member,
        "type": event.type,
        "properties": event.properties,
        "occurred_at": event.occurred_at.isoformat() if event.occurred_at else None,
        "program": event.program,
    }


def _input(event_id: str, body: dict[str, Any]) -> EventInput:
    occurred_at = body.get("occurred_at")
    return EventInput(
        id=event_id,
        member=body["member"],
        type=body["type"],
        properties=body.get("properties") or {},
        occurred_at=datetime.fromisoformat(occurred_at) if occurred_at else None,
        program=body.get("program"),
    )


class _PendingRow(NamedTuple):
    pk: int
    event_id: str
    body: dict[str, Any]
    body_sha256: str
    error: dict[str, Any] | None
    received_at: datetime


def _pending_rows(session: Session, tenant_id: str, ids: set[str]) -> list[_PendingRow]:
    if not ids:
        return []
    query = _pending_rows_query(is_postgres(session.get_bind()))
    rows = session.connection().execute(query, {"tenant_id": tenant_id, "ids": list(ids)})
    return [_PendingRow(*row) for row in rows]


@cache
def _pending_rows_query(
    postgres: bool,
) -> Select[int | None, str, dict[str, Any], str, dict[str, Any] | None, datetime]:
    """Read by every synchronous batch: built once per dialect (building a select costs more than running it)."""
    return select(
        col(PendingEvent.pk),
        col(PendingEvent.event_id),
        col(PendingEvent.body),
        col(PendingEvent.body_sha256),
        col(PendingEvent.error),
        col(PendingEvent.received_at),
    ).where(
        col(PendingEvent.tenant_id) == bindparam("tenant_id"), one_of_bound(postgres, col(PendingEvent.event_id), "ids")
    )


@stamps.tenant_scope
def _pending_scope(tenant_id: str) -> str:
    """Set (`stamps.mark`) once the tenant stored an event to evaluate later: the synchronous path of a tenant that
    never did reads no pending events."""
    return f"pending:{tenant_id}"


def _holds_pending(session: Session, tenant_id: str) -> bool:
    query = select(col(PendingEvent.pk)).where(col(PendingEvent.tenant_id) == tenant_id).limit(1)
    return session.scalar(query) is not None


# Pending events stored before the flag existed: looked for once per process while the flag is unset.
_pending_unflagged = stamps.Presence(_pending_scope, _holds_pending)


def _may_hold_pending(session: Session, tenant_id: str) -> bool:
    return bool(stamps.read(session, _pending_scope(tenant_id))) or _pending_unflagged.held(session, tenant_id)


def ingest_now(session: Session, tenant_id: str, inputs: Sequence[EventInput]) -> IngestOutcome:
    """`ingest_events` for a synchronous request, aware of events still pending: one with the same body is
    evaluated now (its row goes), one with another body is a conflict, as if it had been evaluated already."""
    if not _may_hold_pending(session, tenant_id):
        return ingest_events(session, tenant_id, inputs)
    pending = {row.event_id: row for row in _pending_rows(session, tenant_id, {e.id for e in inputs})}
    pending = {event_id: row for event_id, row in pending.items() if row.error is None}
    if not pending:
        return ingest_events(session, tenant_id, inputs)
    conflicts = {
        index
        for index, event in enumerate(inputs)
        if event.id in pending and event.body_sha256() != pending[event.id].body_sha256
    }
    outcome = ingest_events(session, tenant_id, [e for i, e in enumerate(inputs) if i not in conflicts])
    evaluated = iter(outcome.results)
    results: list[EventResult] = []
    for index, event in enumerate(inputs):
        if index in conflicts:
            error = EventConflict(f"event {event.id!r} was already received with a different body")
            results.append(EventResult(id=event.id, created=False, error=error))
        else:
            results.append(next(evaluated))
    done = [pending[r.id].pk for r in results if r.id in pending and r.error is None]
    if done:
        session.execute(delete(PendingEvent).where(one_of(session.get_bind(), col(PendingEvent.pk), done)))
    outcome.results = results
    return outcome


@dataclass(frozen=True)
class _Claimed:
    pk: int
    tenant_id: str
    event_id: str
    body: dict[str, Any]
    attempts: int


def evaluate_pending(engine: Engine, *, lease: timedelta, limit: int = 500) -> list[tuple[str, IngestOutcome]]:
    """Lease up to `limit` due events and evaluate them, a transaction per tenant; the outcomes, for the caller to
    follow up (leaderboard mirrors, webhook nudges). An empty list means nothing was due."""
    if not _any_waiting(engine):
        return []
    claimed = run_in_transaction(engine, lambda session: _claim(session, lease, limit))
    by_tenant: dict[str, list[_Claimed]] = defaultdict(list)
    for row in claimed:
        by_tenant[row.tenant_id].append(row)
    outcomes = []
    for tenant_id, rows in by_tenant.items():
        outcomes += _evaluate(engine, tenant_id, rows)
    return outcomes


def _any_waiting(engine: Engine) -> bool:
    """Whether any event waits to be evaluated: one read, so that the evaluator of every API process, polling twice
    a second, takes no write lock (SQLite's is the database's) and writes nothing while no tenant uses async mode."""
    with unit_of_work(engine, read_only=True) as session:
        waiting = select(col(PendingEvent.pk)).where(col(PendingEvent.error).is_(None)).limit(1)
        return session.scalar(waiting) is not None


def _claim(session: Session, lease: timedelta, limit: int) -> list[_Claimed]:
    now = utcnow()
    due = (
        select(col(PendingEvent.pk))
        .where(
            col(PendingEvent.error).is_(None),
            (col(PendingEvent.lease_until).is_(None)) | (col(PendingEvent.lease_until) < now),
        )
        .order_by(col(PendingEvent.pk))
        .limit(limit)
    )
    if is_postgres(session.get_bind()):
        due = due.with_for_update(skip_locked=True)  # concurrent evaluators take disjoint rows
    rows = session.execute(
        update(PendingEvent)
        .where(col(PendingEvent.pk).in_(due.scalar_subquery()))
        .values(lease_until=now + lease, attempts=col(PendingEvent.attempts) + 1)
        .returning(
            col(PendingEvent.pk),
            col(PendingEvent.tenant_id),
            col(PendingEvent.event_id),
            col(PendingEvent.body),
            col(PendingEvent.attempts),
        )
    )
    return sorted((_Claimed(*row) for row in rows), key=lambda row: row.pk)


def _evaluate(engine: Engine, tenant_id: str, rows: list[_Claimed]) -> list[tuple[str, IngestOutcome]]:
    """One transaction for the group; if it raises, each event alone, so one bad event never holds up the rest."""
    try:
        return [(tenant_id, run_in_transaction(engine, lambda session: _ingest_claimed(session, tenant_id, rows)))]
    except Exception as exc:
        if len(rows) > 1:
            return [outcome for row in rows for outcome in _evaluate(engine, tenant_id, [row])]
        [row] = rows
        log.warning("pending event evaluation failed", event_id=row.event_id, attempts=row.attempts, error=str(exc))
        if row.attempts >= MAX_ATTEMPTS:
            failure = {"slug": "evaluation-failed", "title": "Evaluation failed", "status": 500, "detail": str(exc)}
            run_in_transaction(engine, lambda session: _park(session, row.pk, failure))
        return []


def _ingest_claimed(session: Session, tenant_id: str, rows: list[_Claimed]) -> IngestOutcome:
    outcome = ingest_events(session, tenant_id, [_input(row.event_id, row.body) for row in rows])
    done = []
    for row, result in zip(rows, outcome.results, strict=True):
        if result.error is None:
            done.append(row.pk)
        else:
            _park(session, row.pk, error_body(result.error))
    if done:
        session.execute(delete(PendingEvent).where(one_of(session.get_bind(), col(PendingEvent.pk), done)))
    return outcome


def _park(session: Session, pk: int, error: dict[str, Any]) -> None:
    session.execute(update(PendingEvent).where(col(PendingEvent.pk) == pk).values(error=error, lease_until=None))


def error_body(error: LaurelError) -> dict[str, Any]:
    """What a refused event keeps of its error: enough for the API to answer the same problem again."""
    return {"slug": error.slug, "title": error.title, "status": error.status, "detail": error.detail, **error.extra}


@dataclass(frozen=True)
class EventView:
    """An event as `GET /v1/events/{id}` shows it: evaluated (with effects), pending, or failed (with the error)."""

    id: str
    status: str
    member: str
    type: str
    properties: dict[str, Any]
    occurred_at: datetime | None
    received_at: datetime
    program: str | None
    effects: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


def event_view(session: Session, tenant_id: str, event_id: str) -> EventView:
    row = session.execute(
        select(Event, col(Member.external_id), col(Program.key))
        .join(Member, col(Member.id) == col(Event.member_id))
        .join(Program, col(Program.id) == col(Event.program_id))
        .where(col(Event.tenant_id) == tenant_id, col(Event.event_id) == event_id)
    ).first()
    if row is not None:
        event, member, program = row
        return EventView(
            id=event_id,
            status="evaluated",
            member=member,
            type=event.type,
            properties=event.properties,
            occurred_at=event.occurred_at,
            received_at=event.received_at,
            program=program,
            effects=event.effects,
        )
    found = _pending_rows(session, tenant_id, {event_id})
    if not found:
        raise NotFound(f"event {event_id!r} not found")
    pending = found[0]
    event_input = _input(event_id, pending.body)
    return EventView(
        id=event_id,
        status="failed" if pending.error else "pending",
        member=event_input.member,
        type=event_input.type,
        properties=event_input.properties,
        occurred_at=event_input.occurred_at,
        received_at=pending.received_at,
        program=event_input.program,
        error=pending.error,
    )
