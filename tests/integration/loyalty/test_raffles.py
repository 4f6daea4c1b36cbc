"""Raffles: the commitment published at creation, tickets from events, a draw anyone can re-check."""

import hashlib
from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import new_tenant


def recheck(seed: str, tickets: list[str]) -> str:
    """The documented formula, written out independently of the service."""
    ordered = sorted(tickets)
    digest = hashlib.sha256((seed + "\n" + "\n".join(ordered)).encode()).hexdigest()
    return ordered[int(digest, 16) % len(ordered)]


def test_draw_reveals_a_seed_matching_the_commitment_and_a_recheckable_winner(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    created = client.post(
        "/v1/raffles", json={"key": "summer", "name": "Summer raffle", "ticket_event_type": "purchase"}, headers=auth
    )
    assert created.status_code == 201, created.text
    commitment = created.json()["commitment"]
    assert created.json()["seed"] is None and len(commitment) == 64
    events = [("t-07", "alice"), ("t-01", "bob"), ("t-03", "alice"), ("t-10", "carol"), ("x-1", "dan")]
    for event_id, member in events:
        event_type = "visit" if event_id.startswith("x") else "purchase"
        client.post("/v1/events", json={"id": event_id, "member": member, "type": event_type}, headers=auth)
    tickets = client.get("/v1/raffles/summer/tickets", headers=auth).json()
    assert [t["event_id"] for t in tickets] == ["t-01", "t-03", "t-07", "t-10"]
    drawn = client.post("/v1/raffles/summer/draw", headers=auth)
    assert drawn.status_code == 200, drawn.text
    result = drawn.json()
    assert hashlib.sha256(bytes.fromhex(result["seed"])).hexdigest() == commitment
    winning = recheck(result["seed"], [t["event_id"] for t in tickets])
    assert result["winning_ticket"] == winning
    assert result["winner"] == dict(events)[winning]
    assert result["tickets"] == 4 and result["status"] == "drawn"
    # Drawing again gives the same result; a late, backdated ticket changes neither the list nor the winner.
    client.post("/v1/events", json={"id": "t-00", "member": "eve", "type": "purchase"}, headers=auth)
    assert client.post("/v1/raffles/summer/draw", headers=auth).json() == result
    assert client.get("/v1/raffles/summer/tickets", headers=auth).json() == tickets
    assert client.get("/v1/raffles/summer", headers=auth).json()["seed"] == result["seed"]


def test_a_raffle_without_tickets_or_before_its_end_cannot_be_drawn(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/raffles", json={"key": "empty", "name": "Empty", "ticket_event_type": "purchase"}, headers=auth)
    assert client.post("/v1/raffles/empty/draw", headers=auth).status_code == 409
    later = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    client.post(
        "/v1/raffles", json={"key": "week", "name": "Week", "ticket_event_type": "p", "ends_at": later}, headers=auth
    )
    client.post("/v1/events", json={"id": "w1", "member": "a", "type": "p"}, headers=auth)
    early = client.post("/v1/raffles/week/draw", headers=auth)
    assert early.status_code == 409
    assert client.get("/v1/raffles/week", headers=auth).json()["seed"] is None


def test_raffle_keys_are_unique_and_input_is_checked(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"key": "once", "name": "Once", "ticket_event_type": "p"}
    assert client.post("/v1/raffles", json=body, headers=auth).status_code == 201
    assert client.post("/v1/raffles", json=body, headers=auth).status_code == 409
    now = datetime.now(UTC)
    backwards = {**body, "key": "bw", "starts_at": now.isoformat(), "ends_at": (now - timedelta(days=1)).isoformat()}
    assert client.post("/v1/raffles", json=backwards, headers=auth).status_code == 422
    assert client.post("/v1/raffles", json={**body, "key": "bad key"}, headers=auth).status_code == 422


def test_another_tenants_raffle_is_not_found(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/raffles", json={"key": "mine", "name": "Mine", "ticket_event_type": "p"}, headers=auth)
    stranger = new_tenant(client, "Other")
    assert client.get("/v1/raffles/mine", headers=stranger).status_code == 404
    assert client.post("/v1/raffles/mine/draw", headers=stranger).status_code == 404
    assert client.get("/v1/raffles/mine/tickets", headers=stranger).status_code == 404


def test_a_purchase_returned_before_the_draw_is_no_ticket_and_one_returned_after_stays(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/raffles", json={"key": "fair", "name": "Fair", "ticket_event_type": "order"}, headers=auth)
    for event_id in ("o-1", "o-2", "o-3"):
        client.post("/v1/events", json={"id": event_id, "member": "amy", "type": "order"}, headers=auth)
    kept_part = {"id": "part", "properties": {"amount": 1}}
    client.post(
        "/v1/events", json={"id": "o-4", "member": "amy", "type": "order", "properties": {"amount": 5}}, headers=auth
    )
    assert client.post("/v1/events/o-4/reversals", json=kept_part, headers=auth).status_code == 201
    assert client.post("/v1/events/o-2/reversals", json={"id": "back"}, headers=auth).status_code == 201
    before = client.get("/v1/raffles/fair/tickets", headers=auth).json()
    assert [t["event_id"] for t in before] == ["o-1", "o-3", "o-4"]
    result = client.post("/v1/raffles/fair/draw", headers=auth).json()
    assert result["tickets"] == 3 and result["winning_ticket"] == recheck(result["seed"], ["o-1", "o-3", "o-4"])
    assert client.post("/v1/events/o-3/reversals", json={"id": "late"}, headers=auth).status_code == 201
    assert client.post("/v1/events/o-4/reversals", json={"id": "rest"}, headers=auth).status_code == 201
    assert client.get("/v1/raffles/fair/tickets", headers=auth).json() == before
    assert client.post("/v1/raffles/fair/draw", headers=auth).json() == result
