"""Transfers between members: a tip to an author, a gift to a friend."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AppState, Reader, State, Writer
from api.schemas import ExternalId, Key
from core.db import run_in_transaction, unit_of_work
from core.strict import StrictInput
from core.types import utcnow
from people.service import TransferSpec, TransferView, get_transfer, transfer_points
from worker.tasks import nudge_webhooks

router = APIRouter(prefix="/v1/transfers", tags=["transfers"])
Points = Annotated[int, Field(gt=0, lt=2**53)]
TransferPath = Annotated[str, Path(min_length=1, max_length=128)]


class TransferIn(StrictInput):
    model_config = ConfigDict(populate_by_name=True)

    id: ExternalId = Field(description="The app's own id: sending it again never moves points twice.")
    sender: ExternalId = Field(alias="from", description="The member who gives.")
    receiver: ExternalId = Field(alias="to", description="The member who receives.")
    points: Points
    note: Annotated[str, Field(max_length=500)] | None = None
    program: Key | None = None


class TransferOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    id: str
    sender: str = Field(serialization_alias="from")
    receiver: str = Field(serialization_alias="to")
    points: int
    note: str | None
    program: str
    created_at: datetime

    @classmethod
    def of(cls, view: TransferView) -> "TransferOut":
        return cls(**vars(view))


def after_commit(state: AppState, deliveries: list[str]) -> None:
    if deliveries and state.queue is not None:
        nudge_webhooks(state.queue, deliveries)


@router.post("", status_code=status.HTTP_201_CREATED)
def post_transfer(body: TransferIn, principal: Writer, state: State, response: Response) -> TransferOut:
    """201 with the transfer; the same id and body again a 200 (nothing moves twice), another body a 409; too few
    points available a 409 whose `available` says how many there are; over the daily limit a 409 with
    `remaining_today`; transfers off in the program a 409."""
    spec = TransferSpec(body.id, body.sender, body.receiver, body.points, body.note, body.program)
    view, created, deliveries = run_in_transaction(
        state.engine, lambda s: transfer_points(s, principal.tenant_id, spec, utcnow())
    )
    after_commit(state, deliveries)
    if not created:
        response.status_code = status.HTTP_200_OK
    return TransferOut.of(view)


@router.get("/{transfer_id}")
def get_one(transfer_id: TransferPath, principal: Reader, state: State) -> TransferOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return TransferOut.of(get_transfer(session, principal.tenant_id, transfer_id))
