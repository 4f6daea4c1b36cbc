"""Promo codes: create one or a batch of generated ones, read one, and redeem."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field, StringConstraints

from api.deps import Admin, Reader, State, Writer
from api.schemas import ExternalId, Key
from core.db import run_in_transaction, unit_of_work
from core.strict import DateTime, StrictInput
from loyalty.models import PromoCode
from loyalty.service import PromoTerms, create_promo_code, generate_promo_codes, get_promo_code, redeem_promo_code

router = APIRouter(prefix="/v1/promo-codes", tags=["promo codes"])
Code = Annotated[str, StringConstraints(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
Prefix = Annotated[str, StringConstraints(max_length=32, pattern=r"^[A-Za-z0-9_-]*$")]
CodePath = Annotated[str, Path(min_length=1, max_length=64)]
Points = Annotated[int, Field(gt=0, lt=2**53)]
Uses = Annotated[int, Field(ge=1, lt=2**53)]


class TermsIn(StrictInput):
    points: Points
    max_uses: Uses | None = Field(None, description="Redemptions in total; unlimited when omitted.")
    per_member: Uses | None = Field(None, description="Redemptions per member; unlimited when omitted.")
    starts_at: DateTime | None = None
    expires_at: DateTime | None = None
    program: Key | None = None
    segment: Key | None = Field(None, description="Only members in this segment may redeem the code.")

    def terms(self) -> PromoTerms:
        return PromoTerms(
            self.points, self.max_uses, self.per_member, self.starts_at, self.expires_at, self.program, self.segment
        )


class PromoCodeIn(TermsIn):
    code: Code


class PromoBatchIn(TermsIn):
    count: Annotated[int, Field(ge=1, le=10_000)]
    prefix: Prefix = ""
    length: Annotated[int, Field(ge=6, le=32)] = 10


class PromoCodeOut(BaseModel):
    code: str
    points: int
    max_uses: int | None
    per_member: int | None
    starts_at: datetime | None
    expires_at: datetime | None
    uses: int
    batch: str | None
    segment: str | None
    created_at: datetime

    @classmethod
    def of(cls, promo: PromoCode) -> "PromoCodeOut":
        return cls.model_validate(promo, from_attributes=True)


class PromoBatchOut(BaseModel):
    batch: str
    codes: list[str]


class RedeemIn(StrictInput):
    member: ExternalId


class RedeemOut(BaseModel):
    code: str
    member: str
    points: int


@router.post("", status_code=status.HTTP_201_CREATED)
def post_promo_code(body: PromoCodeIn, principal: Admin, state: State, response: Response) -> PromoCodeOut:
    """201 with the code; the same body again is a 200, other terms under a taken code a 409."""
    promo, created = run_in_transaction(
        state.engine, lambda s: create_promo_code(s, principal.tenant_id, body.code, body.terms())
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return PromoCodeOut.of(promo)


@router.post("/batch", status_code=status.HTTP_201_CREATED)
def post_promo_batch(body: PromoBatchIn, principal: Admin, state: State) -> PromoBatchOut:
    """`count` unique generated codes sharing the same terms."""
    batch, codes = run_in_transaction(
        state.engine,
        lambda s: generate_promo_codes(
            s, principal.tenant_id, body.terms(), count=body.count, prefix=body.prefix, length=body.length
        ),
    )
    return PromoBatchOut(batch=batch, codes=codes)


@router.get("/{code}")
def get_code(code: CodePath, principal: Reader, state: State) -> PromoCodeOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return PromoCodeOut.of(get_promo_code(session, principal.tenant_id, code))


@router.post("/{code}/redeem")
def redeem(code: CodePath, body: RedeemIn, principal: Writer, state: State) -> RedeemOut:
    """200 `{"points"}` credited; 404 unknown code, 410 expired, 409 used up or not yet valid."""
    redemption = run_in_transaction(
        state.engine, lambda s: redeem_promo_code(s, principal.tenant_id, code, body.member)
    )
    return RedeemOut(code=redemption.code, member=redemption.member, points=redemption.points)
