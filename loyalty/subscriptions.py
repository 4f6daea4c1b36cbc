"""Subscriptions: a paid tier (monthly or yearly) whose benefits hold while it is paid.

Benefits: the plan's `multiplier` on the points rules award (applied by the engine at accrual through
`achievements.benefits`: positive rule points times the multiplier, floored to whole points), and `free_rewards`
catalog items free in each paid period. Laurel takes no money: the app reports each payment, under its own
`payment_id`, and a payment reported twice extends the subscription once.

Life of a subscription: `start` pays the first period; `renew` pays the next one (from the end of the paid period,
or from now once lapsed); `cancel` stops renewals, keeping the benefits until the paid period ends; the
`lapse-subscriptions` job (on the worker's beat, and `POST /v1/jobs/lapse-subscriptions`) lapses subscriptions
unpaid `grace_days` after their period ended and cancelled ones whose period ended. During the grace days the
benefits go on. Each change is an event through the normal ingest (`subscription.started`, `subscription.renewed`,
`subscription.cancelled`, `subscription.lapsed`, for rules and badges to react to) and a webhook of that type.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Engine, case, or_, select, update
from sqlmodel import Session, col

from achievements.benefits import register_multiplier_source
from achievements.leaderboards import mirror
from achievements.service import EventInput, IngestOutcome, ingest_events
from core.cache import TTLCache
from core.db import one_of, run_in_transaction, unit_of_work
from core.errors import Conflict, InvalidInput, NotFound
from core.ids import new_id
from core.logging import get_logger
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member, upsert_member
from core.types import utcnow
from loyalty.models import Subscription, SubscriptionPayment, SubscriptionPlan
from loyalty.rewards import RedemptionView, redeem_reward
from wallets.programs import program_by_id, resolve_program

log = get_logger(__name__)
PERIODS = {"month": relativedelta(months=1), "year": relativedelta(years=1)}
ACTIVE, CANCELLED, LAPSED = "active", "cancelled", "lapsed"
MAX_MULTIPLIER = 100.0


class SubscriptionInactive(Conflict):
    title, slug = "Subscription not active", "subscription-inactive"


class FreeRewardsUsed(Conflict):
    title, slug = "Free rewards used up", "free-rewards-used"


@dataclass(frozen=True)
class PlanTerms:
    key: str
    name: str
    period: str
    price: int
    currency: str | None = None
    multiplier: float = 1.0
    free_rewards: int = 0
    grace_days: int = 0
    program: str | None = None

    def check(self) -> None:
        if self.period not in PERIODS:
            raise InvalidInput(f"period must be one of {', '.join(PERIODS)}", field="period")
        if not 1.0 <= self.multiplier <= MAX_MULTIPLIER:
            raise InvalidInput(f"multiplier must be between 1 and {MAX_MULTIPLIER:g}", field="multiplier")


@dataclass(frozen=True)
class SubscriptionView:
    id: str
    plan: str
    member: str
    status: str
    period_start: datetime
    period_end: datetime
    started_at: datetime
    benefits: bool
    multiplier: float
    free_rewards_left: int


@dataclass
class SubscriptionChange:
    """A change and what must follow its commit: leaderboard mirrors and webhook nudges (`outcome`, `deliveries`)."""

    subscription: SubscriptionView
    changed: bool
    outcome: IngestOutcome | None = None
    deliveries: list[str] = field(default_factory=list)


@dataclass
class LapseReport:
    lapsed: int = 0
    deliveries: list[str] = field(default_factory=list)
    outcomes: list[tuple[str, IngestOutcome]] = field(default_factory=list)


_multiplier_programs: TTLCache[frozenset[int]] = TTLCache(2.0)


def create_plan(session: Session, tenant_id: str, terms: PlanTerms) -> tuple[SubscriptionPlan, bool]:
    """The plan; the same body again gives it back (False), another body under its key is a 409: subscribers
    bought what it said."""
    terms.check()
    program = resolve_program(session, tenant_id, terms.program)
    assert program.id is not None
    wanted = (
        program.id,
        terms.name,
        terms.period,
        terms.price,
        terms.currency,
        terms.multiplier,
        terms.free_rewards,
        terms.grace_days,
    )
    existing = _find_plan(session, tenant_id, terms.key)
    if existing is not None:
        if _plan_terms(existing) != wanted:
            raise Conflict(f"subscription plan {terms.key!r} exists with other terms")
        return existing, False
    plan = SubscriptionPlan(
        tenant_id=tenant_id,
        program_id=program.id,
        key=terms.key,
        name=terms.name,
        period=terms.period,
        price=terms.price,
        currency=terms.currency,
        multiplier=terms.multiplier,
        free_rewards=terms.free_rewards,
        grace_days=terms.grace_days,
    )
    session.add(plan)
    session.flush()
    _multiplier_programs.invalidate(lambda key: key == tenant_id)
    return plan, True


def list_plans(session: Session, tenant_id: str) -> list[SubscriptionPlan]:
    return list(
        session.scalars(
            select(SubscriptionPlan)
            .where(col(SubscriptionPlan.tenant_id) == tenant_id)
            .order_by(col(SubscriptionPlan.key))
        )
    )


def start_subscription(
    session: Session,
    tenant_id: str,
    member_external_id: str,
    plan_key: str,
    payment_id: str,
    *,
    paid_at: datetime | None = None,
) -> SubscriptionChange:
    """Subscribe the member (created if new) with the first paid period, from `paid_at` (a subscription moved from
    another system) or now. The same payment again changes nothing; a member already subscribed to the plan is a
    409 (renew instead); a lapsed subscription starts afresh."""
    plan = _require_plan(session, tenant_id, plan_key)
    member, _ = upsert_member(session, tenant_id, member_external_id)
    assert member.id is not None and plan.id is not None
    now = paid_at or utcnow()
    subscription = session.scalar(
        select(Subscription)
        .where(col(Subscription.plan_id) == plan.id, col(Subscription.member_id) == member.id)
        .with_for_update()
    )
    if subscription is not None:
        if _paid(session, subscription.id, payment_id):
            return SubscriptionChange(_view(session, subscription, plan, member), changed=False)
        if subscription.status != LAPSED:
            raise Conflict(
                f"member {member_external_id!r} already subscribes to {plan_key!r}: renew subscription "
                f"{subscription.id!r}",
                subscription=subscription.id,
            )
        subscription.status, subscription.started_at = ACTIVE, now
    else:
        # A concurrent start for the same member and plan fails the unique key at the flush below; the unit of
        # work starts over and finds this row.
        subscription = Subscription(
            id=new_id("sub"),
            tenant_id=tenant_id,
            plan_id=plan.id,
            member_id=member.id,
            status=ACTIVE,
            period_start=now,
            period_end=now,
            started_at=now,
        )
    return _pay(session, subscription, plan, member, payment_id, start=now, kind="started")


def renew_subscription(session: Session, tenant_id: str, subscription_id: str, payment_id: str) -> SubscriptionChange:
    """Pay the next period: from the end of the paid one (so paying late in the grace days loses nothing and paying
    early loses nothing either), or from now once the subscription lapsed. A cancelled subscription renewed is
    active again. The same payment again changes nothing."""
    subscription, plan, member = _load(session, tenant_id, subscription_id, lock=True)
    if _paid(session, subscription.id, payment_id):
        return SubscriptionChange(_view(session, subscription, plan, member), changed=False)
    now = utcnow()
    # Past its grace days the subscription is as good as lapsed, whether or not the job has marked it yet.
    start = subscription.period_end if _has_benefits(subscription, plan, now) else now
    subscription.status = ACTIVE
    return _pay(session, subscription, plan, member, payment_id, start=start, kind="renewed")


def cancel_subscription(session: Session, tenant_id: str, subscription_id: str) -> SubscriptionChange:
    """No more renewals: the benefits last until the paid period ends, then the job lapses it. Cancelling again
    changes nothing; a lapsed subscription is a 409."""
    subscription, plan, member = _load(session, tenant_id, subscription_id, lock=True)
    now = utcnow()
    if subscription.status == CANCELLED:
        return SubscriptionChange(_view(session, subscription, plan, member), changed=False)
    if subscription.status == LAPSED:
        raise SubscriptionInactive(f"subscription {subscription_id!r} has lapsed")
    subscription.status, subscription.updated_at = CANCELLED, now
    session.add(subscription)
    session.flush()
    change = SubscriptionChange(_view(session, subscription, plan, member), changed=True)
    _announce(session, change, subscription, plan, member, "cancelled", f"cancel:{now.isoformat()}", {})
    return change


def get_subscription(session: Session, tenant_id: str, subscription_id: str) -> SubscriptionView:
    subscription, plan, member = _load(session, tenant_id, subscription_id)
    return _view(session, subscription, plan, member)


def member_subscriptions(session: Session, tenant_id: str, member: Member) -> list[SubscriptionView]:
    rows = session.execute(
        select(Subscription, SubscriptionPlan)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .where(col(Subscription.tenant_id) == tenant_id, col(Subscription.member_id) == member.id)
        .order_by(col(SubscriptionPlan.key))
    )
    return [_view(session, subscription, plan, member) for subscription, plan in rows]


def redeem_free_reward(session: Session, tenant_id: str, subscription_id: str, reward_key: str) -> RedemptionView:
    """Take a catalog reward free, as one of the plan's `free_rewards` for the paid period in progress. The count
    is raised by one guarded UPDATE (race-safe like stock); 409 when the period's free items are taken or the
    subscription gives no benefits now. Cancelling such a redemption puts the item back in stock but does not give
    the free item back."""
    subscription, plan, member = _load(session, tenant_id, subscription_id)
    now = utcnow()
    if not _has_benefits(subscription, plan, now):
        raise SubscriptionInactive(f"subscription {subscription_id!r} gives no benefits now")
    period = _current_period(session, subscription, now)
    taken = session.execute(
        update(Subscription)
        .where(
            col(Subscription.id) == subscription.id,
            or_(
                col(Subscription.free_period).is_(None),
                col(Subscription.free_period) != period,
                col(Subscription.free_used) < plan.free_rewards,
            ),
        )
        .values(
            free_used=case((col(Subscription.free_period) == period, col(Subscription.free_used) + 1), else_=1),
            free_period=period,
        )
    )
    if plan.free_rewards < 1 or taken.rowcount != 1:  # type: ignore[attr-defined]
        raise FreeRewardsUsed(f"the {plan.free_rewards} free rewards of this period are taken")
    return redeem_reward(session, tenant_id, reward_key, member.external_id, free=True)


def lapse_subscriptions(
    engine: Engine, now: datetime, *, tenant_id: str | None = None, redis: Any = None, redis_prefix: str = "laurel"
) -> LapseReport:
    """Lapse active subscriptions unpaid `grace_days` after their period ended, and cancelled ones whose period
    ended; one transaction per tenant. Running it again lapses nothing twice. Given `redis`, the leaderboard
    scores the lapse events moved are mirrored there once each tenant's transaction committed (the worker's way;
    the API mirrors the report's `outcomes` itself, with the rest of its after-commit work)."""
    with unit_of_work(engine, read_only=True) as session:
        query = select(col(Subscription.tenant_id)).where(
            col(Subscription.status).in_([ACTIVE, CANCELLED]), col(Subscription.period_end) <= now
        )
        if tenant_id is not None:
            query = query.where(col(Subscription.tenant_id) == tenant_id)
        tenants = sorted(set(session.scalars(query)))
    report = LapseReport()
    for tenant in tenants:
        lapsed, deliveries, outcomes = run_in_transaction(engine, partial(_lapse_tenant, tenant_id=tenant, now=now))
        if redis is not None:
            for program_id, deltas in (pair for outcome in outcomes for pair in outcome.score_deltas):
                mirror(redis, redis_prefix, tenant, program_id, deltas)
        report.lapsed += lapsed
        report.deliveries += deliveries
        report.outcomes += [(tenant, outcome) for outcome in outcomes]
    return report


