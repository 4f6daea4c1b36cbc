"""Subscriptions: a paid tier with a points multiplier and free items, idempotent renewals, lapses by the job."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from core.settings import Settings
from tests.conftest import LOCAL_RECEIVERS, make_settings, new_tenant


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Webhooks here go to receivers on loopback: the operator allows that network and plain http."""
    data_dir = tmp_path_factory.mktemp(f"laurel-{request.param}")
    return make_settings(request.param, data_dir, request, **LOCAL_RECEIVERS)


PLAN = {"key": "plus", "name": "Plus", "period": "month", "price": 499, "currency": "EUR", "multiplier": 1.5}


def plan(client: httpx.Client, auth: dict[str, str], **overrides: object) -> None:
    response = client.post("/v1/subscription-plans", json={**PLAN, **overrides}, headers=auth)
    assert response.status_code in (200, 201), response.text


def start(client: httpx.Client, auth: dict[str, str], member: str, **body: object) -> httpx.Response:
    return client.post(f"/v1/members/{member}/subscriptions", json={"plan": "plus", **body}, headers=auth)


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def hook(client: httpx.Client, auth: dict[str, str]) -> str:
    events = ["subscription.started", "subscription.renewed", "subscription.cancelled", "subscription.lapsed"]
    response = client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hooks", "events": events}, headers=auth)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def announced(client: httpx.Client, auth: dict[str, str], hook_id: str) -> list[str]:
    deliveries = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth).json()
    return sorted(d["event_type"] for d in deliveries)


def test_a_subscriber_earns_with_the_multiplier_while_paid(client: httpx.Client, auth: dict[str, str]) -> None:
    plan(client, auth)
    client.post("/v1/rules", json={"key": "buy", "event_type": "purchase", "points": "11"}, headers=auth)
    started = start(client, auth, "subscriber", payment_id="pay-1")
    assert started.status_code == 201, started.text
    body = started.json()
    assert body["status"] == "active" and body["benefits"] and body["multiplier"] == 1.5
    assert 28 <= (parse(body["period_end"]) - parse(body["period_start"])).days <= 31
    buy = {"type": "purchase", "properties": {}}
    subscriber = client.post("/v1/events", json={"id": "b1", "member": "subscriber", **buy}, headers=auth).json()
    assert subscriber["effects"]["points"] == 16  # 11 x 1.5 = 16.5, floored
    other = client.post("/v1/events", json={"id": "b2", "member": "walk-in", **buy}, headers=auth).json()
    assert other["effects"]["points"] == 11


def test_start_and_renew_are_idempotent_by_payment(client: httpx.Client, auth: dict[str, str]) -> None:
    plan(client, auth)
    hook_id = hook(client, auth)
    client.post("/v1/rules", json={"key": "thanks", "event_type": "subscription.renewed", "points": "10"}, headers=auth)
    first = start(client, auth, "loyal", payment_id="pay-1").json()
    again = start(client, auth, "loyal", payment_id="pay-1")
    assert again.status_code == 200 and again.json()["period_end"] == first["period_end"]
    twice = start(client, auth, "loyal", payment_id="pay-2")
    assert twice.status_code == 409 and twice.json()["subscription"] == first["id"]

    renewed = client.post(f"/v1/subscriptions/{first['id']}/renew", json={"payment_id": "pay-2"}, headers=auth)
    assert renewed.status_code == 201, renewed.text
    assert renewed.json()["period_start"] == first["period_end"]
    assert parse(renewed.json()["period_end"]) > parse(first["period_end"]) + timedelta(days=27)

    def renew(_: int) -> int:
        url = f"/v1/subscriptions/{first['id']}/renew"
        return client.post(url, json={"payment_id": "pay-3"}, headers=auth).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(renew, range(8)))
    assert codes == [200] * 7 + [201]
    after = client.get(f"/v1/subscriptions/{first['id']}", headers=auth).json()
    assert 56 <= (parse(after["period_end"]) - parse(renewed.json()["period_end"])).days + 28 <= 62
    assert client.get("/v1/members/loyal/balance", headers=auth).json()["available"] == 30  # 2 renewals x 10 x 1.5
    assert announced(client, auth, hook_id) == ["subscription.renewed"] * 2 + ["subscription.started"]


