"""`POST /v1/events/{id}/reversals`: a full or partial return of an event (see `achievements.reversals`)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field

from achievements.ingest import IngestOutcome
from achievements.reversals import ReversalInput, reverse_event
from api.deps import State, Writer
from api.events import after_commit
from api.schemas import ExternalId, JsonObject
from core.db import run_in_transaction
from core.strict import StrictInput

router = APIRouter(prefix="/v1/events", tags=["events"])
EventPath = Annotated[str, Path(min_length=1, max_length=128)]


class ReversalIn(StrictInput):
    id: ExternalId = Field(description="The return's own id: sending it again reverses nothing twice.")
    properties: JsonObject | None = Field(
        None,
        json_schema_extra={"minProperties": 1, "additionalProperties": {"type": "number", "exclusiveMinimum": 0}},
        description='The returned part, numeric properties of the event (`{"amount": 40}`); omitted: all of it.',
    )


class ReversalEffects(BaseModel):
    event: str
    full: bool = Field(description="The whole event was returned: its counts on badges, quests and boards too.")
    points: int = Field(description="The member's points changed by the return (negative: taken back).")
    xp: int
    rules: list[dict[str, Any]] = Field(description="Per rule, the points and xp reversed by this return.")
    rules_reversed: dict[str, int]
    pending: int | None = Field(None, description="Of the points taken back, those taken from the return window.")
    debt: int | None = Field(None, description="Points already spent: the member's debt, paid off from later earnings.")
    badges_revoked: list[dict[str, str]] | None = None
    quests: list[dict[str, str]] | None = None
    streak_days_removed: list[dict[str, str]] | None = Field(
        None, description="Streak days taken off (`badge`, `day`): no other kept event of the member falls on them."
    )
    referral: dict[str, int] | None = Field(
        None, description="The referral the returned event paid, taken back: `referee_points`, `referrer_points`."
    )
    referrer_debt: int | None = Field(None, description="Of the referrer's reward taken back, the part already spent.")


class ReversalOut(BaseModel):
    id: str
    event: str
    effects: ReversalEffects


@router.post(
    "/{event_id}/reversals",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": ReversalOut, "description": "Seen before with the same body: the stored effects."},
        404: {"description": "No such event (for this tenant)."},
        409: {"description": "The id was used with another body, or the event was already returned in full."},
        422: {"description": "The returned part is not numeric properties of the event, or more than is left."},
    },
)
def post_reversal(
    event_id: EventPath, body: ReversalIn, principal: Writer, state: State, response: Response
) -> ReversalOut:
    request = ReversalInput(id=body.id, event_id=event_id, properties=body.properties)
    result = run_in_transaction(state.engine, lambda s: reverse_event(s, principal.tenant_id, request))
    after_commit(
        state, principal.tenant_id, IngestOutcome(score_deltas=result.score_deltas, deliveries=result.deliveries)
    )
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return ReversalOut(id=result.id, event=result.event_id, effects=ReversalEffects(**result.effects))
