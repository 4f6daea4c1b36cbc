"""Key figures per day: members, active members, points issued and redeemed, and liability at each day's end."""

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import Engine

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from loyalty.kpis import kpi_series
from tests.conftest import ADMIN_TOKEN
from tests.integration.loyalty.ledger_moves import move_points

TODAY = datetime.now(UTC).date()
NOON = time(12, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(settings: Settings, live_server: object) -> Iterator[Engine]:
    engine = engine_from_settings(settings)
    yield engine
    engine.dispose()


def _earn(engine: Engine, tenant_id: str, member: str, amount: int, days_ago: int) -> None:
    at = datetime.combine(TODAY - timedelta(days=days_ago), NOON)
    move_points(engine, tenant_id, member, amount, at, f"kpi-{member}-{days_ago}")


def test_each_day_counts_its_activity_and_carries_members_and_liability_forward(
    client: httpx.Client, engine: Engine
) -> None:
    body = client.post("/v1/tenants", json={"name": "Kpi"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    tenant_id, auth = body["id"], {"Authorization": f"Bearer {body['api_key']}"}
    for member in ("ann", "bob"):
        client.post("/v1/members", json={"external_id": member}, headers=auth)
    _earn(engine, tenant_id, "ann", 100, days_ago=40)  # before a 30-day window: only in its starting liability
    _earn(engine, tenant_id, "bob", 30, days_ago=2)
    two_days_ago = datetime.combine(TODAY - timedelta(days=2), NOON).isoformat()
    for n, member in enumerate(("ann", "bob", "bob")):
        client.post(
            "/v1/events",
            json={"id": f"e{n}", "member": member, "type": "visit", "occurred_at": two_days_ago},
            headers=auth,
        )
    client.post("/v1/rewards", json={"key": "mug", "name": "Mug", "cost": 25}, headers=auth)
    assert client.post("/v1/rewards/mug/redeem", json={"member": "ann"}, headers=auth).status_code == 201

    with unit_of_work(engine, read_only=True) as session:
        series = kpi_series(session, tenant_id, days=30)
        week = kpi_series(session, tenant_id, days=7)
    assert len(series.days) == 30 and series.days[-1].day == TODAY
    assert week.days == series.days[-7:]
    first, two_ago, today = series.days[0], series.days[-3], series.days[-1]
    assert (first.members, first.liability, first.issued, first.active) == (0, 100, 0, 0)
    assert (two_ago.day, two_ago.active, two_ago.issued, two_ago.liability) == (TODAY - timedelta(days=2), 2, 30, 130)
    assert (today.members, today.redeemed, today.liability) == (2, 25, 105)  # the members joined today
    assert sum(d.issued for d in series.days) == 30


def test_the_window_is_bounded(client: httpx.Client, engine: Engine) -> None:
    body = client.post("/v1/tenants", json={"name": "K2"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    with unit_of_work(engine, read_only=True) as session, pytest.raises(ValueError):
        kpi_series(session, body["id"], days=0)
