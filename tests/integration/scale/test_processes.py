"""Many API processes against one PostgreSQL, as real `laurel serve` processes: they start once, every one of them
sees a key revoked or rotated and a definition changed through another before its next request, and an event
acknowledged with 202 by a process killed right after is evaluated by the next process that starts."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from achievements.models import Event, PendingEvent
from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from tests.conftest import ADMIN_TOKEN, make_settings, new_tenant
from tests.integration.payouts.helpers import wait_for
from tests.integration.scale.processes import api_process, children
from wallets import ledger

ASYNC = {"Prefer": "respond-async"}


@pytest.fixture(scope="module")
def pg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    yield make_settings("postgresql", tmp_path_factory.mktemp("scale"), request)


def test_serve_with_two_workers_starts_each_process_once(pg: Settings, tmp_path: Path) -> None:
    with api_process(pg, tmp_path / "serve.log", workers=2) as api:
        started = children(api.process.pid)
        with httpx.Client(base_url=api.url, timeout=30) as http:
            for _ in range(20):
                assert http.get("/healthz").json()["database"]["ok"] is True
            auth = new_tenant(http)
            assert http.post("/v1/events", json={"id": "e1", "member": "m", "type": "t"}, headers=auth).is_success
        assert len(started) == 2
        assert children(api.process.pid) == started  # nobody was killed and replaced
    assert "WORKER TIMEOUT" not in api.log_text()


def test_every_process_sees_revoked_and_rotated_keys_and_changed_rules_at_once(pg: Settings, tmp_path: Path) -> None:
    with (
        api_process(pg, tmp_path / "a.log") as a,
        api_process(pg, tmp_path / "b.log") as b,
        httpx.Client(base_url=a.url, timeout=30) as on_a,
        httpx.Client(base_url=b.url, timeout=30) as on_b,
    ):
        admin = new_tenant(on_a)
        old = on_a.post("/v1/api-keys", json={"name": "app", "scopes": ["events:write", "read"]}, headers=admin)
        old_auth = {"Authorization": f"Bearer {old.json()['api_key']}"}
        on_a.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "10"}, headers=admin)
        for i in range(3):  # B now holds the key and the rulebook in its caches
            sent = on_b.post("/v1/events", json={"id": f"w{i}", "member": "m", "type": "buy"}, headers=old_auth)
            assert sent.json()["effects"]["points"] == 10

        changed = on_a.put("/v1/rules/buy", json={"key": "buy", "event_type": "buy", "points": "25"}, headers=admin)
        assert changed.status_code == 201, changed.text
        after = on_b.post("/v1/events", json={"id": "after", "member": "m", "type": "buy"}, headers=old_auth)
        assert after.json()["effects"]["points"] == 25

        new = on_a.post("/v1/api-keys", json={"name": "app 2", "scopes": ["events:write", "read"]}, headers=admin)
        new_auth = {"Authorization": f"Bearer {new.json()['api_key']}"}
        assert on_b.get("/v1/members/m", headers=new_auth).status_code == 200
        assert on_a.delete(f"/v1/api-keys/{old.json()['id']}", headers=admin).status_code == 200
        assert on_b.get("/v1/members/m", headers=old_auth).status_code == 401
        refused = on_b.post("/v1/events", json={"id": "late", "member": "m", "type": "buy"}, headers=old_auth)
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert on_b.get("/v1/members/m", headers=new_auth).json()["balance"]["available"] == 55

        assert on_b.delete(f"/v1/api-keys/{new.json()['id']}", headers=admin).status_code == 200
        assert on_a.get("/v1/members/m", headers=new_auth).status_code == 401


def test_events_acknowledged_by_a_killed_process_are_evaluated_by_the_next(pg: Settings, tmp_path: Path) -> None:
    lease = {"pending_event_lease_seconds": 1}
    with api_process(pg, tmp_path / "a.log", **lease) as a, httpx.Client(base_url=a.url, timeout=60) as http:
        made = http.post("/v1/tenants", json={"name": "Killed"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        tenant_id, auth = made.json()["id"], {"Authorization": f"Bearer {made.json()['api_key']}"}
        http.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "10"}, headers=auth)
        events = [{"id": f"k{i}", "member": f"m{i % 50}", "type": "buy"} for i in range(1000)]
        answer = http.post("/v1/events/batch", json={"events": events}, headers={**auth, **ASYNC})
        a.kill()
    assert answer.status_code == 202
    assert {item["status"] for item in answer.json()["results"]} == {202}

    engine = engine_from_settings(pg)

    def count(model: type[Event] | type[PendingEvent]) -> int:
        with unit_of_work(engine, read_only=True) as session:
            return int(session.scalar(select(func.count()).where(col(model.tenant_id) == tenant_id)) or 0)

    print(f"left pending by the killed process: {count(PendingEvent)} of 1000")
    assert count(Event) + count(PendingEvent) == 1000  # every acknowledged event is stored, evaluated or not
    with api_process(pg, tmp_path / "b.log", **lease) as b, httpx.Client(base_url=b.url, timeout=60) as http:
        wait_for(lambda: count(PendingEvent) == 0, timeout=120, what="the pending events to be evaluated")
        assert count(Event) == 1000
        assert http.get("/v1/events/k7", headers=auth).json()["status"] == "evaluated"
        replay = http.post("/v1/events/batch", json={"events": events}, headers={**auth, **ASYNC}).json()
        assert {item["status"] for item in replay["results"]} == {200}
        balances = [http.get(f"/v1/members/m{j}/balance", headers=auth).json()["available"] for j in range(50)]
    assert balances == [200] * 50  # twenty events each, each awarded once
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session, tenant_id) == []
    engine.dispose()
