"""Member cards: a 16-digit number with a Luhn check digit, issued on first use and kept, and its QR code.

Numbers are random (not derived from the member id, which would leak how many members a tenant has) and unique
across tenants, so a scanned card names one member anywhere. They start with 9, the ISO/IEC 7812 major industry
identifier left for national and private use, so they cannot be mistaken for payment cards.
"""

import io
import secrets
from dataclasses import dataclass
from datetime import datetime

import segno
from sqlalchemy import select
from sqlmodel import Session, col

from core.db import upsert_dialect
from core.errors import NotFound
from core.tenancy import Member, get_member
from core.types import utcnow
from loyalty.models import Card

CARD_PREFIX = "9"
CARD_LENGTH = 16


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + digit` pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # doubled: these sit at odd positions from the right once the check digit is appended
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_check_digit(number[:-1]) == number[-1]


def new_card_number() -> str:
    body = CARD_PREFIX + "".join(secrets.choice("0123456789") for _ in range(CARD_LENGTH - len(CARD_PREFIX) - 1))
    return body + luhn_check_digit(body)


@dataclass(frozen=True)
class CardView:
    number: str
    member: str
    issued_at: datetime


def member_card(session: Session, tenant_id: str, external_id: str) -> CardView:
    """The member's card, issued now if the member has none yet (concurrent first calls agree on one)."""
    member = get_member(session, tenant_id, external_id)
    assert member.id is not None
    card = session.get(Card, member.id)
    insert = upsert_dialect(session.get_bind()).insert(Card).on_conflict_do_nothing()
    while card is None:
        # Do nothing on either conflict: another request issued this member's card, or (rarely) the random
        # number is taken; reading by member id tells which, and the loop draws again in the second case.
        session.execute(
            insert.values(member_id=member.id, tenant_id=tenant_id, number=new_card_number(), issued_at=utcnow())
        )
        card = session.get(Card, member.id)
    return CardView(number=card.number, member=member.external_id, issued_at=card.issued_at)


def card_holder(session: Session, tenant_id: str, number: str) -> CardView:
    """The card with this number, for a till that scanned it; another tenant's card is not found."""
    row = session.execute(
        select(Card, Member)
        .join(Member, col(Member.id) == col(Card.member_id))
        .where(col(Card.tenant_id) == tenant_id, col(Card.number) == number)
    ).first()
    if row is None:
        raise NotFound(f"card {number!r} not found")
    card, member = row
    return CardView(number=card.number, member=member.external_id, issued_at=card.issued_at)


def card_qr(number: str, kind: str, *, scale: int = 8) -> bytes:
    """The QR code of a card number as `svg` or `png` bytes (error correction M: survives a scuffed phone screen)."""
    qr = segno.make_qr(number, error="m")
    out = io.BytesIO()
    qr.save(out, kind=kind, scale=scale, border=4)
    return out.getvalue()
