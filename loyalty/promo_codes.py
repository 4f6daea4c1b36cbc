"""Promo codes: single or multi-use codes worth points, per-member limits, validity windows, bulk generation.

Redemption is race-safe without a prior read: one guarded `UPDATE ... SET uses = uses + 1 WHERE uses < max_uses`
takes a use or takes nothing, and it locks the code's row until commit, so the per-member count read after it
sees every concurrent redemption of the same code. The points go through the ledger as an `earn` transaction
keyed by the redemption, in the same unit of work.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlmodel import Session, col

from core.db import upsert_dialect
from core.errors import Conflict, InvalidInput, NotFound
from core.ids import new_id
from core.tenancy import upsert_member
from core.types import utcnow
from loyalty.eligibility import check_segment_exists, require_segment
from loyalty.errors import PromoCodeExpired, PromoCodeNotYetValid, PromoCodeUsedUp
from loyalty.models import PromoCode, PromoRedemption
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import ensure_accruing, program_by_id, resolve_program, take_budget

# No 0/O or 1/I: generated codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_GENERATED = 10_000


@dataclass(frozen=True)
class PromoTerms:
    """What a code is worth and when and how often it may be used."""

    points: int
    max_uses: int | None = None
    per_member: int | None = None
    starts_at: datetime | None = None
    expires_at: datetime | None = None
    program: str | None = None
    segment: str | None = None

    def check(self) -> None:
        if self.starts_at and self.expires_at and self.starts_at >= self.expires_at:
            raise InvalidInput("starts_at must be before expires_at", field="starts_at")
        if self.max_uses is not None and self.per_member is not None and self.per_member > self.max_uses:
            raise InvalidInput("per_member cannot exceed max_uses", field="per_member")


@dataclass(frozen=True)
class Redemption:
    code: str
    member: str
    points: int
    uses: int


def normalise_code(code: str) -> str:
    return code.strip().upper()


def create_promo_code(session: Session, tenant_id: str, code: str, terms: PromoTerms) -> tuple[PromoCode, bool]:
    """The code, created; the same code with the same terms again gives back the existing one (False), with
    other terms it is a 409: a printed code must not change its meaning."""
    terms.check()
    program = resolve_program(session, tenant_id, terms.program)
    assert program.id is not None
    check_segment_exists(session, tenant_id, program.id, terms.segment)
    code = normalise_code(code)
    existing = _find(session, tenant_id, code)
    if existing is not None:
        if (
            _terms_of(existing) != (program.id, terms.points, terms.max_uses, terms.per_member)
            or (
                existing.starts_at,
                existing.expires_at,
            )
            != (terms.starts_at, terms.expires_at)
            or existing.segment != terms.segment
        ):
            raise Conflict(f"promo code {code!r} exists with other terms")
        return existing, False
    promo = PromoCode(tenant_id=tenant_id, program_id=program.id, code=code, **_columns(terms))
    session.add(promo)
    session.flush()
    return promo, True


def generate_promo_codes(
    session: Session, tenant_id: str, terms: PromoTerms, *, count: int, prefix: str = "", length: int = 10
) -> tuple[str, list[str]]:
    """`count` new unique codes `<prefix><length random characters>` sharing the terms; (batch id, codes)."""
    terms.check()
    if not 1 <= count <= MAX_GENERATED:
        raise InvalidInput(f"count must be between 1 and {MAX_GENERATED}", field="count")
    program = resolve_program(session, tenant_id, terms.program)
    assert program.id is not None
    check_segment_exists(session, tenant_id, program.id, terms.segment)
    prefix = normalise_code(prefix)
    batch = new_id("pcb")
    table = PromoCode.__table__  # type: ignore[attr-defined]
    insert = (
        upsert_dialect(session.get_bind()).insert(table).on_conflict_do_nothing(index_elements=["tenant_id", "code"])
    )
    created: list[str] = []
    for _ in range(100):  # collisions are rare at 32^length; a clash with an existing code is simply drawn again
        wanted = {
            prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length)) for _ in range(count - len(created))
        }
        now = utcnow()
        rows = [
            {"tenant_id": tenant_id, "program_id": program.id, "code": c, "uses": 0, "batch": batch, "created_at": now}
            | _columns(terms)
            for c in sorted(wanted)
        ]
        session.execute(insert, rows)
        created = list(session.scalars(select(col(PromoCode.code)).where(col(PromoCode.batch) == batch)))
        if len(created) >= count:
            return batch, sorted(created)
    raise Conflict("could not draw enough unique codes; use a longer length")


def redeem_promo_code(session: Session, tenant_id: str, code: str, member_external_id: str) -> Redemption:
    """Credit the code's points to the member (created if new, as events do). 404 unknown, 410 expired, 409 not
    yet valid, used up (in total, or by this member), or limited to a segment the member is not in."""
    code = normalise_code(code)
    promo = _find(session, tenant_id, code)
    if promo is None or promo.id is None:
        raise NotFound(f"promo code {code!r} not found")
    now = utcnow()
    if promo.expires_at is not None and now >= promo.expires_at:
        raise PromoCodeExpired(f"promo code {code!r} expired at {promo.expires_at.isoformat()}")
    if promo.starts_at is not None and now < promo.starts_at:
        raise PromoCodeNotYetValid(f"promo code {code!r} is valid from {promo.starts_at.isoformat()}")
    program = program_by_id(session, promo.program_id)
    ensure_accruing(program)
    taken = session.execute(
        update(PromoCode)
        .where(
            col(PromoCode.id) == promo.id,
            or_(col(PromoCode.max_uses).is_(None), col(PromoCode.uses) < col(PromoCode.max_uses)),
        )
        .values(uses=col(PromoCode.uses) + 1)
        .returning(col(PromoCode.uses))
    ).scalar_one_or_none()
    if taken is None:
        raise PromoCodeUsedUp(f"promo code {code!r} is used up")
    member, _ = upsert_member(session, tenant_id, member_external_id)
    assert member.id is not None
    require_segment(session, tenant_id, promo.program_id, member.id, promo.segment, f"promo code {code!r}")
    if promo.per_member is not None:
        used = session.scalar(
            select(func.count())
            .select_from(PromoRedemption)
            .where(col(PromoRedemption.promo_code_id) == promo.id, col(PromoRedemption.member_id) == member.id)
        )
        if (used or 0) >= promo.per_member:
            raise PromoCodeUsedUp(f"member {member_external_id!r} already used promo code {code!r}")
    take_budget(session, program, promo.points)
    redemption = PromoRedemption(tenant_id=tenant_id, promo_code_id=promo.id, member_id=member.id, points=promo.points)
    session.add(redemption)
    session.flush()
    ledger.post(
        session,
        tenant_id,
        TransactionSpec(
            program_id=promo.program_id,
            kind=Kind.EARN,
            idempotency_key=f"promo:{redemption.id}",
            entries=(
                Entry(member_available(member.id), promo.points),
                Entry(program_issued(promo.program_id), -promo.points),
            ),
            memo=f"promo code {code}",
        ),
    )
    return Redemption(code=code, member=member.external_id, points=promo.points, uses=int(taken))


def get_promo_code(session: Session, tenant_id: str, code: str) -> PromoCode:
    promo = _find(session, tenant_id, normalise_code(code))
    if promo is None:
        raise NotFound(f"promo code {normalise_code(code)!r} not found")
    return promo


def list_promo_codes(session: Session, tenant_id: str, *, limit: int = 100) -> tuple[list[PromoCode], int]:
    """The newest `limit` codes, and how many the tenant has in all (generated batches run to thousands)."""
    where = col(PromoCode.tenant_id) == tenant_id
    total = session.scalar(select(func.count()).select_from(PromoCode).where(where)) or 0
    newest = session.scalars(select(PromoCode).where(where).order_by(col(PromoCode.id).desc()).limit(limit))
    return list(newest), int(total)


def _find(session: Session, tenant_id: str, code: str) -> PromoCode | None:
    return session.scalar(select(PromoCode).where(col(PromoCode.tenant_id) == tenant_id, col(PromoCode.code) == code))


def _terms_of(promo: PromoCode) -> tuple[int, int, int | None, int | None]:
    return promo.program_id, promo.points, promo.max_uses, promo.per_member


def _columns(terms: PromoTerms) -> dict[str, Any]:
    return {
        "points": terms.points,
        "max_uses": terms.max_uses,
        "per_member": terms.per_member,
        "starts_at": terms.starts_at,
        "expires_at": terms.expires_at,
        "segment": terms.segment,
    }
