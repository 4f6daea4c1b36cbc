"""The rewards catalog: items, their redemption by members, and the cancellation of a redemption."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field

from api.deps import Admin, Reader, State, Writer
from api.schemas import ExternalId, Key, Name
from core.db import run_in_transaction, unit_of_work
from core.strict import StrictInput
from loyalty.models import Reward
from loyalty.service import (
    RedemptionView,
    cancel_redemption,
    create_reward,
    get_reward,
    list_rewards,
    redeem_reward,
    redemption_view,
    restock_reward,
)

router = APIRouter(prefix="/v1/rewards", tags=["rewards"])
KeyPath = Annotated[str, Path(min_length=1, max_length=64)]
RedemptionPath = Annotated[str, Path(min_length=1, max_length=40)]
Stock = Annotated[int, Field(ge=0, lt=2**53, description="Items left; unlimited when omitted.")]


class RewardIn(StrictInput):
    key: Key
    name: Name
    cost: Annotated[int, Field(gt=0, lt=2**53, description="Points one item costs.")]
    stock: Stock | None = None
    program: Key | None = None
    segment: Key | None = Field(None, description="Only members in this segment may redeem the item.")
    partner: Key | None = Field(None, description="The partner delivering the item (it is owed the points).")
    streak_freezes: int = Field(0, ge=0, le=100, description="Streak freezes the item gives the member who takes it.")


class RewardPatch(StrictInput):
    stock: Stock | None


class RewardOut(BaseModel):
    key: str
    name: str
    cost: int
    stock: int | None
    segment: str | None
    partner: str | None
    streak_freezes: int
    created_at: datetime

    @classmethod
    def of(cls, reward: Reward) -> "RewardOut":
        return cls.model_validate(reward, from_attributes=True)


class RedeemIn(StrictInput):
    member: ExternalId


class RedemptionOut(BaseModel):
    id: str
    reward: str
    member: str
    cost: int
    status: str
    created_at: datetime
    cancelled_at: datetime | None

    @classmethod
    def of(cls, view: RedemptionView) -> "RedemptionOut":
        return cls(**vars(view))


@router.post("", status_code=status.HTTP_201_CREATED)
def post_reward(body: RewardIn, principal: Admin, state: State, response: Response) -> RewardOut:
    """201 with the item; the same body again is a 200, another body under a taken key a 409."""
    reward, created = run_in_transaction(
        state.engine,
        lambda s: create_reward(
            s,
            principal.tenant_id,
            body.key,
            body.name,
            body.cost,
            body.stock,
            body.program,
            segment=body.segment,
            partner=body.partner,
            streak_freezes=body.streak_freezes,
        ),
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return RewardOut.of(reward)


@router.get("")
def get_rewards(principal: Reader, state: State) -> list[RewardOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [RewardOut.of(reward) for reward in list_rewards(session, principal.tenant_id)]


@router.get("/{key}")
def get_one_reward(key: KeyPath, principal: Reader, state: State) -> RewardOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return RewardOut.of(get_reward(session, principal.tenant_id, key))


@router.patch("/{key}")
def patch_reward(key: KeyPath, body: RewardPatch, principal: Admin, state: State) -> RewardOut:
    """Set the stock (null: unlimited)."""
    with unit_of_work(state.engine) as session:
        return RewardOut.of(restock_reward(session, principal.tenant_id, key, body.stock))


@router.post("/{key}/redeem", status_code=status.HTTP_201_CREATED)
def redeem(key: KeyPath, body: RedeemIn, principal: Writer, state: State) -> RedemptionOut:
    """201 with the redemption; 409 when the member has too few points or the stock is empty."""
    view = run_in_transaction(state.engine, lambda s: redeem_reward(s, principal.tenant_id, key, body.member))
    return RedemptionOut.of(view)


@router.get("/redemptions/{redemption_id}")
def get_redemption(redemption_id: RedemptionPath, principal: Reader, state: State) -> RedemptionOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return RedemptionOut.of(redemption_view(session, principal.tenant_id, redemption_id))


@router.post("/redemptions/{redemption_id}/cancel")
def cancel(redemption_id: RedemptionPath, principal: Admin, state: State) -> RedemptionOut:
    """Refund the points and put the item back in stock; a second cancellation is a 409."""
    view = run_in_transaction(state.engine, lambda s: cancel_redemption(s, principal.tenant_id, redemption_id))
    return RedemptionOut.of(view)
