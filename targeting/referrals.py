"""Referrals: members join `referred_by` another; when a referee's first qualifying event lands, the referrer is
paid once and the referee gets a welcome bonus, in the ingesting transaction.

A program's settings hold its referral terms (`settings.referral`: `event_type`, `referrer_points`,
`referee_points`). Who referred whom is tenant-wide, one referrer per member; the reward is paid once, by the
first program whose qualifying event the referee sends. Once is enforced twice: the referral row is marked
rewarded under a `rewarded_at IS NULL` guard, and the referrer's ledger transaction has the idempotency key
`referral:<referee>:<event>`. A full return of that event takes both payments back and opens the referral again
(`reopen_referral`): the referee's next qualifying event pays it, as if the returned one had never happened.

With a program budget, the welcome bonus counts as part of the referee's event points; the referrer's bonus is
counted after them and cut to what the budget has left (`cap_referral`), like any grant.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from achievements.engine import Outcome
from achievements.models import Event
from achievements.state import MemberState
from core.db import one_of
from core.errors import Conflict, InvalidInput
from core.tenancy import Member
from core.types import utcnow
from targeting.models import Referral
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.programs import resolve_program

MAX_CHAIN = 10_000  # a referral chain longer than this is treated as a cycle rather than walked further


@dataclass(frozen=True)
class ReferralTerms:
    event_type: str
    referrer_points: int
    referee_points: int

    @classmethod
    def of(cls, program: Program) -> "ReferralTerms | None":
        terms = program.settings.get("referral")
        return cls(**terms) if terms else None


def set_referral_terms(session: Session, tenant_id: str, program_key: str | None, terms: ReferralTerms) -> bool:
    """Store a program's referral terms; False when they were already these."""
    program = resolve_program(session, tenant_id, program_key)
    wanted = vars(terms)
    if program.settings.get("referral") == wanted:
        return False
    program.settings = {**program.settings, "referral": wanted}
    session.add(program)
    session.flush()
    return True


def referral_terms(session: Session, tenant_id: str, program_key: str | None) -> ReferralTerms | None:
    return ReferralTerms.of(resolve_program(session, tenant_id, program_key))


def refer(session: Session, tenant_id: str, referee: Member, referrer_external_id: str) -> None:
    """Record that `referrer` brought `referee` in. The same referral again is a no-op; self-referral, a cycle,
    or an unknown referrer is a 422; another referrer, or a member already active, is a conflict."""
    assert referee.id is not None
    if referrer_external_id == referee.external_id:
        raise InvalidInput("a member cannot refer themselves", field="referred_by")
    referrer = session.scalar(
        select(Member).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == referrer_external_id)
    )
    if referrer is None:
        raise InvalidInput(f"referred_by: unknown member {referrer_external_id!r}", field="referred_by")
    assert referrer.id is not None
    existing = session.get(Referral, referee.id)
    if existing is not None:
        if existing.referrer_id == referrer.id:
            return
        raise Conflict(f"member {referee.external_id!r} was already referred by someone else")
    if session.scalar(select(col(Event.pk)).where(col(Event.member_id) == referee.id).limit(1)) is not None:
        raise Conflict(f"member {referee.external_id!r} is already active; only new members can be referred")
    if _refers_back(session, referrer.id, referee.id):
        raise InvalidInput(
            f"{referrer_external_id!r} was (indirectly) referred by {referee.external_id!r}: a referral cycle",
            field="referred_by",
        )
    session.add(Referral(referee_id=referee.id, tenant_id=tenant_id, referrer_id=referrer.id))
    session.flush()


def _refers_back(session: Session, start: int, target: int) -> bool:
    """Whether walking up from `start` through who referred whom reaches `target`."""
    current: int | None = start
    for _ in range(MAX_CHAIN):
        if current is None:
            return False
        if current == target:
            return True
        current = session.scalar(select(col(Referral.referrer_id)).where(col(Referral.referee_id) == current))
    return True


def pending_referrals(
    session: Session, terms: ReferralTerms | None, events: Sequence[Any], member_ids: dict[str, int]
) -> dict[int, int]:
    """Referee → referrer for the members of this batch with a qualifying event and an unpaid referral (one
    query, and only when the batch holds a qualifying event)."""
    if terms is None:
        return {}
    candidates = {member_ids[e.member] for e in events if e.type == terms.event_type}
    if not candidates:
        return {}
    rows = session.execute(
        select(col(Referral.referee_id), col(Referral.referrer_id)).where(
            one_of(session.get_bind(), col(Referral.referee_id), candidates), col(Referral.rewarded_at).is_(None)
        )
    )
    return {referee: referrer for referee, referrer in rows}