def _lapse_tenant(session: Session, *, tenant_id: str, now: datetime) -> tuple[int, list[str], list[IngestOutcome]]:
    rows = session.execute(
        select(Subscription, SubscriptionPlan, Member)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .join(Member, col(Member.id) == col(Subscription.member_id))
        .where(
            col(Subscription.tenant_id) == tenant_id,
            col(Subscription.status).in_([ACTIVE, CANCELLED]),
            col(Subscription.period_end) <= now,
        )
        .order_by(col(Subscription.id))
        .with_for_update(of=Subscription)
    ).all()
    lapsed, deliveries, outcomes = 0, [], []
    for subscription, plan, member in rows:
        if _has_benefits(subscription, plan, now):
            continue
        reason = "unpaid" if subscription.status == ACTIVE else "cancelled"
        subscription.status, subscription.updated_at = LAPSED, now
        session.add(subscription)
        session.flush()
        change = SubscriptionChange(_view(session, subscription, plan, member), changed=True)
        key = f"lapse:{subscription.period_end.isoformat()}"
        _announce(session, change, subscription, plan, member, "lapsed", key, {"reason": reason})
        lapsed += 1
        deliveries += change.deliveries
        if change.outcome is not None:
            outcomes.append(change.outcome)
    return lapsed, deliveries, outcomes


