"""The rewards catalog: items with a point cost and an optional stock; redemption and its cancellation.

Redeeming takes an item with one guarded `UPDATE ... SET stock = stock - 1 WHERE stock > 0` and spends the points
through the ledger (which refuses to take a member below zero) in the same unit of work: when either fails, both
roll back. Cancelling refunds the points and puts the item back, once.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from achievements.freezes import change_freezes
from core.errors import Conflict, InsufficientPoints, InvalidInput, NotFound
from core.ids import new_id
from core.tenancy import Member, get_member
from core.types import utcnow
from loyalty.accounts import rewards_redeemed
from loyalty.eligibility import check_segment_exists, require_segment
from loyalty.errors import OutOfStock, RedemptionConflict
from loyalty.models import Reward, RewardRedemption
from loyalty.partners import find_partner
from wallets import ledger
from wallets.accounts import member_available
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import ensure_redeemable, program_by_id, resolve_program

REDEEMED, CANCELLED = "redeemed", "cancelled"


@dataclass(frozen=True)
class RedemptionView:
    id: str
    reward: str
    member: str
    cost: int
    status: str
    created_at: datetime
    cancelled_at: datetime | None


def create_reward(
    session: Session,
    tenant_id: str,
    key: str,
    name: str,
    cost: int,
    stock: int | None,
    program: str | None,
    segment: str | None = None,
    partner: str | None = None,
    streak_freezes: int = 0,
) -> tuple[Reward, bool]:
    """A catalog item; the same body again gives back the existing item (False), another body a 409. With a
    `segment`, only members in it may redeem the item; with a `partner`, the partner delivers it and is owed its
    cost in the partner's settlement. With `streak_freezes`, taking the item gives the member that many freezes."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    check_segment_exists(session, tenant_id, program_row.id, segment)
    if partner is not None:
        partner_row = find_partner(session, tenant_id, partner)
        if partner_row is None or partner_row.program_id != program_row.id:
            raise InvalidInput(f"unknown partner {partner!r} (in this program)", field="partner")
    existing = _find(session, tenant_id, key)
    if existing is not None:
        if (
            existing.program_id,
            existing.name,
            existing.cost,
            existing.segment,
            existing.partner,
            existing.streak_freezes,
        ) != (program_row.id, name, cost, segment, partner, streak_freezes) or (
            stock is not None and existing.stock != stock
        ):
            raise Conflict(f"reward {key!r} exists with another definition; PATCH its stock to restock")
        return existing, False
    reward = Reward(
        tenant_id=tenant_id,
        program_id=program_row.id,
        key=key,
        name=name,
        cost=cost,
        stock=stock,
        segment=segment,
        partner=partner,
        streak_freezes=streak_freezes,
    )
    session.add(reward)
    session.flush()
    return reward, True


def restock_reward(session: Session, tenant_id: str, key: str, stock: int | None) -> Reward:
    reward = get_reward(session, tenant_id, key)
    reward.stock = stock
    session.add(reward)
    session.flush()
    return reward


def get_reward(session: Session, tenant_id: str, key: str) -> Reward:
    reward = _find(session, tenant_id, key)
    if reward is None:
        raise NotFound(f"reward {key!r} not found")
    return reward


def list_rewards(session: Session, tenant_id: str) -> list[Reward]:
    return list(session.scalars(select(Reward).where(col(Reward.tenant_id) == tenant_id).order_by(col(Reward.key))))


