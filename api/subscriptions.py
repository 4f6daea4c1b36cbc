"""Subscriptions: paid plans, and starting, renewing and cancelling a member's subscription; free catalog items."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response, status
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.deps import Admin, AppState, Reader, State, Writer
from api.events import after_commit
from api.rewards import RedemptionOut
from api.schemas import Key, Name
from core.db import run_in_transaction, unit_of_work
from core.strict import DateTime, StrictInput
from core.tenancy import get_member
from loyalty.models import SubscriptionPlan
from loyalty.subscriptions import (
    MAX_MULTIPLIER,
    PlanTerms,
    SubscriptionChange,
    SubscriptionView,
    cancel_subscription,
    create_plan,
    get_subscription,
    list_plans,
    member_subscriptions,
    redeem_free_reward,
    renew_subscription,
    start_subscription,
)
from worker.tasks import nudge_webhooks

router = APIRouter(prefix="/v1", tags=["subscriptions"])


def _not_in_future(value: datetime) -> datetime:
    if value > datetime.now(UTC):
        raise ValueError("must not be in the future")
    return value


MemberPath = Annotated[str, Path(min_length=1, max_length=128)]
SubscriptionPath = Annotated[str, Path(min_length=1, max_length=40)]
PaymentId = Key
PastDatetime = Annotated[DateTime, AfterValidator(_not_in_future)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class PlanIn(StrictInput):
    key: Key
    name: Name
    period: Literal["month", "year"]
    price: Annotated[int, Field(ge=0, lt=2**53)] = Field(description="Per period, in the currency's smallest unit.")
    currency: Currency | None = None
    multiplier: Annotated[float, Field(ge=1.0, le=MAX_MULTIPLIER)] = Field(
        1.0, description="Applied to the points rules award while the subscription is paid (floored)."
    )
    free_rewards: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="Catalog rewards free per period.")
    grace_days: Annotated[int, Field(ge=0, le=366)] = Field(0, description="Days after the period before it lapses.")
    program: Key | None = None

    def terms(self) -> PlanTerms:
        return PlanTerms(
            self.key,
            self.name,
            self.period,
            self.price,
            self.currency,
            self.multiplier,
            self.free_rewards,
            self.grace_days,
            self.program,
        )


class PlanOut(BaseModel):
    key: str
    name: str
    period: str
    price: int
    currency: str | None
    multiplier: float
    free_rewards: int
    grace_days: int
    created_at: datetime

    @classmethod
    def of(cls, plan: SubscriptionPlan) -> "PlanOut":
        return cls.model_validate(plan, from_attributes=True)


class StartIn(StrictInput):
    plan: Key
    payment_id: PaymentId = Field(description="The app's id of the payment: sending it again changes nothing.")
    paid_at: PastDatetime | None = Field(None, description="When the first period was paid (a moved subscription).")


class RenewIn(StrictInput):
    payment_id: PaymentId


class FreeRewardIn(StrictInput):
    reward: Key


class SubscriptionOut(BaseModel):
    id: str
    plan: str
    member: str
    status: str = Field(description="`active`, `cancelled` (benefits until period_end) or `lapsed`.")
    period_start: datetime
    period_end: datetime
    started_at: datetime
    benefits: bool
    multiplier: float
    free_rewards_left: int

    @classmethod
    def of(cls, view: SubscriptionView) -> "SubscriptionOut":
        return cls(**vars(view))


class SubscriptionsOut(BaseModel):
    subscriptions: list[SubscriptionOut]


def _answer(state: AppState, tenant_id: str, change: SubscriptionChange, response: Response) -> SubscriptionOut:
    if change.outcome is not None:
        after_commit(state, tenant_id, change.outcome)
    if change.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, change.deliveries)
    if not change.changed:
        response.status_code = status.HTTP_200_OK
    return SubscriptionOut.of(change.subscription)


@router.post("/subscription-plans", status_code=status.HTTP_201_CREATED)
def post_plan(body: PlanIn, principal: Admin, state: State, response: Response) -> PlanOut:
    """201 with the plan; the same body again is a 200, other terms under its key a 409."""
    plan, created = run_in_transaction(state.engine, lambda s: create_plan(s, principal.tenant_id, body.terms()))
    if not created:
        response.status_code = status.HTTP_200_OK
    return PlanOut.of(plan)


@router.get("/subscription-plans")
def get_plans(principal: Reader, state: State) -> list[PlanOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [PlanOut.of(plan) for plan in list_plans(session, principal.tenant_id)]


@router.post("/members/{external_id}/subscriptions", status_code=status.HTTP_201_CREATED)
def post_subscription(
    external_id: MemberPath, body: StartIn, principal: Writer, state: State, response: Response
) -> SubscriptionOut:
    """Start the member's subscription with its first paid period; the same payment again is a 200; a member
    already subscribed to the plan is a 409."""
    change = run_in_transaction(
        state.engine,
        lambda s: start_subscription(
            s, principal.tenant_id, external_id, body.plan, body.payment_id, paid_at=body.paid_at
        ),
    )
    return _answer(state, principal.tenant_id, change, response)


@router.get("/members/{external_id}/subscriptions")
def get_member_subscriptions(external_id: MemberPath, principal: Reader, state: State) -> SubscriptionsOut:
    with unit_of_work(state.engine, read_only=True) as session:
        member = get_member(session, principal.tenant_id, external_id)
        views = member_subscriptions(session, principal.tenant_id, member)
        return SubscriptionsOut(subscriptions=[SubscriptionOut.of(view) for view in views])


@router.get("/subscriptions/{subscription_id}")
def get_one(subscription_id: SubscriptionPath, principal: Reader, state: State) -> SubscriptionOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return SubscriptionOut.of(get_subscription(session, principal.tenant_id, subscription_id))


@router.post("/subscriptions/{subscription_id}/renew", status_code=status.HTTP_201_CREATED)
def post_renew(
    subscription_id: SubscriptionPath, body: RenewIn, principal: Writer, state: State, response: Response
) -> SubscriptionOut:
    """Pay the next period (201); the same payment again is a 200 and extends nothing."""
    change = run_in_transaction(
        state.engine, lambda s: renew_subscription(s, principal.tenant_id, subscription_id, body.payment_id)
    )
    return _answer(state, principal.tenant_id, change, response)


@router.post("/subscriptions/{subscription_id}/cancel")
def post_cancel(
    subscription_id: SubscriptionPath, principal: Writer, state: State, response: Response
) -> SubscriptionOut:
    """Stop renewals; the benefits last until the paid period ends."""
    change = run_in_transaction(state.engine, lambda s: cancel_subscription(s, principal.tenant_id, subscription_id))
    return _answer(state, principal.tenant_id, change, response)


@router.post("/subscriptions/{subscription_id}/free-rewards", status_code=status.HTTP_201_CREATED)
def post_free_reward(
    subscription_id: SubscriptionPath, body: FreeRewardIn, principal: Writer, state: State
) -> RedemptionOut:
    """Take a catalog reward free, as one of the period's free items; 409 when they are taken."""
    redemption = run_in_transaction(
        state.engine, lambda s: redeem_free_reward(s, principal.tenant_id, subscription_id, body.reward)
    )
    return RedemptionOut.of(redemption)
