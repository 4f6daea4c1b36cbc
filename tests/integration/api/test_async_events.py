"""`Prefer: respond-async`: 202 once stored, effects through `GET /v1/events/{id}` right after; idempotency as in
sync mode; a synchronous request for an id still pending evaluates it once (or refuses another body)."""

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from achievements.models import PendingEvent
from achievements.service import EventInput, accept_events, ingest_now
from core import migrate
from core.db import engine_from_settings, run_in_transaction, unit_of_work
from core.errors import EventConflict
from core.settings import Settings
from core.tenancy import create_tenant
from tests.integration.payouts.helpers import wait_for

ASYNC = {"Prefer": "respond-async"}


@pytest.fixture()
def rules(client: httpx.Client, auth: dict[str, str]) -> dict[str, str]:
    client.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "event.amount"}, headers=auth)
    return auth


def evaluated(client: httpx.Client, auth: dict[str, str], event_id: str) -> dict[str, object]:
    found: dict[str, object] = {}

    def done() -> bool:
        found.update(client.get(f"/v1/events/{event_id}", headers=auth).json())
        return found["status"] != "pending"

    wait_for(done, timeout=30, what=f"event {event_id} to be evaluated")
    return found


def test_async_event_is_acknowledged_then_evaluated_once(client: httpx.Client, rules: dict[str, str]) -> None:
    event = {"id": "a1", "member": "ann", "type": "buy", "properties": {"amount": 7}}
    sent = client.post("/v1/events", json=event, headers={**rules, **ASYNC})
    assert sent.status_code == 202, sent.text
    assert sent.json() == {"id": "a1", "status": "pending"}
    assert sent.headers["preference-applied"] == "respond-async"

    view = evaluated(client, rules, "a1")
    assert view["status"] == "evaluated" and view["member"] == "ann" and view["program"] == "default"
    assert view["effects"]["points"] == 7  # type: ignore[index]

    replay = client.post("/v1/events", json=event, headers={**rules, **ASYNC})
    assert replay.status_code == 200 and replay.json()["effects"]["points"] == 7
    assert client.post("/v1/events", json=event, headers=rules).status_code == 200
    other = client.post("/v1/events", json={**event, "properties": {"amount": 8}}, headers={**rules, **ASYNC})
    assert other.status_code == 409 and other.headers["content-type"].startswith("application/problem+json")
    assert client.get("/v1/members/ann/balance", headers=rules).json()["available"] == 7


def test_async_batch_answers_each_event(client: httpx.Client, rules: dict[str, str]) -> None:
    client.post(
        "/v1/events", json={"id": "s1", "member": "bo", "type": "buy", "properties": {"amount": 1}}, headers=rules
    )
    events = [
        {"id": "b1", "member": "bo", "type": "buy", "properties": {"amount": 2}},
        {"id": "s1", "member": "bo", "type": "buy", "properties": {"amount": 1}},
        {"id": "b1", "member": "bo", "type": "buy", "properties": {"amount": 3}},
        {"id": "b2", "member": "bo"},
    ]
    answer = client.post("/v1/events/batch", json={"events": events}, headers={**rules, **ASYNC})
    assert answer.status_code == 202
    assert [item["status"] for item in answer.json()["results"]] == [202, 200, 409, 422]
    assert "type" in answer.json()["results"][3]["error"]["detail"]
    assert evaluated(client, rules, "b1")["effects"]["points"] == 2  # type: ignore[index]
    assert client.get("/v1/members/bo/balance", headers=rules).json()["available"] == 3


def test_get_event_shows_sync_events_and_refuses_unknown_ids(client: httpx.Client, rules: dict[str, str]) -> None:
    client.post(
        "/v1/events", json={"id": "g1", "member": "cy", "type": "buy", "properties": {"amount": 4}}, headers=rules
    )
    view = client.get("/v1/events/g1", headers=rules).json()
    assert view["status"] == "evaluated" and view["effects"]["points"] == 4 and view["properties"] == {"amount": 4}
    missing = client.get("/v1/events/nope", headers=rules)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")


def test_an_event_refused_at_evaluation_shows_why(client: httpx.Client, rules: dict[str, str]) -> None:
    sent = client.post(
        "/v1/events", json={"id": "f1", "member": "di", "type": "buy", "program": "nosuch"}, headers={**rules, **ASYNC}
    )
    assert sent.status_code == 202
    view = evaluated(client, rules, "f1")
    assert view["status"] == "failed" and view["error"]["status"] == 404  # type: ignore[index]


def test_sync_request_for_a_pending_id_evaluates_it_once(settings: Settings) -> None:
    engine = engine_from_settings(settings)
    migrate.upgrade(engine)
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "mixed")
    event = EventInput(id="p1", member="ed", type="buy")
    [accepted] = run_in_transaction(engine, lambda s: accept_events(s, tenant.id, [event])).results
    assert accepted.pending
    clash = EventInput(id="p1", member="someone else", type="buy")
    [refused] = run_in_transaction(engine, lambda s: ingest_now(s, tenant.id, [clash])).results
    assert isinstance(refused.error, EventConflict)
    # The live server's evaluator may take it first (the database is shared): either way it is stored once.
    [stored] = run_in_transaction(engine, lambda s: ingest_now(s, tenant.id, [event])).results
    assert stored.error is None and stored.effects is not None
    with unit_of_work(engine, read_only=True) as session:
        assert session.scalar(select(func.count()).where(col(PendingEvent.tenant_id) == tenant.id)) == 0
    [again] = run_in_transaction(engine, lambda s: accept_events(s, tenant.id, [event])).results
    assert not again.pending and again.effects is not None
    engine.dispose()
