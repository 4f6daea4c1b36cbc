"""Recognitions between colleagues: give one from the monthly allowance, read the feed, approve or deny the ones
that wait for an approver."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.deps import Admin, AppState, Reader, State, Writer
from api.events import after_commit as after_ingest
from api.schemas import ExternalId, Key
from api.transfers import after_commit as nudge
from core.db import run_in_transaction, unit_of_work
from core.strict import QueryInt, StrictInput
from core.types import utcnow
from people.service import (
    Given,
    RecognitionSpec,
    RecognitionView,
    decide_recognition,
    get_recognition,
    give_recognition,
    list_recognitions,
)

router = APIRouter(prefix="/v1/recognitions", tags=["recognitions"])
Points = Annotated[int, Field(gt=0, lt=2**53)]
Value = Annotated[str, StringConstraints(min_length=1, max_length=64)]
RecognitionId = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
RecognitionPath = Annotated[str, Path(min_length=1, max_length=100)]


class RecognitionIn(StrictInput):
    model_config = ConfigDict(populate_by_name=True)

    id: RecognitionId = Field(description="The app's own id: sending it again never gives twice.")
    giver: ExternalId = Field(alias="from", description="The member who gives, from their monthly allowance.")
    receiver: ExternalId = Field(alias="to")
    points: Points
    message: Annotated[str, StringConstraints(min_length=1, max_length=1000, strip_whitespace=True)]
    values: list[Value] = Field(default_factory=list, max_length=10, description="Among the program's values.")
    program: Key | None = None


class RecognitionOut(BaseModel):
    id: str
    sender: str = Field(serialization_alias="from")
    receiver: str = Field(serialization_alias="to")
    points: int
    message: str
    values: list[str]
    status: str = Field(description="`given`, or `pending` until approved (`approved`) or `denied`.")
    month: str
    program: str
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, view: RecognitionView) -> "RecognitionOut":
        fields = vars(view)
        return cls(**{**fields, "sender": fields["giver"]})


class FeedOut(BaseModel):
    items: list[RecognitionOut]
    next_before: int | None = Field(description="Cursor for the next (older) page: pass it as `before`.")


def follow_up(state: AppState, tenant_id: str, given: Given) -> None:
    if given.outcome is not None:
        after_ingest(state, tenant_id, given.outcome)
    nudge(state, given.deliveries)


@router.post("", status_code=status.HTTP_201_CREATED)
def post_recognition(body: RecognitionIn, principal: Writer, state: State, response: Response) -> RecognitionOut:
    """201 `given` (or `pending` above the program's approval threshold); the same id and body again a 200, another
    body a 409. 409 when the allowance left (`available`), the per-recipient maximum (`remaining`) or the reciprocal
    limit does not allow it; 422 for a value the program does not have."""
    spec = RecognitionSpec(
        body.id, body.giver, body.receiver, body.points, body.message, tuple(body.values), body.program
    )
    given = run_in_transaction(state.engine, lambda s: give_recognition(s, principal.tenant_id, spec, utcnow()))
    follow_up(state, principal.tenant_id, given)
    if not given.created:
        response.status_code = status.HTTP_200_OK
    return RecognitionOut.of(given.recognition)


@router.get("")
def get_feed(
    principal: Reader,
    state: State,
    member: Annotated[ExternalId | None, Query(description="Given or received by this member.")] = None,
    team: Annotated[str | None, Query(min_length=1, max_length=128, description="Given or received on a team.")] = None,
    status_: Annotated[
        Literal["given", "pending", "approved", "denied"] | None, Query(alias="status", description="Only these.")
    ] = None,
    before: Annotated[QueryInt | None, Query(ge=1, description="Cursor: `next_before` of the previous page.")] = None,
    limit: Annotated[QueryInt, Query(ge=1, le=200)] = 50,
    program: Annotated[Key | None, Query()] = None,
) -> FeedOut:
    """The recognition feed, newest first."""
    with unit_of_work(state.engine, read_only=True) as session:
        items, cursor = list_recognitions(
            session,
            principal.tenant_id,
            member=member,
            team=team,
            status=status_,
            before=before,
            limit=limit,
            program=program,
        )
    return FeedOut(items=[RecognitionOut.of(item) for item in items], next_before=cursor)


@router.get("/{recognition_id}")
def get_one(recognition_id: RecognitionPath, principal: Reader, state: State) -> RecognitionOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return RecognitionOut.of(get_recognition(session, principal.tenant_id, recognition_id))


def _decide(state: AppState, tenant_id: str, recognition_id: str, approve: bool) -> RecognitionOut:
    given = run_in_transaction(
        state.engine, lambda s: decide_recognition(s, tenant_id, recognition_id, approve, utcnow())
    )
    follow_up(state, tenant_id, given)
    return RecognitionOut.of(given.recognition)


@router.post("/{recognition_id}/approve")
def post_approve(recognition_id: RecognitionPath, principal: Admin, state: State) -> RecognitionOut:
    """A pending recognition's points move to the receiver; anything but pending is a 409."""
    return _decide(state, principal.tenant_id, recognition_id, True)


@router.post("/{recognition_id}/deny")
def post_deny(recognition_id: RecognitionPath, principal: Admin, state: State) -> RecognitionOut:
    """A pending recognition's points return to the giver's allowance; anything but pending is a 409."""
    return _decide(state, principal.tenant_id, recognition_id, False)
