"""Coalition partners and their settlement, computed from the ledger.

A partner funds the points members earn with it: events that carry `"partner": "<key>"` in their properties. It is
owed the points members spend on its rewards (`"partner"` on a catalog item), net of cancellations. The settlement
of a period sums ledger postings, so it agrees with the ledger to the point:

- `earned`: what the ledger transactions of the partner's events, dated in the period, credited to member accounts
  (rule points and badge or quest bonuses; penalties count negative);
- `redeemed`: what the partner's reward redemptions, dated in the period, moved into the program's redeemed account
  (a cancellation in the period counts negative);
- `net = earned - redeemed`: above zero the partner owes the program, below zero the program owes the partner.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.models import Event
from core.db import one_of
from core.errors import Conflict, NotFound
from loyalty.accounts import rewards_redeemed
from loyalty.models import Partner, Reward, RewardRedemption
from wallets.models import LedgerTransaction, Posting
from wallets.programs import resolve_program


@dataclass(frozen=True)
class Settlement:
    partner: str
    start: datetime | None
    end: datetime | None
    earned: int
    redeemed: int
    net: int
    owes: str | None
    amount: int


def create_partner(session: Session, tenant_id: str, key: str, name: str, program: str | None) -> tuple[Partner, bool]:
    """The partner; the same body again gives back the existing one (False), another body under its key a 409."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    existing = find_partner(session, tenant_id, key)
    if existing is not None:
        if (existing.program_id, existing.name) != (program_row.id, name):
            raise Conflict(f"partner {key!r} exists with another definition")
        return existing, False
    partner = Partner(tenant_id=tenant_id, program_id=program_row.id, key=key, name=name)
    session.add(partner)
    session.flush()
    return partner, True


def get_partner(session: Session, tenant_id: str, key: str) -> Partner:
    partner = find_partner(session, tenant_id, key)
    if partner is None:
        raise NotFound(f"partner {key!r} not found")
    return partner


def find_partner(session: Session, tenant_id: str, key: str) -> Partner | None:
    return session.scalar(select(Partner).where(col(Partner.tenant_id) == tenant_id, col(Partner.key) == key))


def settlement(
    session: Session, tenant_id: str, key: str, *, start: datetime | None = None, end: datetime | None = None
) -> Settlement:
    """Who owes whom for ledger transactions dated in [start, end) (open ends: all of them)."""
    partner = get_partner(session, tenant_id, key)
    assert partner.id is not None
    earned_stmt = (
        select(func.coalesce(func.sum(col(Posting.amount)), 0))
        .select_from(Posting)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
        .join(
            Event,
            (col(Event.tenant_id) == col(LedgerTransaction.tenant_id))
            & (col(Event.event_id) == col(LedgerTransaction.event_id)),
        )
        .where(
            col(LedgerTransaction.tenant_id) == tenant_id,
            col(LedgerTransaction.program_id) == partner.program_id,
            col(Event.properties)["partner"].as_string() == partner.key,
            col(Posting.account).startswith("member:"),
        )
    )
    redemption_ids = list(
        session.scalars(
            select(col(RewardRedemption.id))
            .join(Reward, col(Reward.id) == col(RewardRedemption.reward_id))
            .where(
                col(RewardRedemption.tenant_id) == tenant_id,
                col(Reward.partner) == partner.key,
                col(Reward.program_id) == partner.program_id,
            )
        )
    )
    keys = [f"{prefix}:{rid}" for rid in redemption_ids for prefix in ("reward", "reward-refund")]
    redeemed_stmt = (
        select(func.coalesce(func.sum(col(Posting.amount)), 0))
        .select_from(Posting)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
        .where(
            col(LedgerTransaction.tenant_id) == tenant_id,
            one_of(session.get_bind(), col(LedgerTransaction.idempotency_key), keys),
            col(Posting.account) == rewards_redeemed(partner.program_id),
        )
    )
    if start is not None:
        earned_stmt = earned_stmt.where(col(LedgerTransaction.created_at) >= start)
        redeemed_stmt = redeemed_stmt.where(col(LedgerTransaction.created_at) >= start)
    if end is not None:
        earned_stmt = earned_stmt.where(col(LedgerTransaction.created_at) < end)
        redeemed_stmt = redeemed_stmt.where(col(LedgerTransaction.created_at) < end)
    earned = int(session.scalar(earned_stmt) or 0)
    redeemed = int(session.scalar(redeemed_stmt) or 0) if keys else 0
    net = earned - redeemed
    return Settlement(
        partner=partner.key,
        start=start,
        end=end,
        earned=earned,
        redeemed=redeemed,
        net=net,
        owes="partner" if net > 0 else "program" if net < 0 else None,
        amount=abs(net),
    )