def redeem_reward(
    session: Session, tenant_id: str, key: str, member_external_id: str, *, free: bool = False
) -> RedemptionView:
    """Spend the reward's cost from the member's available points and take one item. 409 when the member has too
    few points, the stock is empty or the member is not in the reward's segment; 404 for an unknown reward or
    member. `free` (a subscription's free item) takes the item and no points."""
    reward = get_reward(session, tenant_id, key)
    member = get_member(session, tenant_id, member_external_id)
    assert reward.id is not None and member.id is not None
    ensure_redeemable(program_by_id(session, reward.program_id))
    require_segment(session, tenant_id, reward.program_id, member.id, reward.segment, f"reward {key!r}")
    taken = session.execute(
        update(Reward)
        .where(col(Reward.id) == reward.id, col(Reward.stock).is_(None) | (col(Reward.stock) > 0))
        .values(stock=col(Reward.stock) - 1)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise OutOfStock(f"reward {key!r} is out of stock")
    redemption = RewardRedemption(
        id=new_id("rdm"),
        tenant_id=tenant_id,
        reward_id=reward.id,
        member_id=member.id,
        cost=0 if free else reward.cost,
        status=REDEEMED,
    )
    session.add(redemption)
    session.flush()
    if reward.streak_freezes:
        change_freezes(session, tenant_id, reward.program_id, member.id, reward.streak_freezes)
    if free:
        return _view(redemption, reward.key, member.external_id)
    try:
        ledger.post(
            session,
            tenant_id,
            TransactionSpec(
                program_id=reward.program_id,
                kind=Kind.SPEND,
                idempotency_key=f"reward:{redemption.id}",
                entries=(
                    Entry(member_available(member.id), -reward.cost),
                    Entry(rewards_redeemed(reward.program_id), reward.cost),
                ),
                memo=f"reward {reward.key}",
            ),
        )
    except InsufficientPoints as exc:
        raise InsufficientPoints(
            f"member {member_external_id!r} has fewer than the {reward.cost} points reward {key!r} costs"
        ) from exc
    return _view(redemption, reward.key, member.external_id)


def cancel_redemption(session: Session, tenant_id: str, redemption_id: str) -> RedemptionView:
    """Refund the points and return the item to stock. Cancelling twice is a 409 (and refunds once)."""
    redemption = _find_redemption(session, tenant_id, redemption_id)
    moved = session.execute(
        update(RewardRedemption)
        .where(col(RewardRedemption.id) == redemption.id, col(RewardRedemption.status) == REDEEMED)
        .values(status=CANCELLED, cancelled_at=utcnow())
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise RedemptionConflict(f"redemption {redemption_id!r} is already {CANCELLED}")
    reward = session.get(Reward, redemption.reward_id)
    assert reward is not None
    session.execute(
        update(Reward)
        .where(col(Reward.id) == reward.id, col(Reward.stock).is_not(None))
        .values(stock=col(Reward.stock) + 1)
    )
    if reward.streak_freezes:  # a 409 when the member already used them: cancelling would give them twice
        change_freezes(session, tenant_id, reward.program_id, redemption.member_id, -reward.streak_freezes)
    if redemption.cost == 0:  # a free item: no points to refund
        session.refresh(redemption)
        return redemption_view(session, tenant_id, redemption.id)
    ledger.post(
        session,
        tenant_id,
        TransactionSpec(
            program_id=reward.program_id,
            kind=Kind.ADJUST,
            idempotency_key=f"reward-refund:{redemption.id}",
            entries=(
                Entry(rewards_redeemed(reward.program_id), -redemption.cost),
                Entry(member_available(redemption.member_id), redemption.cost),
            ),
            memo=f"refund of reward {reward.key} ({redemption.id})",
        ),
    )
    session.refresh(redemption)
    return redemption_view(session, tenant_id, redemption.id)


def redemption_view(session: Session, tenant_id: str, redemption_id: str) -> RedemptionView:
    redemption = _find_redemption(session, tenant_id, redemption_id)
    reward = session.get(Reward, redemption.reward_id)
    member = session.get(Member, redemption.member_id)
    assert reward is not None and member is not None
    return _view(redemption, reward.key, member.external_id)


def _find_redemption(session: Session, tenant_id: str, redemption_id: str) -> RewardRedemption:
    redemption = session.scalar(
        select(RewardRedemption).where(
            col(RewardRedemption.tenant_id) == tenant_id, col(RewardRedemption.id) == redemption_id
        )
    )
    if redemption is None:
        raise NotFound(f"redemption {redemption_id!r} not found")
    return redemption


def _find(session: Session, tenant_id: str, key: str) -> Reward | None:
    return session.scalar(select(Reward).where(col(Reward.tenant_id) == tenant_id, col(Reward.key) == key))


def _view(redemption: RewardRedemption, reward_key: str, member: str) -> RedemptionView:
    return RedemptionView(
        id=redemption.id,
        reward=reward_key,
        member=member,
        cost=redemption.cost,
        status=redemption.status,
        created_at=redemption.created_at,
        cancelled_at=redemption.cancelled_at,
    )
