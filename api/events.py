"""Event ingestion, one at a time or in batches of up to `max_batch_events`; evaluated before the answer, or with
`Prefer: respond-async` acknowledged with 202 once stored and evaluated right after (see `achievements.inbox`)."""

from asyncio import wrap_future
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from fastapi import APIRouter, Header, Response, status
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, field_validator
from sqlmodel import Session

from achievements.leaderboards import mirror
from achievements.service import (
    Acceptance,
    EventInput,
    EventResult,
    IngestOutcome,
    accept_events,
    event_view,
    ingest_now,
)
from api.deps import AppState, EventWriter, Reader, State, Writer
from api.problems import PROBLEM_BASE, describe_validation_errors, problem_body
from api.schemas import EventType, ExternalId, JsonObject, Key
from core import stamps
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput, LaurelError
from core.strict import DateTime, StrictInput
from worker.tasks import nudge_webhooks

router = APIRouter(prefix="/v1/events", tags=["events"])
FUTURE_TOLERANCE = timedelta(hours=1)


class EventIn(StrictInput):
    id: ExternalId = Field(description="The app's own id: sending it again never awards twice.")
    member: ExternalId
    type: EventType
    properties: JsonObject = Field(default_factory=dict)
    occurred_at: DateTime | None = None
    program: Key | None = None

    @field_validator("occurred_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value > datetime.now(UTC) + FUTURE_TOLERANCE:
            raise ValueError("occurred_at is in the future")
        return value

    def to_input(self) -> EventInput:
        return EventInput(
            id=self.id,
            member=self.member,
            type=self.type,
            properties=self.properties,
            occurred_at=self.occurred_at,
            program=self.program,
        )


class Effects(BaseModel):
    points: int
    xp: int
    badges: list[dict[str, Any]]
    quests: list[dict[str, Any]]
    level: dict[str, Any] | None
    rules: list[dict[str, Any]]
    uncollected: dict[str, int] | None = None
    rule_errors: list[dict[str, str]] | None = None
    accrual_stopped: str | None = Field(default=None, description="Why nothing was awarded: the program is closing.")
    budget_exhausted: bool = Field(default=False, description="The program's budget cut this event's points.")
    points_withheld: int | None = Field(default=None, description="Points the budget did not cover.")
    referral_points_withheld: int | None = Field(
        default=None, description="Of the referrer's bonus this event paid, the points the budget did not cover."
    )
    capped: list[dict[str, Any]] | None = Field(
        default=None, description="What earning caps withheld: {cap: `rule:<key>` or `program`, per, points, xp}."
    )
    streak_freezes: dict[str, int] | None = Field(
        default=None, description="Streak freezes this event `granted` and `used` (to keep a streak over missed days)."
    )
    pending: int | None = Field(default=None, description="Points that wait out the program's return window.")
    debt_settled: int | None = Field(default=None, description="Of the points earned, those that paid off debt.")
    referral: dict[str, int] | None = Field(
        default=None,
        description="The referral this event paid: `referee_points` (in `points`) and `referrer_points`.",
    )


class EventOut(BaseModel):
    id: str
    effects: Effects


_EVENT_LIST = TypeAdapter(list[EventIn])


class EventBatchIn(StrictInput):
    events: list[dict[str, Any]] = Field(min_length=1, description="Each validated on its own.")


class EventBatchItemOut(BaseModel):
    id: str | None
    status: int
    effects: Effects | None = None
    error: dict[str, Any] | None = None


class EventBatchOut(BaseModel):
    results: list[EventBatchItemOut]


def check_size(event: EventIn, limit: int) -> None:
    if len(orjson.dumps(event.properties)) > limit:
        raise InvalidInput(f"event properties exceed {limit} bytes", field="properties")


class PendingOut(BaseModel):
    id: str
    status: str = Field(description="`pending`: stored, effects to follow (webhooks, `GET /v1/events/{id}`).")


class EventView(BaseModel):
    id: str
    status: str = Field(description="`evaluated`, `pending` (acknowledged, not yet evaluated) or `failed`.")
    member: str
    type: str
    properties: dict[str, Any]
    occurred_at: datetime | None
    received_at: datetime
    program: str | None
    effects: Effects | None = None
    error: dict[str, Any] | None = Field(default=None, description="Why evaluation refused it (problem+json).")


PreferHeader = Header(
    default=None,
    alias="Prefer",
    description="`respond-async`: answer 202 once the events are stored; their effects follow (RFC 7240).",
)


def _respond_async(prefer: str | None) -> bool:
    return prefer is not None and any(
        part.split(";")[0].strip().lower() == "respond-async" for part in prefer.split(",")
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EventOut | PendingOut,
    responses={
        200: {"model": EventOut, "description": "Seen before with the same body: the stored effects."},
        202: {"model": PendingOut, "description": "With `Prefer: respond-async`: stored, to be evaluated."},
    },
)
async def post_event(body: EventIn, caller: EventWriter, state: State, prefer: str | None = PreferHeader) -> Response:
    # Waits on the event loop for its shared transaction (no worker thread held), and answers with the model's own
    # JSON, skipping FastAPI's check of a model just built against that same model and its encoding in Python.
    check_size(body, state.settings.max_event_bytes)
    tenant_id = caller.principal.tenant_id
    if _respond_async(prefer):
        answer: Acceptance = await wrap_future(state.acceptor.submit(tenant_id, body.to_input(), caller))
        if answer.error is not None:
            raise answer.error
        async_headers = {"Preference-Applied": "respond-async"}
        if answer.pending:
            return json_response(PendingOut(id=answer.id, status="pending"), status.HTTP_202_ACCEPTED, async_headers)
        return json_response(event_out(answer.id, answer.effects), status.HTTP_200_OK, async_headers)
    result = await wrap_future(state.committer.submit(tenant_id, body.to_input(), caller))
    if result.error is not None:
        raise result.error
    status_code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
    return json_response(event_out(result.id, result.effects), status_code)


def event_out(event_id: str, effects: dict[str, Any] | None) -> EventOut:
    return EventOut(id=event_id, effects=Effects(**(effects or {})))


def json_response(model: BaseModel, status_code: int, headers: dict[str, str] | None = None) -> Response:
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json", headers=headers)


@router.post(
    "/batch",
    response_model=EventBatchOut,
    responses={202: {"model": EventBatchOut, "description": "With `Prefer: respond-async`: each stored one is 202."}},
)
def post_batch(body: EventBatchIn, principal: Writer, state: State, prefer: str | None = PreferHeader) -> Response:
    limit = state.settings.max_batch_events
    if len(body.events) > limit:
        raise InvalidInput(f"a batch holds at most {limit} events, got {len(body.events)}", field="events")
    outcomes, valid = _validated(body.events, state.settings.max_event_bytes)
    if _respond_async(prefer):
        answers = _accept(state, principal.tenant_id, valid) if valid else []
        items = [o if isinstance(o, dict) else _acceptance_item(answers[o]) for o in outcomes]
        return Response(
            orjson.dumps({"results": items}),
            status_code=status.HTTP_202_ACCEPTED,
            media_type="application/json",
            headers={"Preference-Applied": "respond-async"},
        )
    results: list[EventResult] = []
    if valid:
        outcome = run_in_transaction(
            state.engine, lambda s: ingest_now(_stamped(s, principal.tenant_id), principal.tenant_id, valid)
        )
        after_commit(state, principal.tenant_id, outcome)
        results = outcome.results
    items = [o if isinstance(o, dict) else _item(results[o]) for o in outcomes]
    # Serialised directly: a thousand results through response models would cost more than ingesting them.
    return Response(orjson.dumps({"results": items}), media_type="application/json")


def _validated(raws: list[dict[str, Any]], max_bytes: int) -> tuple[list[dict[str, Any] | int], list[EventInput]]:
    """Each raw event as its index among the valid ones, or as its failure. The whole list is validated in one
    call first; only a batch holding a bad event is gone through one by one, to say which and why."""
    try:
        events = _EVENT_LIST.validate_python(raws)
        for event in events:
            check_size(event, max_bytes)
    except (ValidationError, LaurelError):
        pass
    else:
        return list(range(len(events))), [event.to_input() for event in events]
    outcomes: list[dict[str, Any] | int] = []
    valid: list[EventInput] = []
    for raw in raws:
        try:
            event = EventIn.model_validate(raw)
            check_size(event, max_bytes)
        except ValidationError as exc:
            detail, fields = describe_validation_errors(list(exc.errors()))
            outcomes.append(_failed(_raw_id(raw), InvalidInput(detail, errors=fields)))
            continue
        except LaurelError as exc:
            outcomes.append(_failed(_raw_id(raw), exc))
            continue
        outcomes.append(len(valid))
        valid.append(event.to_input())
    return outcomes, valid


@router.get("/{event_id}")
def get_event(event_id: str, principal: Reader, state: State) -> EventView:
    """The stored event and its effects, or `"status": "pending"` while an event acknowledged with 202 waits."""
    with unit_of_work(state.engine, read_only=True) as session:
        view = event_view(session, principal.tenant_id, event_id)
    error = view.error
    if error is not None:
        error = {"type": PROBLEM_BASE + error.get("slug", "evaluation-failed"), **error}
        error.pop("slug", None)
    return EventView(
        id=view.id,
        status=view.status,
        member=view.member,
        type=view.type,
        properties=view.properties,
        occurred_at=view.occurred_at,
        received_at=view.received_at,
        program=view.program,
        effects=Effects(**view.effects) if view.effects is not None else None,
        error=error,
    )


def _stamped(session: Session, tenant_id: str) -> Session:
    """The session, with every stamp the tenant's events may consult read in one statement (`core.stamps`)."""
    stamps.read_many(session, stamps.tenant_scopes(tenant_id))
    return session


def _accept(state: AppState, tenant_id: str, events: list[EventInput]) -> list[Acceptance]:
    """Store the events (committed before the caller answers 202) and wake this process's evaluator."""
    accepted = run_in_transaction(state.engine, lambda s: accept_events(_stamped(s, tenant_id), tenant_id, events))
    if accepted.stored_any and state.evaluator is not None:
        state.evaluator.nudge()
    return accepted.results


def _acceptance_item(answer: Acceptance) -> dict[str, Any]:
    if answer.error is not None:
        return _failed(answer.id, answer.error)
    if answer.pending:
        return {"id": answer.id, "status": 202}
    return {"id": answer.id, "status": 200, "effects": answer.effects}


def after_commit(state: AppState, tenant_id: str, outcome: IngestOutcome) -> None:
    """Work that must follow a committed ingestion: Redis mirrors the committed leaderboard scores, and a worker
    is nudged to deliver the webhooks the events caused."""
    if state.redis is not None:
        for program_id, deltas in outcome.score_deltas:
            mirror(state.redis, state.settings.redis_prefix, tenant_id, program_id, deltas)
    if outcome.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, outcome.deliveries)


def _item(result: EventResult) -> dict[str, Any]:
    if result.error is not None:
        return _failed(result.id, result.error)
    return {"id": result.id, "status": 201 if result.created else 200, "effects": result.effects}


def _failed(event_id: str | None, error: LaurelError) -> dict[str, Any]:
    return {"id": event_id, "status": error.status, "error": problem_body(error)}


def _raw_id(raw: dict[str, Any]) -> str | None:
    value = raw.get("id")
    return value if isinstance(value, str) and len(value) <= 128 else None
