"""Rules: CEL conditions and award expressions, checked when saved."""

from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from achievements.models import Rule
from achievements.service import RuleDraft, create_rule, list_rules
from api.deps import Admin, Reader, State
from api.schemas import EventType, Expression, Key
from core.db import run_in_transaction, unit_of_work

router = APIRouter(prefix="/v1/rules", tags=["rules"])


class RuleIn(BaseModel):
    key: Key
    event_type: EventType
    condition: Expression | None = None
    points: Expression | None = None
    xp: Expression | None = None
    segment: Key | None = None
    program: Key | None = None


class RuleOut(BaseModel):
    key: str
    event_type: str
    condition: str | None
    points: str | None
    xp: str | None
    segment: str | None
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, rule: Rule) -> "RuleOut":
        return cls.model_validate(rule, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED)
def post_rule(body: RuleIn, principal: Admin, state: State, response: Response) -> RuleOut:
    draft = RuleDraft(**body.model_dump())
    max_length = state.settings.max_expression_length
    rule, created = run_in_transaction(
        state.engine, lambda s: create_rule(s, principal.tenant_id, draft, max_length=max_length)
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return RuleOut.of(rule)


@router.get("")
def get_rules(principal: Reader, state: State) -> list[RuleOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        return [RuleOut.of(rule) for rule in list_rules(session, principal.tenant_id)]
