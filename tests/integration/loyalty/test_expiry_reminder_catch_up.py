"""Expiry reminders cover every lot expiring within the next N days that was not reminded yet: a day on which the
job did not run is made up by the next run, once per member and expiry day."""

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
def shop(client: httpx.Client) -> tuple[str, dict[str, str], str]:
    body = client.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    headers = {"Authorization": f"Bearer {body['api_key']}"}
    terms = {"settings": {"points_expire_days": 30, "expiry_reminder_days": 7}}
    assert client.patch("/v1/programs/default", json=terms, headers=headers).status_code == 200
    hook = {"url": "https://example.org/h", "events": ["points.expiring"]}
    hook_id = client.post("/v1/webhooks", json=hook, headers=headers).json()["id"]
    for name in ("ann", "bob"):
        client.post("/v1/members", json={"external_id": name}, headers=headers)
    return body["id"], headers, hook_id


def _reminders(client: httpx.Client, headers: dict[str, str], hook: str) -> list[tuple[str, int, str]]:
    rows = client.get(f"/v1/webhooks/{hook}/deliveries", headers=headers).json()
    data: list[dict[str, Any]] = [row["payload"]["data"] for row in rows if row["event_type"] == "points.expiring"]
    return sorted((d["member"], d["points"], d["expires_at"]) for d in data)


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def test_a_day_without_a_run_is_reminded_by_the_next_run(
    client: httpx.Client, engine: Engine, shop: tuple[str, dict[str, str], str]
) -> None:
    tenant_id, headers, hook = shop
    # 30-day points expire at the start of day credit day + 31: these lots expire on days +7, +8 and +9.
    move_points(engine, tenant_id, "ann", 100, NOW - timedelta(days=24), "a7")
    move_points(engine, tenant_id, "ann", 40, NOW - timedelta(days=23), "a8")
    move_points(engine, tenant_id, "bob", 25, NOW - timedelta(days=22), "b9")
    move_points(engine, tenant_id, "ann", -110, NOW - timedelta(days=1), "a-spent")  # FIFO: all of day 7's, 10 of 8's

    assert expire_points(engine, tenant_id, NOW).reminders == 0  # day +7's lot is spent; nothing else is near
    # The job does not run tomorrow; the day after, days +8 and +9 are within 7 days and both are reminded.
    assert expire_points(engine, tenant_id, NOW + timedelta(days=2)).reminders == 2
    assert _reminders(client, headers, hook) == [("ann", 30, _day(8)), ("bob", 25, _day(9))]
    assert expire_points(engine, tenant_id, NOW + timedelta(days=2, hours=1)).reminders == 0
    assert expire_points(engine, tenant_id, NOW + timedelta(days=5)).reminders == 0
    assert len(_reminders(client, headers, hook)) == 2


def test_the_first_run_reminds_every_day_of_the_window_once(
    client: httpx.Client, engine: Engine, shop: tuple[str, dict[str, str], str]
) -> None:
    tenant_id, headers, hook = shop
    move_points(engine, tenant_id, "ann", 10, TODAY - timedelta(days=30), "midnight")  # at midnight: expires on day +0
    move_points(engine, tenant_id, "ann", 20, TODAY - timedelta(days=29), "d1")  # day +1, the first day reminded
    move_points(engine, tenant_id, "ann", 30, NOW - timedelta(days=30), "d1-noon")  # day +1 too
    move_points(engine, tenant_id, "bob", 5, NOW - timedelta(days=25), "d6")
    move_points(engine, tenant_id, "bob", 7, NOW - timedelta(days=23), "d8")  # beyond the window today
    report = expire_points(engine, tenant_id, NOW)
    assert (report.points, report.reminders) == (10, 2)  # day +0's lot expires now instead of being reminded
    assert _reminders(client, headers, hook) == [("ann", 50, _day(1)), ("bob", 5, _day(6))]
    assert expire_points(engine, tenant_id, NOW + timedelta(days=1)).reminders == 1
    assert _reminders(client, headers, hook)[-1] == ("bob", 7, _day(8))
    job = client.post("/v1/jobs/expire-points", headers=headers)
    assert job.status_code == 200 and job.json()["reminders"] == 0
