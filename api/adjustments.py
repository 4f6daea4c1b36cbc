"""Manual awards: points adjusted, badges granted or revoked and streak freezes given by hand, each with a reason
and the key that did it (see achievements/adjustments.py)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, Field

from achievements.adjustments import (
    Done,
    ManualAwardView,
    adjust_points,
    give_streak_freezes,
    grant_badge_by_hand,
    manual_awards_of,
    revoke_badge,
)
from api.deps import Admin, Reader, State
from api.schemas import ExternalId, Key
from core.db import run_in_transaction, unit_of_work
from core.errors import InvalidInput
from core.strict import QueryInt, StrictInput
from core.tenancy import Principal

router = APIRouter(prefix="/v1/members", tags=["manual awards"])
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]
Reason = Annotated[str, Field(min_length=1, max_length=400, description="Why: shown in the ledger and the console.")]
MAX_ADJUSTMENT = 10**12


class AdjustmentIn(StrictInput):
    id: ExternalId = Field(description="Your id for this adjustment: sending it again never applies it twice.")
    points: int = Field(
        ge=-MAX_ADJUSTMENT,
        le=MAX_ADJUSTMENT,
        json_schema_extra={"not": {"const": 0}},
        description="Added (positive) or taken (negative); never 0.",
    )
    reason: Reason
    program: Key | None = None


class BadgeGrantIn(StrictInput):
    badge: Key
    reason: Reason
    program: Key | None = None


class FreezesIn(StrictInput):
    id: ExternalId = Field(description="Your id for this grant: sending it again never applies it twice.")
    count: int = Field(ge=1, le=365)
    reason: Reason
    program: Key | None = None


class ManualAwardOut(BaseModel):
    id: int
    kind: str = Field(description="`points`, `badge_grant`, `badge_revoke` or `streak_freezes`.")
    award_id: str | None = Field(description="The client's id (points and streak freezes).")
    member: str
    program: str
    points: int
    badge: str | None
    freezes: int
    reason: str
    actor: str = Field(description="Who did it: `key:<id>` through the API, `console:<id>` in the console.")
    transaction_id: int | None
    created_at: datetime
    freezes_held: int | None = None


def actor_of(principal: Principal, via: str = "key") -> str:
    return f"{via}:{principal.key_id}"


def answer(done: Done, response: Response) -> ManualAwardOut:
    if not done.created:
        response.status_code = status.HTTP_200_OK
    return ManualAwardOut(**vars(done.award), freezes_held=done.held)


@router.post(
    "/{external_id}/adjustments",
    status_code=status.HTTP_201_CREATED,
    summary="Add or take points by hand (idempotent on `id`; never below zero: 409 with `available`)",
)
def post_adjustment(
    external_id: MemberPath, body: AdjustmentIn, principal: Admin, state: State, response: Response
) -> ManualAwardOut:
    if body.points == 0:
        raise InvalidInput("points must not be 0", field="points")
    done = run_in_transaction(
        state.engine,
        lambda s: adjust_points(
            s,
            principal.tenant_id,
            external_id,
            award_id=body.id,
            points=body.points,
            reason=body.reason,
            program=body.program,
            actor=actor_of(principal),
        ),
    )
    return answer(done, response)


@router.get("/{external_id}/adjustments", summary="Manual awards of the member, newest first")
def get_manual_awards(
    external_id: MemberPath,
    principal: Reader,
    state: State,
    limit: Annotated[QueryInt, Query(ge=1, le=500)] = 50,
    before: Annotated[QueryInt | None, Query(ge=1, description="Cursor: the last `id` of the previous page.")] = None,
) -> list[ManualAwardOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        awards: list[ManualAwardView] = manual_awards_of(
            session, principal.tenant_id, external_id, limit=limit, before=before
        )
    return [ManualAwardOut(**vars(award)) for award in awards]


@router.post(
    "/{external_id}/badges",
    status_code=status.HTTP_201_CREATED,
    summary="Grant a badge by hand (200 when the member already holds it)",
)
def post_badge(
    external_id: MemberPath, body: BadgeGrantIn, principal: Admin, state: State, response: Response
) -> ManualAwardOut:
    done = run_in_transaction(
        state.engine,
        lambda s: grant_badge_by_hand(
            s,
            principal.tenant_id,
            external_id,
            badge=body.badge,
            reason=body.reason,
            program=body.program,
            actor=actor_of(principal),
        ),
    )
    return answer(done, response)


@router.delete("/{external_id}/badges/{badge}", summary="Revoke a badge by hand, with a reason")
def delete_badge(
    external_id: MemberPath,
    badge: Annotated[str, Path(min_length=1, max_length=64)],
    principal: Admin,
    state: State,
    response: Response,
    reason: Annotated[str, Query(min_length=1, max_length=400, description="Why: shown in the console.")],
    program: Annotated[Key | None, Query(description="Program key; `default` when omitted.")] = None,
) -> ManualAwardOut:
    done = run_in_transaction(
        state.engine,
        lambda s: revoke_badge(
            s, principal.tenant_id, external_id, badge=badge, reason=reason, program=program, actor=actor_of(principal)
        ),
    )
    response.status_code = status.HTTP_200_OK
    return answer(done, response)


@router.post(
    "/{external_id}/streak-freezes",
    status_code=status.HTTP_201_CREATED,
    summary="Give streak freezes by hand (idempotent on `id`)",
)
def post_streak_freezes(
    external_id: MemberPath, body: FreezesIn, principal: Admin, state: State, response: Response
) -> ManualAwardOut:
    done = run_in_transaction(
        state.engine,
        lambda s: give_streak_freezes(
            s,
            principal.tenant_id,
            external_id,
            award_id=body.id,
            count=body.count,
            reason=body.reason,
            program=body.program,
            actor=actor_of(principal),
        ),
    )
    return answer(done, response)
