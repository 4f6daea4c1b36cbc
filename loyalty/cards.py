"""Member cards: Luhn-checked numbers, virtual or physical, blocked and replaced when lost; QR codes and barcodes.

Numbers Laurel issues are random (not derived from the member id, which would leak how many members a tenant has)
and unique across tenants, so a scanned card names one member anywhere. They start with 9, the ISO/IEC 7812 major
industry identifier left for national and private use, so they cannot be mistaken for payment cards.

The model: a member holds any number of cards. The first request for a member's card issues a `virtual` one and
makes it the primary card; more virtual cards are issued on request, and plastic cards are registered by their
printed number (`physical`, any Luhn-valid number of 8 to 19 digits). A lost card is blocked (it no longer finds
its member) or replaced: the old one is `replaced` and points at the new one, which becomes primary if the old one
was. Balances belong to the member, so cards come and go without moving points. When the primary card is blocked,
the newest other active card becomes primary; a member left with none gets a new virtual one on the next request.
"""

import io
import secrets
from dataclasses import dataclass
from datetime import datetime

import segno
from barcode.charsets import code128
from barcode.codex import Code128
from barcode.writer import ImageWriter, SVGWriter
from sqlalchemy import Executable, select, update
from sqlmodel import Session, col

from core.db import require_writable, upsert_dialect
from core.errors import Conflict, Gone, InvalidInput, NotFound
from core.tenancy import Member, get_member
from core.types import utcnow
from loyalty.models import Card

CARD_PREFIX = "9"
CARD_LENGTH = 16
PHYSICAL_LENGTHS = range(8, 20)
KINDS = ("virtual", "physical")


class CardBlocked(Gone):
    """The card was blocked or replaced: it no longer stands for its member."""

    title, slug = "Card blocked", "card-blocked"


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
    return number.isascii() and number.isdigit() and len(number) > 1 and luhn_check_digit(number[:-1]) == number[-1]


def new_card_number() -> str:
    body = CARD_PREFIX + "".join(secrets.choice("0123456789") for _ in range(CARD_LENGTH - len(CARD_PREFIX) - 1))
    return body + luhn_check_digit(body)


@dataclass(frozen=True)
class CardView:
    number: str
    member: str
    issued_at: datetime
    kind: str
    status: str
    primary: bool
    label: str | None
    replaced_by: str | None
    blocked_at: datetime | None

    @classmethod
    def of(cls, card: Card, member: str) -> "CardView":
        return cls(
            number=card.number,
            member=member,
            issued_at=card.issued_at,
            kind=card.kind,
            status=card.status,
            primary=card.is_primary,
            label=card.label,
            replaced_by=card.replaced_by,
            blocked_at=card.blocked_at,
        )


def member_card(session: Session, tenant_id: str, external_id: str) -> CardView:
    """The member's primary card, issued now if the member has none (concurrent first calls agree on one: the
    partial unique index on primary cards lets one insert win)."""
    member = get_member(session, tenant_id, external_id)
    assert member.id is not None
    card = _primary(session, member.id)
    if card is None:
        require_writable(session)
    while card is None:
        # Do nothing on either conflict: another request issued this member's primary card, or (rarely) the
        # random number is taken; reading the primary card tells which, and the loop draws again in the second case.
        session.execute(_insert_ignoring_conflicts(session, tenant_id, member.id, new_card_number(), primary=True))
        card = _primary(session, member.id)
    return CardView.of(card, member.external_id)


def member_cards(session: Session, tenant_id: str, external_id: str) -> list[CardView]:
    """Every card the member holds or held, primary first, then newest first."""
    member = get_member(session, tenant_id, external_id)
    cards = session.scalars(
        select(Card)
        .where(col(Card.tenant_id) == tenant_id, col(Card.member_id) == member.id)
        .order_by(col(Card.is_primary).desc(), col(Card.issued_at).desc(), col(Card.id).desc())
    )
    return [CardView.of(card, member.external_id) for card in cards]


