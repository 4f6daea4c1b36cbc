"""Promo codes through the API: points through the ledger, limits, validity, bulk generation, races."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import new_tenant


def _balance(client: httpx.Client, auth: dict[str, str], member: str) -> int:
    return int(client.get(f"/v1/members/{member}/balance", headers=auth).json()["available"])


def test_redeeming_a_code_credits_its_points_through_the_ledger(client: httpx.Client, auth: dict[str, str]) -> None:
    created = client.post("/v1/promo-codes", json={"code": "welcome10", "points": 10}, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()["code"] == "WELCOME10"
    redeemed = client.post("/v1/promo-codes/Welcome10/redeem", json={"member": "alice"}, headers=auth)
    assert redeemed.status_code == 200, redeemed.text
    assert redeemed.json()["points"] == 10
    assert _balance(client, auth, "alice") == 10
    posting = client.get("/v1/members/alice/ledger", headers=auth).json()["items"][0]
    assert (posting["kind"], posting["amount"], posting["memo"]) == ("earn", 10, "promo code WELCOME10")
    assert client.get("/v1/promo-codes/WELCOME10", headers=auth).json()["uses"] == 1


def test_creating_the_same_code_again_is_200_and_other_terms_409(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"code": "SAME", "points": 5, "max_uses": 3}
    assert client.post("/v1/promo-codes", json=body, headers=auth).status_code == 201
    assert client.post("/v1/promo-codes", json=body, headers=auth).status_code == 200
    other = client.post("/v1/promo-codes", json={**body, "points": 50}, headers=auth)
    assert other.status_code == 409
    assert other.headers["content-type"].startswith("application/problem+json")


def test_used_up_code_is_409_and_per_member_limit_holds(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/promo-codes", json={"code": "TWICE", "points": 1, "max_uses": 2, "per_member": 1}, headers=auth)
    assert client.post("/v1/promo-codes/TWICE/redeem", json={"member": "a"}, headers=auth).status_code == 200
    again = client.post("/v1/promo-codes/TWICE/redeem", json={"member": "a"}, headers=auth)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/promo-code-used-up")
    assert client.post("/v1/promo-codes/TWICE/redeem", json={"member": "b"}, headers=auth).status_code == 200
    used_up = client.post("/v1/promo-codes/TWICE/redeem", json={"member": "c"}, headers=auth)
    assert used_up.status_code == 409
    assert _balance(client, auth, "a") == 1
    assert client.get("/v1/promo-codes/TWICE", headers=auth).json()["uses"] == 2


def test_expired_code_is_410_unknown_404_not_yet_valid_409(client: httpx.Client, auth: dict[str, str]) -> None:
    now = datetime.now(UTC)
    past, future = (now - timedelta(minutes=1)).isoformat(), (now + timedelta(days=1)).isoformat()
    client.post("/v1/promo-codes", json={"code": "OLD", "points": 1, "expires_at": past}, headers=auth)
    client.post("/v1/promo-codes", json={"code": "SOON", "points": 1, "starts_at": future}, headers=auth)
    expired = client.post("/v1/promo-codes/OLD/redeem", json={"member": "a"}, headers=auth)
    assert expired.status_code == 410
    assert expired.json()["type"].endswith("/promo-code-expired")
    assert client.post("/v1/promo-codes/NOPE/redeem", json={"member": "a"}, headers=auth).status_code == 404
    assert client.post("/v1/promo-codes/SOON/redeem", json={"member": "a"}, headers=auth).status_code == 409


def test_invalid_terms_are_422(client: httpx.Client, auth: dict[str, str]) -> None:
    now = datetime.now(UTC)
    for body in [
        {"code": "X1", "points": 0},
        {"code": "X2", "points": -5},
        {"code": "a b", "points": 1},
        {"code": "X3", "points": 1, "expires_at": "2030-01-01T00:00:00"},  # no time zone
        {"code": "X4", "points": 1, "max_uses": 1, "per_member": 2},
        {"code": "X5", "points": 1, "starts_at": now.isoformat(), "expires_at": (now - timedelta(days=1)).isoformat()},
    ]:
        response = client.post("/v1/promo-codes", json=body, headers=auth)
        assert response.status_code == 422, (body, response.text)


def test_bulk_generation_makes_unique_redeemable_codes(client: httpx.Client, auth: dict[str, str]) -> None:
    response = client.post(
        "/v1/promo-codes/batch", json={"count": 300, "prefix": "xmas-", "points": 7, "max_uses": 1}, headers=auth
    )
    assert response.status_code == 201, response.text
    codes = response.json()["codes"]
    assert len(codes) == len(set(codes)) == 300
    assert all(code.startswith("XMAS-") and len(code) == 15 for code in codes)
    assert client.post(f"/v1/promo-codes/{codes[0]}/redeem", json={"member": "m"}, headers=auth).json()["points"] == 7
    assert client.post(f"/v1/promo-codes/{codes[0]}/redeem", json={"member": "n"}, headers=auth).status_code == 409


def test_twenty_threads_never_exceed_max_uses(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/promo-codes", json={"code": "RACE", "points": 3, "max_uses": 5}, headers=auth)

    def redeem(i: int) -> int:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post("/v1/promo-codes/RACE/redeem", json={"member": f"racer{i}"}, headers=auth).status_code

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(redeem, range(20)))
    assert sorted(statuses) == [200] * 5 + [409] * 15
    assert client.get("/v1/promo-codes/RACE", headers=auth).json()["uses"] == 5
    assert sum(_balance(client, auth, f"racer{i}") for i in range(20) if statuses[i] == 200) == 15


def test_one_member_racing_a_per_member_code_gets_it_once(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/promo-codes", json={"code": "ONCE", "points": 4, "per_member": 1}, headers=auth)

    def redeem(_: int) -> int:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post("/v1/promo-codes/ONCE/redeem", json={"member": "solo"}, headers=auth).status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(redeem, range(10)))
    assert statuses.count(200) == 1
    assert _balance(client, auth, "solo") == 4


def test_another_tenants_code_is_not_found(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/promo-codes", json={"code": "MINE", "points": 1}, headers=auth)
    stranger = new_tenant(client, "Other")
    assert client.post("/v1/promo-codes/MINE/redeem", json={"member": "a"}, headers=stranger).status_code == 404
    assert client.get("/v1/promo-codes/MINE", headers=stranger).status_code == 404


def test_a_segment_code_is_only_for_members_in_the_segment(client: httpx.Client, auth: dict[str, str]) -> None:
    segment = {"key": "oslo", "name": "Oslo", "condition": 'member.attributes.city == "Oslo"'}
    assert client.post("/v1/segments", json=segment, headers=auth).status_code == 201
    unknown = client.post("/v1/promo-codes", json={"code": "X9", "points": 1, "segment": "nope"}, headers=auth)
    assert unknown.status_code == 422
    client.post("/v1/promo-codes", json={"code": "OSLO5", "points": 5, "segment": "oslo"}, headers=auth)
    for member, city in [("local", "Oslo"), ("visitor", "Rome")]:
        client.post("/v1/members", json={"external_id": member}, headers=auth)
        assert client.patch(f"/v1/members/{member}", json={"attributes": {"city": city}}, headers=auth).is_success
    assert client.post("/v1/promo-codes/OSLO5/redeem", json={"member": "local"}, headers=auth).status_code == 200
    refused = client.post("/v1/promo-codes/OSLO5/redeem", json={"member": "visitor"}, headers=auth)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/not-eligible")
    assert client.get("/v1/promo-codes/OSLO5", headers=auth).json()["uses"] == 1
