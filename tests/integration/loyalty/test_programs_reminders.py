"""Expiry reminders: `points.expiring` N days before a lot expires, for what is left of it (FIFO), once."""

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from core.db import engine_from_settings
from core.settings import Settings
from loyalty.expiry import expire_points
from tests.conftest import ADMIN_TOKEN
from tests.integration.loyalty.ledger_moves import move_points

TODAY = datetime.combine(datetime.now(UTC).date(), time(), tzinfo=UTC)
NOW = TODAY + timedelta(hours=12)


@pytest.fixture(scope="module")
def engine(settings: Settings, live_server: object) -> Iterator[Engine]:
    engine = engine_from_settings(settings)
    yield engine
    engine.dispose()


@pytest.fixture()
def tenant(client: httpx.Client) -> tuple[str, dict[str, str]]:
    body = client.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    headers = {"Authorization": f"Bearer {body['api_key']}"}
    terms = {"settings": {"points_expire_days": 30, "expiry_reminder_days": 7}}
    assert client.patch("/v1/programs/default", json=terms, headers=headers).status_code == 200
    return body["id"], headers


def _reminders(client: httpx.Client, headers: dict[str, str], hook: str) -> list[dict[str, Any]]:
    rows = client.get(f"/v1/webhooks/{hook}/deliveries", headers=headers).json()
    return [row["payload"]["data"] for row in rows if row["event_type"] == "points.expiring"]


def test_members_are_reminded_once_of_what_is_left_of_a_lot(
    client: httpx.Client, engine: Engine, tenant: tuple[str, dict[str, str]]
) -> None:
    tenant_id, headers = tenant
    hook = client.post(
        "/v1/webhooks", json={"url": "https://example.org/h", "events": ["points.expiring"]}, headers=headers
    ).json()["id"]
    for name in ("ann", "bob"):
        client.post("/v1/members", json={"external_id": name}, headers=headers)
    # Credited 24 days ago, these expire at the start of day today + 7: reminded today.
    move_points(engine, tenant_id, "ann", 100, NOW - timedelta(days=24), "ann-old")
    move_points(engine, tenant_id, "ann", 50, NOW - timedelta(days=23), "ann-next-day")
    move_points(engine, tenant_id, "ann", -30, NOW - timedelta(days=2), "ann-spent")  # FIFO: from the oldest lot
    move_points(engine, tenant_id, "bob", 40, NOW - timedelta(days=10), "bob-new")  # expires in 21 days
    report = expire_points(engine, tenant_id, NOW)
    assert (report.points, report.reminders) == (0, 1)
    expected = {"member": "ann", "program": "default", "points": 70}
    reminders = _reminders(client, headers, hook)
    assert reminders == [{**expected, "expires_at": (TODAY + timedelta(days=7)).isoformat()}]
    assert expire_points(engine, tenant_id, NOW + timedelta(hours=6)).reminders == 0
    assert len(_reminders(client, headers, hook)) == 1
    # The next day reminds of the lot credited a day later, and only of it.
    assert expire_points(engine, tenant_id, NOW + timedelta(days=1)).reminders == 1
    latest = _reminders(client, headers, hook)
    assert sorted(r["points"] for r in latest) == [50, 70]
    job = client.post("/v1/jobs/expire-points", headers=headers)
    assert job.status_code == 200 and job.json()["reminders"] == 0
