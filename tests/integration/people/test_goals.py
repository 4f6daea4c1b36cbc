"""Goals through the API: team goals and quotas kept as events arrive, rewarded once per period to every member of
the team (also when the last events of two members race), progress reads, webhooks and bad input."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlmodel import col

from core.db import unit_of_work
from notifications.models import WebhookDelivery
from tests.conftest import ADMIN_TOKEN
from tests.integration.people.helpers import (
    assert_ledger_matches_balances,
    available,
    ledger_checked_throughout,
    member,
)

Tenant = tuple[str, dict[str, str]]
TEAM_GOAL = {
    "key": "blue-sales",
    "name": "Team sales",
    "event_type": "sale",
    "target": 3,
    "period": "month",
    "team_attribute": "team",
    "points": 10,
    "badge": "closer",
}


def _event(client: httpx.Client, auth: dict[str, str], eid: str, who: str, **properties: object) -> None:
    body = {"id": eid, "member": who, "type": "sale", "properties": properties}
    response = client.post("/v1/events", json=body, headers=auth)
    assert response.status_code == 201, response.text


@pytest.fixture()
def sales(client: httpx.Client, tenant: Tenant) -> dict[str, str]:
    _, auth = tenant
    badge = {"key": "closer", "name": "Closer", "criteria": {"event_type": "never", "count": 1}}
    assert client.post("/v1/badges", json=badge, headers=auth).status_code == 201
    for name, team in (("ann", "blue"), ("bob", "blue"), ("cy", "red")):
        member(client, auth, name, team=team)
    hook = {"url": "https://hooks.receiver.invalid/laurel", "events": ["goal.reached"]}
    assert client.post("/v1/webhooks", json=hook, headers=auth).status_code == 201
    return auth


def _reached_notices(engine: Engine, tenant_id: str) -> list[dict[str, object]]:
    with unit_of_work(engine, read_only=True) as session:
        rows = session.scalars(
            select(WebhookDelivery).where(
                col(WebhookDelivery.tenant_id) == tenant_id, col(WebhookDelivery.event_type) == "goal.reached"
            )
        ).all()
        return [dict(row.payload["data"]) for row in rows]


def test_a_team_goal_rewards_every_member_once_per_period(
    client: httpx.Client, engine: Engine, tenant: Tenant, sales: dict[str, str]
) -> None:
    tenant_id, auth = tenant
    created = client.post("/v1/goals", json=TEAM_GOAL, headers=auth)
    assert created.status_code == 201, created.text
    assert client.post("/v1/goals", json=TEAM_GOAL, headers=auth).status_code == 200
    _event(client, auth, "s1", "ann")
    _event(client, auth, "s2", "cy")  # another team
    _event(client, auth, "s3", "bob")
    progress = client.get("/v1/goals/blue-sales/progress", params={"team": "blue"}, headers=auth).json()
    assert [(t["team"], t["value"], t["percent"], t["reached_at"]) for t in progress["teams"]] == [
        ("blue", 2, 66, None)
    ]
    _event(client, auth, "s4", "ann")
    _event(client, auth, "s5", "bob")  # past the target: nothing more
    assert [available(client, auth, who) for who in ("ann", "bob", "cy")] == [10, 10, 0]
    for who in ("ann", "bob"):
        assert [b["key"] for b in client.get(f"/v1/members/{who}/badges", headers=auth).json()] == ["closer"]
    every = client.get("/v1/goals/blue-sales/progress", headers=auth).json()
    assert [(t["team"], t["value"]) for t in every["teams"]] == [("blue", 4), ("red", 1)]
    assert every["teams"][0]["reached_at"] is not None
    notices = _reached_notices(engine, tenant_id)
    assert len(notices) == 1
    assert (notices[0]["team"], sorted(notices[0]["members"])) == ("blue", ["ann", "bob"])  # type: ignore[arg-type]
    mine = client.get("/v1/members/cy/goals", headers=auth).json()
    assert [(g["key"], g["teams"][0]["team"], g["teams"][0]["value"]) for g in mine] == [("blue-sales", "red", 1)]
    assert_ledger_matches_balances(engine)


def test_a_quota_sums_an_expression_for_each_member(
    client: httpx.Client, tenant: Tenant, sales: dict[str, str]
) -> None:
    _, auth = tenant
    quota = {"key": "q", "name": "Quota", "event_type": "sale", "sum": "event.amount", "target": 100, "period": "day"}
    assert client.post("/v1/goals", json={**quota, "points": 5}, headers=auth).status_code == 201
    _event(client, auth, "q1", "ann", amount=60)
    _event(client, auth, "q2", "bob", amount=60)
    _event(client, auth, "q3", "ann", amount=50)
    _event(client, auth, "q4", "ann", amount=50)
    assert [available(client, auth, who) for who in ("ann", "bob")] == [5, 0]
    progress = client.get("/v1/members/ann/goals", headers=auth).json()
    assert (progress[0]["kind"], progress[0]["teams"][0]["value"]) == ("quota", 160)


def test_the_last_events_of_two_concurrent_members_reward_every_member_once(
    client: httpx.Client, engine: Engine, tenant: Tenant, sales: dict[str, str]
) -> None:
    _, auth = tenant
    goal = {**TEAM_GOAL, "key": "race", "target": 10, "badge": None}
    assert client.post("/v1/goals", json=goal, headers=auth).status_code == 201

    def sell(n: int) -> int:
        # The batch endpoint runs each request in a transaction of its own (single events may share one).
        who = "ann" if n % 2 else "bob"
        body = {"events": [{"id": f"race-{n}", "member": who, "type": "sale"}]}
        return int(client.post("/v1/events/batch", json=body, headers=auth).json()["results"][0]["status"])

    with ledger_checked_throughout(engine), ThreadPoolExecutor(max_workers=10) as pool:
        assert set(pool.map(sell, range(10))) == {201}
    assert [available(client, auth, who) for who in ("ann", "bob")] == [10, 10]
    progress = client.get("/v1/goals/race/progress", params={"team": "blue"}, headers=auth).json()
    assert progress["teams"][0]["value"] == 10 and progress["teams"][0]["reached_at"] is not None
    assert_ledger_matches_balances(engine)


def test_goals_validate_and_belong_to_their_tenant(client: httpx.Client, tenant: Tenant, sales: dict[str, str]) -> None:
    _, auth = tenant
    base = {"key": "g", "name": "G", "event_type": "sale", "target": 1, "period": "week", "points": 1}
    for change, field in [
        ({"badge": "nope"}, "badge"),
        ({"segment": "nope"}, "segment"),
        ({"team_attribute": "team", "segment": "x"}, "segment"),
        ({"period": "dates"}, "period"),
        ({"period": "year"}, "period"),
        ({"points": 0}, "points"),
        ({"target": 0}, "target"),
        ({"sum": "event.amount +"}, "sum"),
    ]:
        response = client.post("/v1/goals", json={**base, **change}, headers=auth)
        assert response.status_code == 422, (change, response.text)
        problem = response.json()
        assert problem.get("field") == field or field in [e["field"] for e in problem.get("errors", [])], problem
    dated = {**base, "period": "dates", "starts_on": "2026-01-01", "ends_on": "2026-03-31"}
    assert client.post("/v1/goals", json=dated, headers=auth).status_code == 201
    assert client.post("/v1/goals", json={**dated, "target": 2}, headers=auth).status_code == 409
    assert client.get("/v1/goals/none/progress", headers=auth).status_code == 404
    other = client.post("/v1/tenants", json={"name": "O"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    assert (
        client.get("/v1/goals/g/progress", headers={"Authorization": f"Bearer {other['api_key']}"}).status_code == 404
    )
    assert client.get("/v1/members/ghost/goals", headers=auth).status_code == 404
