"""Goals: member quotas and team targets per period, their progress, and a member's goals."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from api.deps import Admin, Reader, State
from api.schemas import AttributeName, EventType, Expression, Key, Name
from core.db import run_in_transaction, unit_of_work
from core.strict import Date, StrictInput
from core.types import utcnow
from people.models import Goal
from people.service import GoalSpec, GoalView, create_goal, goal_progress, member_goals

router = APIRouter(tags=["goals"])
Target = Annotated[int, Field(gt=0, lt=2**53)]
GoalPath = Annotated[str, Path(min_length=1, max_length=64)]
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]


def _both(first: str, second: str) -> JsonDict:
    return {
        "required": [first, second],
        "properties": {first: {"not": {"type": "null"}}, second: {"not": {"type": "null"}}},
    }


# What `people.goals` checks, stated: a goal over `dates` gives both dates (and only such a goal does); a team is
# members sharing `team_attribute` or a segment, not both.
GOAL_SHAPES: JsonDict = {
    "oneOf": [
        {
            "required": ["period"],
            "properties": {"period": {"const": "dates"}},
            "allOf": [_both("starts_on", "ends_on")],
        },
        {"properties": {"period": {"not": {"const": "dates"}}}, "not": _both("starts_on", "ends_on")},
    ],
    "not": _both("team_attribute", "segment"),
}


class GoalIn(StrictInput):
    model_config = ConfigDict(json_schema_extra=GOAL_SHAPES)

    key: Key
    name: Name
    event_type: EventType = Field(description="The events that count.")
    count: bool | None = Field(None, description="Count the events (the default when `sum` is absent).")
    sum: Expression | None = Field(None, description="Sum this CEL integer over the events, e.g. `event.amount`.")
    target: Target
    period: Literal["day", "week", "month", "quarter", "dates"] = Field(
        description="Calendar periods in the program's time zone, or `dates` with `starts_on` and `ends_on`."
    )
    starts_on: Date | None = None
    ends_on: Date | None = None
    team_attribute: AttributeName | None = Field(
        None, description="A team goal for members sharing this (string) attribute's value, e.g. `team`."
    )
    segment: Key | None = Field(None, description="A team goal for the members of this segment.")
    points: Annotated[int, Field(ge=0, lt=2**53)] = Field(0, description="Paid to every member of the team.")
    badge: Key | None = Field(None, description="Awarded to every member of the team, once per period.")
    program: Key | None = None

    @model_validator(mode="after")
    def _count_or_sum(self) -> "GoalIn":
        if self.count and self.sum is not None:
            raise ValueError("a goal counts events or sums an expression, not both")
        if self.count is False and self.sum is None:
            raise ValueError("without count, give sum")
        return self

    def spec(self) -> GoalSpec:
        return GoalSpec(
            key=self.key,
            name=self.name,
            event_type=self.event_type,
            target=self.target,
            period=self.period,
            sum=self.sum,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            team_attribute=self.team_attribute,
            segment=self.segment,
            points=self.points,
            badge=self.badge,
            program=self.program,
        )


class GoalOut(BaseModel):
    key: str
    name: str
    event_type: str
    sum: str | None
    target: int
    period: str
    starts_on: date | None
    ends_on: date | None
    team_attribute: str | None
    segment: str | None
    points: int
    badge: str | None

    @classmethod
    def of(cls, goal: Goal) -> "GoalOut":
        return cls.model_validate(goal, from_attributes=True)


class TeamProgressOut(BaseModel):
    team: str = Field(description="The team's attribute value, the segment, or the member of a quota.")
    value: int
    percent: int
    reached_at: str | None


class ProgressOut(BaseModel):
    key: str
    name: str
    event_type: str
    kind: Literal["team", "quota"]
    target: int
    period: str
    current_period: str | None = Field(description="This period's key; null outside a dated goal's dates.")
    points: int
    badge: str | None
    teams: list[TeamProgressOut]

    @classmethod
    def of(cls, view: GoalView) -> "ProgressOut":
        return cls(
            key=view.key,
            name=view.name,
            event_type=view.event_type,
            kind="team" if view.kind == "team" else "quota",
            target=view.target,
            period=view.period,
            current_period=view.current_period,
            points=view.points,
            badge=view.badge,
            teams=[
                TeamProgressOut(
                    team=t.team,
                    value=t.value,
                    percent=t.percent,
                    reached_at=t.reached_at.isoformat() if t.reached_at else None,
                )
                for t in view.teams
            ],
        )


@router.post("/v1/goals", status_code=status.HTTP_201_CREATED)
def post_goal(body: GoalIn, principal: Admin, state: State, response: Response) -> GoalOut:
    """201 with the goal; the same body again a 200, other terms under a taken key a 409."""
    goal, created = run_in_transaction(state.engine, lambda s: create_goal(s, principal.tenant_id, body.spec()))
    if not created:
        response.status_code = status.HTTP_200_OK
    return GoalOut.of(goal)


@router.get("/v1/goals/{key}/progress")
def get_progress(
    key: GoalPath,
    principal: Reader,
    state: State,
    team: Annotated[str | None, Query(min_length=1, max_length=128, description="One team (or quota member).")] = None,
) -> ProgressOut:
    """This period's progress of one team, or of every team that has made any, furthest first."""
    with unit_of_work(state.engine, read_only=True) as session:
        return ProgressOut.of(goal_progress(session, principal.tenant_id, key, team, utcnow()))


@router.get("/v1/members/{external_id}/goals")
def get_member_goals(external_id: MemberPath, principal: Reader, state: State) -> list[ProgressOut]:
    """Every goal the member works towards, with their team's (or their own) progress this period."""
    with unit_of_work(state.engine, read_only=True) as session:
        return [ProgressOut.of(v) for v in member_goals(session, principal.tenant_id, external_id, utcnow())]