def subscription_multipliers(
    session: Session, tenant_id: str, program_id: int, member_ids: Collection[int], now: datetime
) -> dict[int, float]:
    """The multiplier of each member's subscriptions with benefits in this program (their product, when several)."""
    programs = _multiplier_programs.get(tenant_id, lambda: _programs_with_multipliers(session, tenant_id))
    if program_id not in programs or not member_ids:
        return {}
    rows = session.execute(
        select(Subscription, SubscriptionPlan)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .where(
            col(Subscription.tenant_id) == tenant_id,
            one_of(session.get_bind(), col(Subscription.member_id), member_ids),
            col(Subscription.status).in_([ACTIVE, CANCELLED]),
            col(SubscriptionPlan.program_id) == program_id,
            col(SubscriptionPlan.multiplier) != 1.0,
        )
    )
    factors: dict[int, float] = {}
    for subscription, plan in rows:
        if _has_benefits(subscription, plan, now):
            factors[subscription.member_id] = factors.get(subscription.member_id, 1.0) * plan.multiplier
    return factors


register_multiplier_source(subscription_multipliers)


def _programs_with_multipliers(session: Session, tenant_id: str) -> frozenset[int]:
    return frozenset(
        session.scalars(
            select(col(SubscriptionPlan.program_id)).where(
                col(SubscriptionPlan.tenant_id) == tenant_id, col(SubscriptionPlan.multiplier) != 1.0
            )
        )
    )


