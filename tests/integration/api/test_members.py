"""Members: idempotent creation, real custodial addresses, and tenant isolation."""

import httpx
from eth_utils import is_checksum_address
from tronpy.keys import is_base58check_address

from tests.conftest import new_tenant

MEMBER_PATHS = ["/v1/members/{m}", "/v1/members/{m}/balance", "/v1/members/{m}/ledger"]


def test_creating_a_member_twice_gives_the_same_member(client: httpx.Client, auth: dict[str, str]) -> None:
    first = client.post("/v1/members", json={"external_id": "alice", "display_name": "Alice"}, headers=auth)
    again = client.post("/v1/members", json={"external_id": "alice"}, headers=auth)
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    wallets = first.json()["wallets"]
    assert is_checksum_address(wallets["evm"])
    assert is_base58check_address(wallets["tron"])
    assert first.json()["balance"] == {
        "available": 0,
        "pending": 0,
        "lifetime": 0,
        "in_payout": 0,
        "debt": 0,
        "on_chain": {"evm": None, "tron": None},
    }


def test_members_get_distinct_addresses(client: httpx.Client, auth: dict[str, str]) -> None:
    a = client.post("/v1/members", json={"external_id": "a"}, headers=auth).json()["wallets"]
    b = client.post("/v1/members", json={"external_id": "b"}, headers=auth).json()["wallets"]
    assert a["evm"] != b["evm"] and a["tron"] != b["tron"]


def test_member_created_by_an_event_gets_wallets_when_viewed(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/events", json={"id": "e1", "member": "newbie", "type": "visit"}, headers=auth)
    view = client.get("/v1/members/newbie", headers=auth)
    assert view.status_code == 200
    assert is_checksum_address(view.json()["wallets"]["evm"])


def test_another_tenants_member_is_not_found(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "alice"}, headers=auth)
    stranger = new_tenant(client, "Other")
    for path in MEMBER_PATHS:
        response = client.get(path.format(m="alice"), headers=stranger)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("application/problem+json")
        assert client.get(path.format(m="alice"), headers=auth).status_code == 200


def test_unknown_member_is_a_problem_404(client: httpx.Client, auth: dict[str, str]) -> None:
    response = client.get("/v1/members/nobody/balance", headers=auth)
    assert response.status_code == 404
    assert response.json()["type"].endswith("/not-found")
    assert "nobody" in response.json()["detail"]