def add_card(
    session: Session,
    tenant_id: str,
    external_id: str,
    *,
    number: str | None = None,
    label: str | None = None,
    primary: bool = False,
) -> tuple[CardView, bool]:
    """A new virtual card, or (with `number`) the registration of a physical one. Registering a number the member
    already holds gives that card back (False); a number held by anyone else is a 409."""
    member = get_member(session, tenant_id, external_id)
    assert member.id is not None
    if number is not None:
        _check_physical_number(number)
        existing = session.scalar(select(Card).where(col(Card.number) == number))
        if existing is not None:
            if existing.member_id != member.id:
                raise Conflict(f"card {number!r} is registered to someone else", field="number")
            return CardView.of(existing, member.external_id), False
    card = _issue(session, tenant_id, member.id, number=number, label=label)
    if primary or _primary(session, member.id) is None:
        _make_primary(session, member.id, card)
    return CardView.of(card, member.external_id), True


def block_card(session: Session, tenant_id: str, number: str) -> CardView:
    """Block a lost or stolen card; blocking it again changes nothing. A blocked primary card hands the role to
    the member's newest active card."""
    card, member = _card_and_member(session, tenant_id, number)
    if card.status == "active":
        was_primary = card.is_primary
        _retire(session, card, "blocked")
        if was_primary:
            _promote_newest(session, card)
    return CardView.of(card, member.external_id)


def replace_card(session: Session, tenant_id: str, number: str, *, new_number: str | None = None) -> CardView:
    """Retire a card and issue its successor (virtual, or the physical `new_number`), which takes over the primary
    role. Replacing a card again gives back the same successor, so a retried request issues nothing twice."""
    card, member = _card_and_member(session, tenant_id, number)
    if card.status == "replaced" and card.replaced_by is not None:
        successor = session.scalar(select(Card).where(col(Card.number) == card.replaced_by))
        assert successor is not None
        return CardView.of(successor, member.external_id)
    if card.status == "blocked":
        raise Conflict(f"card {number!r} is blocked; add a new card to the member instead")
    if new_number is not None:
        _check_physical_number(new_number)
        if session.scalar(select(col(Card.id)).where(col(Card.number) == new_number)) is not None:
            raise Conflict(f"card {new_number!r} is already registered", field="number")
    was_primary = card.is_primary
    _retire(session, card, "replaced")
    successor = _issue(session, tenant_id, card.member_id, number=new_number, label=card.label)
    card.replaced_by = successor.number
    session.add(card)
    if was_primary:
        _make_primary(session, card.member_id, successor)
    session.flush()
    return CardView.of(successor, member.external_id)


def card_holder(session: Session, tenant_id: str, number: str) -> CardView:
    """The active card with this number, for a till that scanned it: another tenant's card is not found, a blocked
    or replaced card is a 410."""
    card, member = _card_and_member(session, tenant_id, number)
    if card.status != "active":
        raise CardBlocked(f"card {number!r} is {card.status}", card_status=card.status)
    return CardView.of(card, member.external_id)


def card_qr(number: str, kind: str, *, scale: int = 8, ink: tuple[str, str] | None = None) -> bytes:
    """The QR code of a card number as `svg` or `png` bytes (error correction M: survives a scuffed phone screen),
    drawn in `ink` (dark, light) when a brand gives one (see `BrandingView.ink_on_paper`)."""
    qr = segno.make_qr(number, error="m")
    out = io.BytesIO()
    dark, light = ink or ("#000", "#fff")
    qr.save(out, kind=kind, scale=scale, border=4, dark=dark, light=light)
    return out.getvalue()


def card_barcode(number: str, kind: str, *, ink: tuple[str, str] | None = None) -> bytes:
    """The card number as a Code 128 barcode (what handheld till scanners read), `svg` or `png`, with the digits
    printed under the bars, in `ink` (dark, light) as the QR code. The PNG is drawn at 300 dpi with 0.33 mm modules,
    the usual size for printed cards."""
    writer = SVGWriter() if kind == "svg" else ImageWriter(format="PNG")
    code = _CardCode128(number, writer=writer)
    out = io.BytesIO()
    dark, light = ink or ("black", "white")
    options = {"module_width": 0.33, "module_height": 15.0, "quiet_zone": 6.5, "font_size": 10, "dpi": 300}
    code.write(out, {**options, "foreground": dark, "background": light})
    return out.getvalue()


