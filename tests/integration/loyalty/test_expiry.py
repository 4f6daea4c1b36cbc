"""Expiring points: FIFO over the ledger's credits, across the day boundary, idempotent, through the job endpoint."""

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import Engine

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from loyalty.expiry import expire_points
from tests.conftest import ADMIN_TOKEN
from tests.integration.loyalty.ledger_moves import move_points
from wallets import ledger

NOW = datetime.combine(datetime.now(UTC).date(), time(12), tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(settings: Settings, live_server: object) -> Iterator[Engine]:
    engine = engine_from_settings(settings)
    yield engine
    engine.dispose()


@pytest.fixture()
def tenant(client: httpx.Client) -> tuple[str, dict[str, str]]:
    body = client.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    headers = {"Authorization": f"Bearer {body['api_key']}"}
    response = client.patch("/v1/programs/default", json={"settings": {"points_expire_days": 30}}, headers=headers)
    assert response.status_code == 200, response.text
    return body["id"], headers


def _available(client: httpx.Client, headers: dict[str, str], member: str) -> int:
    return int(client.get(f"/v1/members/{member}/balance", headers=headers).json()["available"])


def test_spending_takes_the_oldest_points_first(
    client: httpx.Client, engine: Engine, tenant: tuple[str, dict[str, str]]
) -> None:
    tenant_id, headers = tenant
    client.post("/v1/members", json={"external_id": "ann"}, headers=headers)
    move_points(engine, tenant_id, "ann", 100, NOW - timedelta(days=40), "old")
    move_points(engine, tenant_id, "ann", 50, NOW - timedelta(days=10), "new")
    move_points(engine, tenant_id, "ann", -120, NOW - timedelta(days=5), "spent")
    # The old lot was spent entirely and 20 of the new one: nothing is due yet.
    assert expire_points(engine, tenant_id, NOW).points == 0
    assert _available(client, headers, "ann") == 30
    # Once the new lot passes its 30 days, what is left of it (30) expires.
    assert expire_points(engine, tenant_id, NOW + timedelta(days=25)).points == 30
    assert _available(client, headers, "ann") == 0


def test_expiry_across_the_day_boundary_is_idempotent(
    client: httpx.Client, engine: Engine, tenant: tuple[str, dict[str, str]]
) -> None:
    tenant_id, headers = tenant
    client.post("/v1/members", json={"external_id": "bo"}, headers=headers)
    earned_at = NOW - timedelta(days=30)
    move_points(engine, tenant_id, "bo", 100, earned_at, "lot")
    move_points(engine, tenant_id, "bo", -40, NOW - timedelta(days=1), "spend")
    # Points credited on day D live through day D + 30 and expire at the start of day D + 31.
    assert expire_points(engine, tenant_id, NOW + timedelta(hours=11, minutes=59)).points == 0
    report = expire_points(engine, tenant_id, NOW + timedelta(hours=12))
    assert (report.members, report.points) == (1, 60)
    assert expire_points(engine, tenant_id, NOW + timedelta(hours=13)).points == 0
    assert _available(client, headers, "bo") == 0
    posting = client.get("/v1/members/bo/ledger", headers=headers).json()["items"][0]
    assert (posting["kind"], posting["amount"]) == ("expire", -60)
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session, tenant_id) == []


def test_the_job_endpoint_expires_due_points_and_says_how_many(
    client: httpx.Client, engine: Engine, tenant: tuple[str, dict[str, str]]
) -> None:
    tenant_id, headers = tenant
    client.post("/v1/members", json={"external_id": "cy"}, headers=headers)
    client.post("/v1/members", json={"external_id": "di"}, headers=headers)
    move_points(engine, tenant_id, "cy", 25, NOW - timedelta(days=45), "cy-old")
    move_points(engine, tenant_id, "di", 25, NOW, "di-new")
    assert (
        client.post(
            "/v1/webhooks", json={"url": "https://example.org/h", "events": ["points.expired"]}, headers=headers
        ).status_code
        == 201
    )
    response = client.post("/v1/jobs/expire-points", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"job": "expire-points", "members": 1, "points_expired": 25, "reminders": 0}
    assert (_available(client, headers, "cy"), _available(client, headers, "di")) == (0, 25)
    assert client.post("/v1/jobs/expire-points", headers=headers).json()["points_expired"] == 0


def test_points_expire_days_is_validated(client: httpx.Client, auth: dict[str, str]) -> None:
    for bad in [0, -1, "30", 1.5, True]:
        response = client.patch("/v1/programs/default", json={"settings": {"points_expire_days": bad}}, headers=auth)
        assert response.status_code == 422, bad
    assert (
        client.patch("/v1/programs/default", json={"settings": {"points_expire_days": None}}, headers=auth).status_code
        == 200
    )