def _pay(
    session: Session,
    subscription: Subscription,
    plan: SubscriptionPlan,
    member: Member,
    payment_id: str,
    *,
    start: datetime,
    kind: str,
) -> SubscriptionChange:
    end = start + PERIODS[plan.period]
    subscription.period_start, subscription.period_end, subscription.updated_at = start, end, utcnow()
    session.add(subscription)
    session.flush()
    session.add(
        SubscriptionPayment(
            tenant_id=subscription.tenant_id,
            subscription_id=subscription.id,
            payment_id=payment_id,
            kind=kind,
            amount=plan.price,
            period_start=start,
            period_end=end,
        )
    )
    session.flush()  # the same payment racing in another request fails here; its retry finds this one
    change = SubscriptionChange(_view(session, subscription, plan, member), changed=True)
    extra = {"payment_id": payment_id, "amount": plan.price, "currency": plan.currency}
    _announce(session, change, subscription, plan, member, kind, f"payment:{payment_id}", extra)
    return change


def _announce(
    session: Session,
    change: SubscriptionChange,
    subscription: Subscription,
    plan: SubscriptionPlan,
    member: Member,
    what: str,
    key: str,
    extra: dict[str, Any],
) -> None:
    """The change as an event through ingest (rules and badges react) and as a webhook of the same type."""
    event_type = f"subscription.{what}"
    data = {
        "subscription": subscription.id,
        "plan": plan.key,
        "member": member.external_id,
        "status": subscription.status,
        "period_start": subscription.period_start.isoformat(),
        "period_end": subscription.period_end.isoformat(),
        **extra,
    }
    program = program_by_id(session, plan.program_id)
    outcome = ingest_events(
        session,
        subscription.tenant_id,
        [
            EventInput(
                id=f"subscription:{subscription.id}:{key}"[:128],
                member=member.external_id,
                type=event_type,
                properties={k: v for k, v in data.items() if k != "member"},
                program=program.key,
            )
        ],
    )
    error = outcome.results[0].error
    if error is not None:  # the program takes no events now (a draft): the change stands, no rule reacts
        log.info("subscription event not ingested", subscription=subscription.id, error=error.detail)
    change.outcome = outcome
    hooks = notice_subscribers(session, subscription.tenant_id)
    change.deliveries += publish_notices(session, subscription.tenant_id, hooks, [(event_type, data)]) if hooks else []


