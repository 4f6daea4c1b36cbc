"""Passes and season tickets: definitions, issuing one to a member, and taking a use at a till."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Admin, Reader, State, Writer
from api.events import after_commit
from api.schemas import EventType, ExternalId, JsonObject, Key, Name
from core.db import run_in_transaction, unit_of_work
from core.strict import DateTime, StrictInput
from core.tenancy import get_member
from core.types import at_least_one_of
from loyalty.models import PassType
from loyalty.passes import (
    DEFAULT_EVENT_TYPE,
    PassTerms,
    PassUseView,
    PassView,
    create_pass_type,
    get_pass,
    issue_pass,
    list_pass_types,
    member_passes,
    use_pass,
)

router = APIRouter(prefix="/v1", tags=["passes"])
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]
PassPath = Annotated[str, Path(min_length=1, max_length=40)]
Count = Annotated[int, Field(ge=1, le=1_000_000)]


class PassTypeIn(StrictInput):
    model_config = ConfigDict(json_schema_extra=at_least_one_of("uses", "valid_days"))

    key: Key
    name: Name
    uses: Count | None = Field(None, description="Uses the pass grants; unlimited within its validity if omitted.")
    valid_days: Annotated[int, Field(ge=1, le=36_600)] | None = Field(
        None, description="Days the pass is valid from issue; forever if omitted. At least one of the two."
    )
    event_type: EventType = Field(DEFAULT_EVENT_TYPE, description="The type of the event each use sends to ingest.")
    program: Key | None = None

    def terms(self) -> PassTerms:
        return PassTerms(self.key, self.name, self.uses, self.valid_days, self.event_type, self.program)


class PassTypeOut(BaseModel):
    key: str
    name: str
    uses: int | None
    valid_days: int | None
    event_type: str
    created_at: datetime

    @classmethod
    def of(cls, pass_type: PassType) -> "PassTypeOut":
        return cls.model_validate(pass_type, from_attributes=True)


class IssueIn(StrictInput):
    pass_: Key = Field(alias="pass", description="The pass definition's key.")
    reference: ExternalId | None = Field(None, description="The sale's id: issuing again with it issues nothing.")
    valid_from: DateTime | None = Field(None, description="When validity starts; now if omitted.")


class PassOut(BaseModel):
    id: str
    type: str
    name: str
    member: str
    reference: str | None
    uses: int | None
    used: int
    uses_left: int | None
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    status: str = Field(description="`active`, `not_yet_valid`, `used_up` or `expired`.")

    @classmethod
    def of(cls, view: PassView) -> "PassOut":
        return cls(**vars(view))


class PassesOut(BaseModel):
    passes: list[PassOut]


class UseIn(StrictInput):
    use_id: Key = Field(description="The till's id for this use: sending it again takes nothing more.")
    properties: JsonObject = Field(default_factory=dict, description="Extra properties of the use's event.")


class UseOut(BaseModel):
    pass_: PassOut = Field(serialization_alias="pass")
    use_id: str
    event_id: str
    used_at: datetime
    effects: dict[str, Any]

    @classmethod
    def of(cls, view: PassUseView) -> "UseOut":
        return cls(
            pass_=PassOut.of(view.pass_),
            use_id=view.use_id,
            event_id=view.event_id,
            used_at=view.used_at,
            effects=view.effects,
        )


@router.post("/passes", status_code=status.HTTP_201_CREATED)
def post_pass_type(body: PassTypeIn, principal: Admin, state: State, response: Response) -> PassTypeOut:
    """201 with the definition; the same body again is a 200, another body under the key a 409."""
    pass_type, created = run_in_transaction(
        state.engine, lambda s: create_pass_type(s, principal.tenant_id, body.terms())
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return PassTypeOut.of(pass_type)


@router.get("/passes")
def get_pass_types(principal: Reader, state: State) -> list[PassTypeOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [PassTypeOut.of(p) for p in list_pass_types(session, principal.tenant_id)]


@router.post("/members/{external_id}/passes", status_code=status.HTTP_201_CREATED)
def post_member_pass(
    external_id: MemberPath, body: IssueIn, principal: Writer, state: State, response: Response
) -> PassOut:
    """Issue a pass to the member; with the same `reference` again, a 200 with the same pass."""
    issued, created = run_in_transaction(
        state.engine,
        lambda s: issue_pass(
            s, principal.tenant_id, external_id, body.pass_, reference=body.reference, valid_from=body.valid_from
        ),
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return PassOut.of(issued)


@router.get("/members/{external_id}/passes")
def get_member_passes(external_id: MemberPath, principal: Reader, state: State) -> PassesOut:
    with unit_of_work(state.engine, read_only=True) as session:
        member = get_member(session, principal.tenant_id, external_id)
        return PassesOut(passes=[PassOut.of(p) for p in member_passes(session, principal.tenant_id, member)])


@router.get("/passes/{pass_id}")
def get_issued_pass(pass_id: PassPath, principal: Reader, state: State) -> PassOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return PassOut.of(get_pass(session, principal.tenant_id, pass_id))


@router.post("/passes/{pass_id}/use", status_code=status.HTTP_201_CREATED)
def post_use(pass_id: PassPath, body: UseIn, principal: Writer, state: State, response: Response) -> UseOut:
    """201 with the use and its event's effects; the same `use_id` again a 200 with the same answer. 409 when used
    up or not yet valid, 410 when expired, 404 for another tenant's or an unknown pass."""
    view, created, outcome = run_in_transaction(
        state.engine, lambda s: use_pass(s, principal.tenant_id, pass_id, body.use_id, body.properties)
    )
    if outcome is not None:
        after_commit(state, principal.tenant_id, outcome)
    if not created:
        response.status_code = status.HTTP_200_OK
    return UseOut.of(view)