def reward_referral(
    session: Session,
    terms: ReferralTerms,
    program_id: int,
    referrer_id: int,
    state: MemberState,
    event_id: str,
    outcome: Outcome,
) -> TransactionSpec | None:
    """Pay a referral on the referee's qualifying event: the welcome bonus joins the event's own points, the
    referrer's payment is a transaction of its own (returned). None if a concurrent transaction paid it."""
    marked = session.execute(
        update(Referral)
        .where(col(Referral.referee_id) == state.member_id, col(Referral.rewarded_at).is_(None))
        .values(rewarded_at=utcnow(), program_id=program_id, event_id=event_id)
    )
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        return None
    if terms.referee_points:
        state.available += terms.referee_points
        state.lifetime += terms.referee_points
        outcome.points += terms.referee_points
        outcome.sources.append("referral:welcome")
    if not terms.referrer_points:
        return None
    return TransactionSpec(
        program_id=program_id,
        kind=Kind.EARN,
        idempotency_key=f"referral:{state.member_id}:{event_id}",
        entries=(
            Entry(member_available(referrer_id), terms.referrer_points),
            Entry(program_issued(program_id), -terms.referrer_points),
        ),
        memo=f"referral of {state.external_id}"[:500],
        event_id=event_id,
    )


def referral_paid(
    outcome: Outcome, referrer_payment: TransactionSpec | None, terms: ReferralTerms | None
) -> dict[str, int] | None:
    """What a referral paid on this event (the event's effects keep it, so a return knows what to take back)."""
    welcome = terms.referee_points if terms is not None and "referral:welcome" in outcome.sources else 0
    referrer = referrer_payment.entries[0].amount if referrer_payment is not None else 0
    if not welcome and not referrer:
        return None
    return {"referee_points": welcome, "referrer_points": referrer}


@dataclass(frozen=True)
class ReopenedReferral:
    referrer_id: int
    referrer_points: int  # what the referrer was paid, to take back
    referee_points: int  # the welcome bonus the referee was paid, to take back


def reopen_referral(
    session: Session, tenant_id: str, event_id: str, referee_id: int, paid: dict[str, int] | None
) -> ReopenedReferral | None:
    """The referral this event paid, marked unpaid again (a full return of it), with what it paid; None when the
    event paid no referral. `paid` is what the event's effects recorded; events stored before they did take the
    program's current terms."""
    referral = session.scalar(
        select(Referral).where(
            col(Referral.tenant_id) == tenant_id,
            col(Referral.referee_id) == referee_id,
            col(Referral.event_id) == event_id,
            col(Referral.rewarded_at).is_not(None),
        )
    )
    if referral is None:
        return None
    if paid is None:
        program = session.get(Program, referral.program_id)
        terms = ReferralTerms.of(program) if program is not None else None
        paid = vars(terms) if terms is not None else {}
    referral.rewarded_at, referral.program_id, referral.event_id = None, None, None
    session.add(referral)
    return ReopenedReferral(referral.referrer_id, paid.get("referrer_points", 0), paid.get("referee_points", 0))


def cap_referral(spec: TransactionSpec, left: int) -> tuple[TransactionSpec | None, int]:
    """The referrer's payment cut to the `left` points of the program's budget, and the points withheld. A cut
    payment is not made up later: the referral is paid once."""
    points = spec.entries[0].amount
    if points <= left:
        return spec, 0
    if left <= 0:
        return None, points
    member_account, issued_account = spec.entries[0].account, spec.entries[1].account
    entries = (Entry(member_account, left), Entry(issued_account, -left))
    return replace(spec, entries=entries), points - left


@dataclass(frozen=True)
class ReferrerStanding:
    external_id: str
    referrals: int


def referral_leaderboard(session: Session, tenant_id: str, limit: int = 10) -> list[ReferrerStanding]:
    """Members by the number of their referrals that were rewarded (that brought in an active member)."""
    count = func.count().label("referrals")
    rows = session.execute(
        select(col(Member.external_id), count)
        .select_from(Referral)
        .join(Member, col(Member.id) == col(Referral.referrer_id))
        .where(col(Referral.tenant_id) == tenant_id, col(Referral.rewarded_at).is_not(None))
        .group_by(col(Member.external_id))
        .order_by(count.desc(), col(Member.external_id))
        .limit(limit)
    )
    return [ReferrerStanding(external_id, n) for external_id, n in rows]


__all__ = [
    "ReferralTerms",
    "ReferrerStanding",
    "ReopenedReferral",
    "cap_referral",
    "pending_referrals",
    "refer",
    "referral_leaderboard",
    "referral_paid",
    "referral_terms",
    "reopen_referral",
    "reward_referral",
    "set_referral_terms",
]
