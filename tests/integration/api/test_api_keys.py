"""API keys over their life: listed without secrets with their last use, rotated with an overlap during which both
keys work, and expiring on their own."""

import time
from datetime import UTC, datetime, timedelta

import httpx


def bearer(made: httpx.Response) -> dict[str, str]:
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['api_key']}"}


def listed(client: httpx.Client, auth: dict[str, str]) -> dict[str, dict[str, object]]:
    answer = client.get("/v1/api-keys", headers=auth)
    assert answer.status_code == 200, answer.text
    return {key["id"]: key for key in answer.json()}


def test_keys_are_listed_with_scopes_dates_and_last_use_but_never_a_secret(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"name": "dashboard", "scopes": ["read"]}, headers=auth)
    reader = bearer(made)
    key_id = made.json()["id"]
    assert listed(client, auth)[key_id]["last_used_at"] is None

    assert client.get("/v1/api-keys", headers=reader).status_code == 403  # used, though refused: listing is admin
    key = listed(client, auth)[key_id]
    assert key["name"] == "dashboard" and key["scopes"] == ["read"]
    assert key["created_at"] and key["last_used_at"] and key["expires_at"] is None
    assert all("api_key" not in k and "secret_sha256" not in k for k in listed(client, auth).values())


def test_a_rotated_key_keeps_working_until_its_overlap_ends(client: httpx.Client, auth: dict[str, str]) -> None:
    made = client.post("/v1/api-keys", json={"name": "app", "scopes": ["events:write"], "rate_limit": 50}, headers=auth)
    old = bearer(made)
    rotated = client.post(f"/v1/api-keys/{made.json()['id']}/rotate", json={"overlap_seconds": 2}, headers=auth)
    new = bearer(rotated)
    assert rotated.json()["name"] == "app" and rotated.json()["scopes"] == ["events:write"]
    assert rotated.json()["rate_limit"] == 50 and rotated.json()["id"] != made.json()["id"]

    event = {"member": "m", "type": "t"}
    assert client.post("/v1/events", json={**event, "id": "during-old"}, headers=old).status_code == 201
    assert client.post("/v1/events", json={**event, "id": "during-new"}, headers=new).status_code == 201
    before = listed(client, auth)[made.json()["id"]]
    assert before["rotated_to"] == rotated.json()["id"] and before["expires_at"] is not None

    deadline = datetime.fromisoformat(str(before["expires_at"]))
    time.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds()) + 0.2)
    assert client.post("/v1/events", json={**event, "id": "after-old"}, headers=old).status_code == 401
    assert client.post("/v1/events", json={**event, "id": "after-new"}, headers=new).status_code == 201
    again = client.post(f"/v1/api-keys/{made.json()['id']}/rotate", json={}, headers=auth)
    assert again.status_code == 409, again.text


def test_a_key_stops_working_when_it_expires(client: httpx.Client, auth: dict[str, str]) -> None:
    expires = datetime.now(UTC) + timedelta(seconds=2)
    made = client.post("/v1/api-keys", json={"scopes": ["read"], "expires_at": expires.isoformat()}, headers=auth)
    reader = bearer(made)
    assert client.get("/v1/members/nobody/balance", headers=reader).status_code in (200, 404)
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.2)
    refused = client.get("/v1/members/nobody/balance", headers=reader)
    assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    assert listed(client, auth)[made.json()["id"]]["expires_at"] is not None


def test_keys_cannot_be_made_already_expired_or_rotated_across_tenants(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    assert client.post("/v1/api-keys", json={"scopes": ["read"], "expires_at": past}, headers=auth).status_code == 422
    made = client.post("/v1/api-keys", json={"scopes": ["read"]}, headers=auth).json()
    other = client.post("/v1/tenants", json={"name": "o"}, headers={"Authorization": "Bearer test-admin-token"})
    foreign = {"Authorization": f"Bearer {other.json()['api_key']}"}
    assert client.post(f"/v1/api-keys/{made['id']}/rotate", headers=foreign).status_code == 404
    client.delete(f"/v1/api-keys/{made['id']}", headers=auth)
    assert client.post(f"/v1/api-keys/{made['id']}/rotate", headers=auth).status_code == 409
