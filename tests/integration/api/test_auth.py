"""API keys: hashed, scoped, revocable; tenants need the operator's admin token."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.conftest import ADMIN_TOKEN


def test_tenant_creation_needs_the_admin_token(client: httpx.Client) -> None:
    assert client.post("/v1/tenants", json={"name": "x"}).status_code == 401
    wrong = client.post("/v1/tenants", json={"name": "x"}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = client.post("/v1/tenants", json={"name": "x"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert ok.status_code == 201


def test_requests_without_a_valid_key_are_refused(client: httpx.Client) -> None:
    assert client.get("/v1/members/a").status_code == 401
    assert client.get("/v1/members/a", headers={"Authorization": "Bearer key_x.y"}).status_code == 401


def test_scopes_limit_what_a_key_can_do(client: httpx.Client, auth: dict[str, str]) -> None:
    made = client.post("/v1/api-keys", json={"name": "dashboard", "scopes": ["read"]}, headers=auth)
    assert made.status_code == 201
    reader = {"Authorization": f"Bearer {made.json()['api_key']}"}
    event = {"id": "e1", "member": "m", "type": "t"}
    assert client.post("/v1/events", json=event, headers=reader).status_code == 403
    assert client.post("/v1/events", json=event, headers=auth).status_code == 201
    assert client.get("/v1/members/m/balance", headers=reader).status_code == 200
    assert (
        client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "1"}, headers=reader).status_code == 403
    )


def test_revoked_key_stops_working_and_secrets_are_never_listed(client: httpx.Client, auth: dict[str, str]) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["events:write"]}, headers=auth).json()
    writer = {"Authorization": f"Bearer {made['api_key']}"}
    assert client.post("/v1/events", json={"id": "e", "member": "m", "type": "t"}, headers=writer).status_code == 201
    listed = client.get("/v1/api-keys", headers=auth).json()
    assert all("api_key" not in key and "secret_sha256" not in key for key in listed)
    assert client.delete(f"/v1/api-keys/{made['id']}", headers=auth).json()["revoked_at"] is not None
    assert client.post("/v1/events", json={"id": "f", "member": "m", "type": "t"}, headers=writer).status_code == 401


def test_a_tenant_cannot_revoke_another_tenants_key(client: httpx.Client, auth: dict[str, str]) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["read"]}, headers=auth).json()
    other = client.post("/v1/tenants", json={"name": "o"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    response = client.delete(f"/v1/api-keys/{made['id']}", headers={"Authorization": f"Bearer {other['api_key']}"})
    assert response.status_code == 404


def test_a_revoked_key_writes_nothing_even_beside_valid_events(client: httpx.Client, auth: dict[str, str]) -> None:
    """Keys of events are confirmed in the events' own transaction: a key revoked after this process cached it is
    refused there, and events that share that transaction under a valid key are stored all the same."""
    made = client.post("/v1/api-keys", json={"scopes": ["events:write"]}, headers=auth).json()
    revoked = {"Authorization": f"Bearer {made['api_key']}"}
    cached = client.post("/v1/events", json={"id": "cached", "member": "m", "type": "t"}, headers=revoked)
    assert cached.status_code == 201
    assert client.delete(f"/v1/api-keys/{made['id']}", headers=auth).status_code == 200

    def send(n: int) -> int:
        headers = revoked if n % 2 else auth
        return client.post("/v1/events", json={"id": f"c{n}", "member": "m", "type": "t"}, headers=headers).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(send, range(24)))
    assert statuses == [401 if n % 2 else 201 for n in range(24)]
    stored = [client.get(f"/v1/events/c{n}", headers=auth).status_code for n in range(24)]
    assert stored == [404 if n % 2 else 200 for n in range(24)]
