"""Referral terms of a program, and the referrers' leaderboard (members join with `referred_by`)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Admin, Reader, State
from api.schemas import EventType, Key
from core.db import run_in_transaction, unit_of_work
from core.errors import NotFound
from core.strict import QueryInt, StrictInput
from targeting.referrals import ReferralTerms, referral_leaderboard, referral_terms, set_referral_terms

router = APIRouter(prefix="/v1/referrals", tags=["referrals"])
ProgramQuery = Annotated[Key | None, Query(description="Program key; `default` when omitted.")]
MAX_POINTS = 10**12


class ReferralTermsIn(StrictInput):
    model_config = ConfigDict(extra="forbid")

    event_type: EventType = Field(description="The referee's first event of this type pays the referral.")
    referrer_points: int = Field(ge=0, le=MAX_POINTS)
    referee_points: int = Field(0, ge=0, le=MAX_POINTS, description="The referee's welcome bonus.")
    program: Key | None = None


class ReferralTermsOut(BaseModel):
    event_type: str
    referrer_points: int
    referee_points: int


class ReferrerOut(BaseModel):
    member: str
    referrals: int


@router.post("", status_code=status.HTTP_201_CREATED, summary="Set a program's referral terms")
def post_referral_terms(body: ReferralTermsIn, principal: Admin, state: State, response: Response) -> ReferralTermsOut:
    terms = ReferralTerms(body.event_type, body.referrer_points, body.referee_points)
    changed = run_in_transaction(
        state.engine, lambda s: set_referral_terms(s, principal.tenant_id, body.program, terms)
    )
    if not changed:
        response.status_code = status.HTTP_200_OK
    return ReferralTermsOut(**vars(terms))


@router.get("", summary="A program's referral terms")
def get_referral_terms(principal: Reader, state: State, program: ProgramQuery = None) -> ReferralTermsOut:
    with unit_of_work(state.engine, read_only=True) as session:
        terms = referral_terms(session, principal.tenant_id, program)
    if terms is None:
        raise NotFound("this program has no referral terms")
    return ReferralTermsOut(**vars(terms))


@router.get("/leaderboard", summary="Members by rewarded referrals")
def get_referral_leaderboard(
    principal: Reader, state: State, limit: Annotated[QueryInt, Query(ge=1, le=100)] = 10
) -> list[ReferrerOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        standings = referral_leaderboard(session, principal.tenant_id, limit)
    return [ReferrerOut(member=s.external_id, referrals=s.referrals) for s in standings]