class _CardCode128(Code128):  # type: ignore[misc]
    """python-barcode's Code 128, except its last step: it folds a start code and a charset switch into one start
    code, and so takes a number's leading "99" in charset C (value 99, also the switch to C in A and B) for a switch
    and drops it: 9912… scanned as 12…. A barcode that starts in C keeps its first pair."""

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if encoded[0] == code128.START_CODES["C"]:
            return encoded
        result: list[int] = super()._try_to_optimize(encoded)
        return result


def _check_physical_number(number: str) -> None:
    if len(number) not in PHYSICAL_LENGTHS or not luhn_valid(number):
        raise InvalidInput(
            f"card number {number!r} must be {PHYSICAL_LENGTHS.start} to {PHYSICAL_LENGTHS.stop - 1} digits "
            "ending in a Luhn check digit",
            field="number",
        )


def _card_and_member(session: Session, tenant_id: str, number: str) -> tuple[Card, Member]:
    row = session.execute(
        select(Card, Member)
        .join(Member, col(Member.id) == col(Card.member_id))
        .where(col(Card.tenant_id) == tenant_id, col(Card.number) == number)
    ).first()
    if row is None:
        raise NotFound(f"card {number!r} not found")
    card, member = row
    return card, member


def _primary(session: Session, member_id: int) -> Card | None:
    return session.scalar(select(Card).where(col(Card.member_id) == member_id, col(Card.is_primary)))


def _insert_ignoring_conflicts(
    session: Session, tenant_id: str, member_id: int, number: str, *, primary: bool, kind: str = "virtual"
) -> Executable:
    statement: Executable = (
        upsert_dialect(session.get_bind())
        .insert(Card)
        .values(
            tenant_id=tenant_id,
            member_id=member_id,
            number=number,
            kind=kind,
            status="active",
            is_primary=primary,
            issued_at=utcnow(),
        )
        .on_conflict_do_nothing()
    )
    return statement


def _issue(session: Session, tenant_id: str, member_id: int, *, number: str | None, label: str | None) -> Card:
    """A new, not yet primary card: the given physical number (a concurrent registration of it fails the unique
    key and the unit of work starts over), or a fresh virtual number."""
    if number is not None:
        card = Card(tenant_id=tenant_id, member_id=member_id, number=number, kind="physical", label=label)
        session.add(card)
        session.flush()
        return card
    while True:
        drawn = new_card_number()
        session.execute(_insert_ignoring_conflicts(session, tenant_id, member_id, drawn, primary=False))
        drawn_card = session.scalar(select(Card).where(col(Card.number) == drawn))
        if drawn_card is not None and drawn_card.member_id == member_id:
            if label is not None:
                drawn_card.label = label
                session.add(drawn_card)
            return drawn_card


def _make_primary(session: Session, member_id: int, card: Card) -> None:
    session.execute(update(Card).where(col(Card.member_id) == member_id, col(Card.is_primary)).values(is_primary=False))
    session.execute(update(Card).where(col(Card.id) == card.id).values(is_primary=True))
    session.refresh(card)


def _retire(session: Session, card: Card, status: str) -> None:
    card.status, card.is_primary, card.blocked_at = status, False, utcnow()
    session.add(card)
    session.flush()


def _promote_newest(session: Session, retired: Card) -> None:
    newest = session.scalar(
        select(Card)
        .where(col(Card.member_id) == retired.member_id, col(Card.status) == "active")
        .order_by(col(Card.issued_at).desc(), col(Card.id).desc())
        .limit(1)
    )
    if newest is not None:
        _make_primary(session, retired.member_id, newest)
