"""Member cards: the number (issued on first request), its QR code as SVG or PNG, and lookup by number."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel

from api.deps import Reader, State
from core.db import run_in_transaction, unit_of_work
from core.errors import NotFound
from loyalty.service import CardView, card_holder, card_qr, luhn_valid, member_card

router = APIRouter(prefix="/v1", tags=["cards"])
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]
NumberPath = Annotated[str, Path(min_length=1, max_length=32)]
QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


class CardOut(BaseModel):
    number: str
    member: str
    issued_at: datetime
    qr_svg: str
    qr_png: str

    @classmethod
    def of(cls, card: CardView) -> "CardOut":
        base = f"/v1/members/{card.member}/card"
        return cls(**vars(card), qr_svg=f"{base}.svg", qr_png=f"{base}.png")


def _card(state: State, tenant_id: str, external_id: str) -> CardView:
    return run_in_transaction(state.engine, lambda s: member_card(s, tenant_id, external_id))


@router.get("/members/{external_id}/card")
def get_card(external_id: MemberPath, principal: Reader, state: State) -> CardOut:
    """The member's card; the first request issues it, later ones return the same number."""
    return CardOut.of(_card(state, principal.tenant_id, external_id))


@router.get(
    "/members/{external_id}/card.{kind}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in QR_TYPES.values()}}},
)
def get_card_qr(external_id: MemberPath, kind: str, principal: Reader, state: State) -> Response:
    """The card number as a QR code: `card.svg` or `card.png`."""
    if kind not in QR_TYPES:
        raise NotFound(f"no card.{kind}; cards come as card.svg and card.png")
    card = _card(state, principal.tenant_id, external_id)
    return Response(
        card_qr(card.number, kind), media_type=QR_TYPES[kind], headers={"Cache-Control": "private, max-age=86400"}
    )


@router.get("/cards/{number}")
def get_card_by_number(number: NumberPath, principal: Reader, state: State) -> CardOut:
    """The card and its member, for a till that scanned it. A number failing the Luhn check is a 404 at once."""
    if not luhn_valid(number):
        raise NotFound(f"card {number!r} not found (the check digit does not match)")
    with unit_of_work(state.engine, read_only=True) as session:
        return CardOut.of(card_holder(session, principal.tenant_id, number))
