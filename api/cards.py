"""Member cards: the primary card (issued on first request) with its QR code and barcode, more virtual or physical
cards, blocking and replacing a lost card, and lookup by number."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field, StringConstraints

from api.deps import Admin, Reader, State, Writer
from api.schemas import Name
from core.db import run_in_transaction, unit_of_work
from core.errors import NotFound
from core.strict import StrictInput
from loyalty.branding import get_branding
from loyalty.service import (
    CardView,
    add_card,
    block_card,
    card_barcode,
    card_holder,
    card_qr,
    luhn_valid,
    member_card,
    member_cards,
    replace_card,
)

router = APIRouter(prefix="/v1", tags=["cards"])
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]
NumberPath = Annotated[str, Path(min_length=1, max_length=32)]
CardNumber = Annotated[str, StringConstraints(min_length=8, max_length=19, pattern=r"^[0-9]+$")]
IMAGE_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
IMAGE_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {media: {} for media in IMAGE_TYPES.values()}}}


class CardOut(BaseModel):
    number: str
    member: str
    issued_at: datetime
    kind: str = Field(description="`virtual` (issued by Laurel) or `physical` (registered by its printed number).")
    status: str = Field(description="`active`, `blocked` or `replaced`.")
    primary: bool
    label: str | None
    replaced_by: str | None
    blocked_at: datetime | None
    qr_svg: str
    qr_png: str
    barcode_svg: str
    barcode_png: str

    @classmethod
    def of(cls, card: CardView) -> "CardOut":
        base = f"/v1/cards/{card.number}"
        return cls(
            **vars(card),
            qr_svg=f"{base}/qr.svg",
            qr_png=f"{base}/qr.png",
            barcode_svg=f"{base}/barcode.svg",
            barcode_png=f"{base}/barcode.png",
        )


class CardsOut(BaseModel):
    cards: list[CardOut]


class CardIn(StrictInput):
    number: CardNumber | None = Field(
        None, description="A physical card's printed number (Luhn-checked); omitted: a new virtual card."
    )
    label: Name | None = None
    primary: bool = Field(False, description="Make it the member's primary card.")


class ReplaceIn(StrictInput):
    number: CardNumber | None = Field(None, description="The replacement's printed number; omitted: a virtual card.")


def _ink(state: State, tenant_id: str) -> tuple[str, str] | None:
    """The tenant's brand colours for card images (see `BrandingView.ink_on_paper`)."""
    with unit_of_work(state.engine, read_only=True) as session:
        return get_branding(session, tenant_id).ink_on_paper()


def _card(state: State, tenant_id: str, external_id: str) -> CardView:
    return run_in_transaction(state.engine, lambda s: member_card(s, tenant_id, external_id))


def _image(content: bytes, kind: str) -> Response:
    return Response(content, media_type=IMAGE_TYPES[kind], headers={"Cache-Control": "private, max-age=86400"})


def _check_kind(kind: str, what: str) -> None:
    if kind not in IMAGE_TYPES:
        raise NotFound(f"no {what}.{kind}; it comes as {what}.svg and {what}.png")


def _scanned(state: State, tenant_id: str, number: str) -> CardView:
    if not luhn_valid(number):
        raise NotFound(f"card {number!r} not found (the check digit does not match)")
    with unit_of_work(state.engine, read_only=True) as session:
        return card_holder(session, tenant_id, number)


@router.get("/members/{external_id}/card")
def get_card(external_id: MemberPath, principal: Reader, state: State) -> CardOut:
    """The member's primary card; the first request issues it, later ones return the same number."""
    return CardOut.of(_card(state, principal.tenant_id, external_id))


@router.get("/members/{external_id}/card.{kind}", response_class=Response, responses=IMAGE_RESPONSES)
def get_card_qr(external_id: MemberPath, kind: str, principal: Reader, state: State) -> Response:
    """The primary card's number as a QR code: `card.svg` or `card.png`."""
    _check_kind(kind, "card")
    number = _card(state, principal.tenant_id, external_id).number
    return _image(card_qr(number, kind, ink=_ink(state, principal.tenant_id)), kind)


@router.get("/members/{external_id}/card/barcode.{kind}", response_class=Response, responses=IMAGE_RESPONSES)
def get_card_barcode(external_id: MemberPath, kind: str, principal: Reader, state: State) -> Response:
    """The primary card's number as a Code 128 barcode: `barcode.svg` or `barcode.png`."""
    _check_kind(kind, "barcode")
    number = _card(state, principal.tenant_id, external_id).number
    return _image(card_barcode(number, kind, ink=_ink(state, principal.tenant_id)), kind)


@router.get("/members/{external_id}/cards")
def get_cards(external_id: MemberPath, principal: Reader, state: State) -> CardsOut:
    """Every card the member holds or held (blocked and replaced ones too), the primary card first."""
    with unit_of_work(state.engine, read_only=True) as session:
        return CardsOut(cards=[CardOut.of(c) for c in member_cards(session, principal.tenant_id, external_id)])


@router.post("/members/{external_id}/cards", status_code=status.HTTP_201_CREATED)
def post_card(external_id: MemberPath, body: CardIn, principal: Writer, state: State, response: Response) -> CardOut:
    """201 with a new virtual card, or a registered physical one; a number the member already holds is a 200, one
    held by anybody else a 409."""
    card, created = run_in_transaction(
        state.engine,
        lambda s: add_card(
            s, principal.tenant_id, external_id, number=body.number, label=body.label, primary=body.primary
        ),
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return CardOut.of(card)


@router.get("/cards/{number}")
def get_card_by_number(number: NumberPath, principal: Reader, state: State) -> CardOut:
    """The active card and its member, for a till that scanned it. A number failing the Luhn check is a 404 at
    once; a blocked or replaced card is a 410."""
    return CardOut.of(_scanned(state, principal.tenant_id, number))


@router.get("/cards/{number}/qr.{kind}", response_class=Response, responses=IMAGE_RESPONSES)
def get_number_qr(number: NumberPath, kind: str, principal: Reader, state: State) -> Response:
    _check_kind(kind, "qr")
    card = _scanned(state, principal.tenant_id, number)
    return _image(card_qr(card.number, kind, ink=_ink(state, principal.tenant_id)), kind)


@router.get("/cards/{number}/barcode.{kind}", response_class=Response, responses=IMAGE_RESPONSES)
def get_number_barcode(number: NumberPath, kind: str, principal: Reader, state: State) -> Response:
    _check_kind(kind, "barcode")
    card = _scanned(state, principal.tenant_id, number)
    return _image(card_barcode(card.number, kind, ink=_ink(state, principal.tenant_id)), kind)


@router.post("/cards/{number}/block")
def post_block(number: NumberPath, principal: Admin, state: State) -> CardOut:
    """Block a lost card: it no longer finds its member. The balance stays with the member."""
    return CardOut.of(run_in_transaction(state.engine, lambda s: block_card(s, principal.tenant_id, number)))


@router.post("/cards/{number}/replace", status_code=status.HTTP_201_CREATED)
def post_replace(number: NumberPath, body: ReplaceIn, principal: Admin, state: State) -> CardOut:
    """Retire the card and issue its successor (primary if the old card was); the same request again returns the
    same successor."""
    return CardOut.of(
        run_in_transaction(state.engine, lambda s: replace_card(s, principal.tenant_id, number, new_number=body.number))
    )
