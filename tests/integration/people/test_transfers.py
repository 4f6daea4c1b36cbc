"""Transfers through the API: a reader tips an author, limits, idempotency, 409s that say what is available,
concurrent transfers that never overdraw, and both members' ledgers."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
from sqlalchemy import Engine, select
from sqlmodel import col

from core.db import unit_of_work
from notifications.models import WebhookDelivery
from tests.conftest import ADMIN_TOKEN
from tests.integration.people.helpers import (
    assert_ledger_matches_balances,
    available,
    configure,
    earn,
    ledger_checked_throughout,
    member,
)

Tenant = tuple[str, dict[str, str]]
NOW = datetime.now(UTC)


def _setup(client: httpx.Client, engine: Engine, tenant: Tenant, points: int = 100, **limits: int) -> dict[str, str]:
    tenant_id, auth = tenant
    configure(client, auth, transfers=limits)
    member(client, auth, "reader")
    member(client, auth, "author")
    earn(engine, tenant_id, "reader", points, NOW, f"seed-{tenant_id}")
    return auth


def test_a_reader_tips_an_author_and_both_ledgers_show_it(client: httpx.Client, engine: Engine, tenant: Tenant) -> None:
    auth = _setup(client, engine, tenant)
    body = {"id": "tip-1", "from": "reader", "to": "author", "points": 30, "note": "great post"}
    response = client.post("/v1/transfers", json=body, headers=auth)
    assert response.status_code == 201, response.text
    assert response.json()["from"] == "reader" and response.json()["to"] == "author"
    assert (available(client, auth, "reader"), available(client, auth, "author")) == (70, 30)
    for who, amount in (("reader", -30), ("author", 30)):
        posting = client.get(f"/v1/members/{who}/ledger", headers=auth).json()["items"][0]
        assert (posting["kind"], posting["amount"]) == ("transfer", amount)
        assert "great post" in posting["memo"]
    assert client.get("/v1/transfers/tip-1", headers=auth).json()["points"] == 30
    assert_ledger_matches_balances(engine)


def test_the_same_id_moves_nothing_twice_and_another_body_is_409(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    auth = _setup(client, engine, tenant)
    body = {"id": "tip-2", "from": "reader", "to": "author", "points": 10}
    assert client.post("/v1/transfers", json=body, headers=auth).status_code == 201
    assert client.post("/v1/transfers", json=body, headers=auth).status_code == 200
    assert available(client, auth, "author") == 10
    other = client.post("/v1/transfers", json={**body, "points": 11}, headers=auth)
    assert other.status_code == 409
    assert other.headers["content-type"].startswith("application/problem+json")


def test_too_few_points_is_409_saying_how_many_are_available(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    auth = _setup(client, engine, tenant, points=25)
    response = client.post(
        "/v1/transfers", json={"id": "big", "from": "reader", "to": "author", "points": 40}, headers=auth
    )
    assert response.status_code == 409
    assert response.json()["available"] == 25
    assert "25" in response.json()["detail"]


def test_limits_per_transfer_and_per_day(client: httpx.Client, engine: Engine, tenant: Tenant) -> None:
    auth = _setup(client, engine, tenant, points=1000, daily_limit=50, min=5, max=40)
    small = client.post("/v1/transfers", json={"id": "s", "from": "reader", "to": "author", "points": 4}, headers=auth)
    assert small.status_code == 422 and small.json()["field"] == "points"
    large = client.post("/v1/transfers", json={"id": "l", "from": "reader", "to": "author", "points": 41}, headers=auth)
    assert large.status_code == 422
    assert (
        client.post(
            "/v1/transfers", json={"id": "a", "from": "reader", "to": "author", "points": 40}, headers=auth
        ).status_code
        == 201
    )
    over = client.post("/v1/transfers", json={"id": "b", "from": "reader", "to": "author", "points": 20}, headers=auth)
    assert over.status_code == 409
    assert over.json()["remaining_today"] == 10


def test_bad_input_names_the_field_and_unknown_members_are_404(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    auth = _setup(client, engine, tenant)
    for body, field in [
        ({"id": "x", "from": "reader", "to": "reader", "points": 1}, "to"),
        ({"id": "x", "from": "reader", "to": "author", "points": 0}, "points"),
        ({"id": "x", "from": "reader", "points": 1}, "to"),
    ]:
        response = client.post("/v1/transfers", json=body, headers=auth)
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem.get("field") == field or field in [e["field"] for e in problem.get("errors", [])]
    missing = client.post("/v1/transfers", json={"id": "y", "from": "reader", "to": "ghost", "points": 1}, headers=auth)
    assert missing.status_code == 404


def test_another_tenants_transfer_is_404_and_transfers_off_is_409(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    auth = _setup(client, engine, tenant)
    assert (
        client.post(
            "/v1/transfers", json={"id": "mine", "from": "reader", "to": "author", "points": 1}, headers=auth
        ).status_code
        == 201
    )
    other = client.post(
        "/v1/tenants", json={"name": "Other"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    ).json()
    other_auth = {"Authorization": f"Bearer {other['api_key']}"}
    assert client.get("/v1/transfers/mine", headers=other_auth).status_code == 404
    member(client, other_auth, "a")
    member(client, other_auth, "b")
    off = client.post("/v1/transfers", json={"id": "t", "from": "a", "to": "b", "points": 1}, headers=other_auth)
    assert off.status_code == 409
    assert off.json()["type"].endswith("/feature-off")


def test_concurrent_transfers_never_overdraw_and_the_ledger_matches_balances_throughout(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    auth = _setup(client, engine, tenant, points=100)

    def send(n: int) -> int:
        body = {"id": f"race-{n}", "from": "reader", "to": "author", "points": 15}
        return client.post("/v1/transfers", json=body, headers=auth).status_code

    with ledger_checked_throughout(engine), ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(send, range(20)))
    assert codes.count(201) == 6  # 6 x 15 = 90 of 100; the seventh would overdraw
    assert set(codes) == {201, 409}
    assert (available(client, auth, "reader"), available(client, auth, "author")) == (10, 90)
    assert_ledger_matches_balances(engine)


def test_both_members_hear_of_a_transfer_by_webhook(client: httpx.Client, engine: Engine, tenant: Tenant) -> None:
    tenant_id, auth = tenant
    _setup(client, engine, tenant)
    hook = {"url": "https://hooks.receiver.invalid/laurel", "events": ["transfer.sent", "transfer.received"]}
    assert client.post("/v1/webhooks", json=hook, headers=auth).status_code == 201
    body = {"id": "hooked", "from": "reader", "to": "author", "points": 5, "note": "hi"}
    assert client.post("/v1/transfers", json=body, headers=auth).status_code == 201
    with unit_of_work(engine, read_only=True) as session:
        rows = session.scalars(select(WebhookDelivery).where(col(WebhookDelivery.tenant_id) == tenant_id)).all()
        sent = {row.event_type: row.payload["data"] for row in rows}
    assert (sent["transfer.sent"]["member"], sent["transfer.sent"]["to"]) == ("reader", "author")
    assert (sent["transfer.received"]["member"], sent["transfer.received"]["from"]) == ("author", "reader")
    assert sent["transfer.received"]["points"] == 5