def _has_benefits(subscription: Subscription, plan: SubscriptionPlan, now: datetime) -> bool:
    if subscription.status == ACTIVE:
        return now < subscription.period_end + timedelta(days=plan.grace_days)
    return subscription.status == CANCELLED and now < subscription.period_end


def _current_period(session: Session, subscription: Subscription, now: datetime) -> datetime:
    """The start of the paid period in progress (the latest one during the grace days)."""
    started = session.scalar(
        select(col(SubscriptionPayment.period_start))
        .where(
            col(SubscriptionPayment.subscription_id) == subscription.id,
            col(SubscriptionPayment.period_start) <= now,
        )
        .order_by(col(SubscriptionPayment.period_start).desc())
        .limit(1)
    )
    return started or subscription.period_start


def _paid(session: Session, subscription_id: str, payment_id: str) -> bool:
    return (
        session.scalar(
            select(col(SubscriptionPayment.id)).where(
                col(SubscriptionPayment.subscription_id) == subscription_id,
                col(SubscriptionPayment.payment_id) == payment_id,
            )
        )
        is not None
    )


def _require_plan(session: Session, tenant_id: str, key: str) -> SubscriptionPlan:
    plan = _find_plan(session, tenant_id, key)
    if plan is None:
        raise NotFound(f"subscription plan {key!r} not found")
    return plan


def _find_plan(session: Session, tenant_id: str, key: str) -> SubscriptionPlan | None:
    return session.scalar(
        select(SubscriptionPlan).where(col(SubscriptionPlan.tenant_id) == tenant_id, col(SubscriptionPlan.key) == key)
    )


def _plan_terms(plan: SubscriptionPlan) -> tuple[Any, ...]:
    return (
        plan.program_id,
        plan.name,
        plan.period,
        plan.price,
        plan.currency,
        plan.multiplier,
        plan.free_rewards,
        plan.grace_days,
    )


def _load(
    session: Session, tenant_id: str, subscription_id: str, *, lock: bool = False
) -> tuple[Subscription, SubscriptionPlan, Member]:
    query = (
        select(Subscription, SubscriptionPlan, Member)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .join(Member, col(Member.id) == col(Subscription.member_id))
        .where(col(Subscription.tenant_id) == tenant_id, col(Subscription.id) == subscription_id)
    )
    row = session.execute(query.with_for_update(of=Subscription) if lock else query).first()
    if row is None:
        raise NotFound(f"subscription {subscription_id!r} not found")
    subscription, plan, member = row
    return subscription, plan, member


def _view(session: Session, subscription: Subscription, plan: SubscriptionPlan, member: Member) -> SubscriptionView:
    now = utcnow()
    benefits = _has_benefits(subscription, plan, now)
    used = subscription.free_used if subscription.free_period == _current_period(session, subscription, now) else 0
    return SubscriptionView(
        id=subscription.id,
        plan=plan.key,
        member=member.external_id,
        status=subscription.status,
        period_start=subscription.period_start,
        period_end=subscription.period_end,
        started_at=subscription.started_at,
        benefits=benefits,
        multiplier=plan.multiplier if benefits else 1.0,
        free_rewards_left=max(0, plan.free_rewards - used) if benefits else 0,
    )