def test_cancelled_keeps_benefits_until_the_period_ends(client: httpx.Client, auth: dict[str, str]) -> None:
    plan(client, auth)
    sub = start(client, auth, "leaver", payment_id="p").json()
    cancelled = client.post(f"/v1/subscriptions/{sub['id']}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled" and cancelled.json()["benefits"]
    assert client.post(f"/v1/subscriptions/{sub['id']}/cancel", headers=auth).json()["status"] == "cancelled"
    assert client.post("/v1/jobs/lapse-subscriptions", headers=auth).json()["subscriptions_lapsed"] == 0
    back = client.post(f"/v1/subscriptions/{sub['id']}/renew", json={"payment_id": "p2"}, headers=auth).json()
    assert back["status"] == "active"


def test_the_job_lapses_unpaid_subscriptions_after_the_grace_days_once(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    plan(client, auth, grace_days=5)
    hook_id = hook(client, auth)
    now = datetime.now(UTC)
    overdue = start(client, auth, "late", payment_id="p", paid_at=(now - timedelta(days=40)).isoformat()).json()
    assert not overdue["benefits"]
    in_grace = start(client, auth, "soon", payment_id="p", paid_at=(now - timedelta(days=32)).isoformat()).json()
    assert in_grace["benefits"] and in_grace["status"] == "active"
    assert client.post("/v1/jobs/lapse-subscriptions", headers=auth).json()["subscriptions_lapsed"] == 1
    assert client.post("/v1/jobs/lapse-subscriptions", headers=auth).json()["subscriptions_lapsed"] == 0
    assert client.get(f"/v1/subscriptions/{overdue['id']}", headers=auth).json()["status"] == "lapsed"
    assert client.get(f"/v1/subscriptions/{in_grace['id']}", headers=auth).json()["status"] == "active"
    assert announced(client, auth, hook_id).count("subscription.lapsed") == 1
    buy = {"id": "late-buy", "member": "late", "type": "purchase"}
    client.post("/v1/rules", json={"key": "buy", "event_type": "purchase", "points": "10"}, headers=auth)
    assert client.post("/v1/events", json=buy, headers=auth).json()["effects"]["points"] == 10  # no multiplier

    restarted = client.post(f"/v1/subscriptions/{overdue['id']}/renew", json={"payment_id": "p2"}, headers=auth)
    assert restarted.status_code == 201 and restarted.json()["status"] == "active"
    assert parse(restarted.json()["period_start"]) > now - timedelta(minutes=1)  # a fresh period from now


def test_free_rewards_per_period(client: httpx.Client, auth: dict[str, str]) -> None:
    plan(client, auth, free_rewards=1)
    client.post("/v1/rewards", json={"key": "coffee", "name": "Coffee", "cost": 100, "stock": 5}, headers=auth)
    sub = start(client, auth, "coffee-fan", payment_id="p").json()
    assert sub["free_rewards_left"] == 1
    free = client.post(f"/v1/subscriptions/{sub['id']}/free-rewards", json={"reward": "coffee"}, headers=auth)
    assert free.status_code == 201, free.text
    assert free.json()["cost"] == 0
    again = client.post(f"/v1/subscriptions/{sub['id']}/free-rewards", json={"reward": "coffee"}, headers=auth)
    assert again.status_code == 409
    assert client.get(f"/v1/subscriptions/{sub['id']}", headers=auth).json()["free_rewards_left"] == 0
    paid = client.post("/v1/rewards/coffee/redeem", json={"member": "coffee-fan"}, headers=auth)
    assert paid.status_code == 409  # no points for a paid one
    cancelled = client.post(f"/v1/rewards/redemptions/{free.json()['id']}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get("/v1/rewards/coffee", headers=auth).json()["stock"] == 5
    assert client.get("/v1/members/coffee-fan/balance", headers=auth).json()["available"] == 0


def test_bad_plans_and_unknown_subscriptions(client: httpx.Client, auth: dict[str, str]) -> None:
    for field, value in (("period", "week"), ("multiplier", 0.5), ("price", -1), ("currency", "euro")):
        response = client.post("/v1/subscription-plans", json={**PLAN, field: value}, headers=auth)
        assert response.status_code == 422 and field in response.text, (field, response.text)
    plan(client, auth)
    assert client.post("/v1/subscription-plans", json={**PLAN, "price": 599}, headers=auth).status_code == 409
    assert start(client, auth, "x", payment_id="p", plan="gold").status_code == 404
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    assert start(client, auth, "x", payment_id="p", paid_at=future).status_code == 422
    assert start(client, auth, "x").status_code == 422
    sub = start(client, auth, "x", payment_id="p").json()
    stranger = new_tenant(client, "Other")
    assert client.get(f"/v1/subscriptions/{sub['id']}", headers=stranger).status_code == 404
    assert (
        client.post(f"/v1/subscriptions/{sub['id']}/renew", json={"payment_id": "q"}, headers=stranger).status_code
        == 404
    )
    assert client.post(f"/v1/subscriptions/{sub['id']}/cancel", headers=stranger).status_code == 404
    assert client.post("/v1/subscriptions/sub_nope/renew", json={"payment_id": "q"}, headers=auth).status_code == 404
