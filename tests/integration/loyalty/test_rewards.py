"""The rewards catalog through the API: spending points, stock, races for the last item, cancellation."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.conftest import new_tenant


def _earn(client: httpx.Client, auth: dict[str, str], member: str, points: int) -> None:
    code = f"GIFT-{member}-{points}"
    client.post("/v1/promo-codes", json={"code": code, "points": points}, headers=auth)
    assert client.post(f"/v1/promo-codes/{code}/redeem", json={"member": member}, headers=auth).status_code == 200


def _available(client: httpx.Client, auth: dict[str, str], member: str) -> int:
    return int(client.get(f"/v1/members/{member}/balance", headers=auth).json()["available"])


def test_redeeming_spends_points_and_takes_stock(client: httpx.Client, auth: dict[str, str]) -> None:
    created = client.post("/v1/rewards", json={"key": "mug", "name": "Mug", "cost": 30, "stock": 2}, headers=auth)
    assert created.status_code == 201, created.text
    _earn(client, auth, "alice", 100)
    redeemed = client.post("/v1/rewards/mug/redeem", json={"member": "alice"}, headers=auth)
    assert redeemed.status_code == 201, redeemed.text
    assert redeemed.json()["status"] == "redeemed" and redeemed.json()["cost"] == 30
    assert _available(client, auth, "alice") == 70
    assert client.get("/v1/rewards/mug", headers=auth).json()["stock"] == 1
    posting = client.get("/v1/members/alice/ledger", headers=auth).json()["items"][0]
    assert (posting["kind"], posting["amount"]) == ("spend", -30)
    # Spending does not lower lifetime points.
    assert client.get("/v1/members/alice/balance", headers=auth).json()["lifetime"] == 100


def test_too_few_points_or_no_stock_is_409_and_changes_nothing(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rewards", json={"key": "tv", "name": "TV", "cost": 500, "stock": 1}, headers=auth)
    client.post("/v1/rewards", json={"key": "pen", "name": "Pen", "cost": 1, "stock": 0}, headers=auth)
    _earn(client, auth, "bob", 10)
    poor = client.post("/v1/rewards/tv/redeem", json={"member": "bob"}, headers=auth)
    assert poor.status_code == 409
    assert poor.json()["type"].endswith("/insufficient-points")
    assert client.get("/v1/rewards/tv", headers=auth).json()["stock"] == 1
    empty = client.post("/v1/rewards/pen/redeem", json={"member": "bob"}, headers=auth)
    assert empty.status_code == 409
    assert empty.json()["type"].endswith("/out-of-stock")
    assert _available(client, auth, "bob") == 10


def test_unknown_reward_or_member_is_404(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rewards", json={"key": "cap", "name": "Cap", "cost": 1}, headers=auth)
    assert client.post("/v1/rewards/none/redeem", json={"member": "x"}, headers=auth).status_code == 404
    assert client.post("/v1/rewards/cap/redeem", json={"member": "ghost"}, headers=auth).status_code == 404


def test_two_members_racing_for_the_last_item_one_wins(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rewards", json={"key": "last", "name": "Last one", "cost": 5, "stock": 1}, headers=auth)
    members = [f"racer{i}" for i in range(8)]
    for member in members:
        _earn(client, auth, member, 5)

    def redeem(member: str) -> int:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post("/v1/rewards/last/redeem", json={"member": member}, headers=auth).status_code

    with ThreadPoolExecutor(len(members)) as pool:
        statuses = list(pool.map(redeem, members))
    assert sorted(statuses) == [201] + [409] * (len(members) - 1)
    assert client.get("/v1/rewards/last", headers=auth).json()["stock"] == 0
    assert sorted(_available(client, auth, m) for m in members) == [0] + [5] * (len(members) - 1)


def test_one_member_racing_cannot_overspend(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rewards", json={"key": "coffee", "name": "Coffee", "cost": 10}, headers=auth)
    _earn(client, auth, "carol", 30)

    def redeem(_: int) -> int:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post("/v1/rewards/coffee/redeem", json={"member": "carol"}, headers=auth).status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(redeem, range(10)))
    assert statuses.count(201) == 3
    assert _available(client, auth, "carol") == 0


def test_cancelling_refunds_once_and_restocks(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rewards", json={"key": "bag", "name": "Bag", "cost": 40, "stock": 1}, headers=auth)
    _earn(client, auth, "dan", 50)
    redemption = client.post("/v1/rewards/bag/redeem", json={"member": "dan"}, headers=auth).json()
    cancelled = client.post(f"/v1/rewards/redemptions/{redemption['id']}/cancel", headers=auth)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancelled_at"]
    assert _available(client, auth, "dan") == 50
    assert client.get("/v1/rewards/bag", headers=auth).json()["stock"] == 1
    again = client.post(f"/v1/rewards/redemptions/{redemption['id']}/cancel", headers=auth)
    assert again.status_code == 409
    assert _available(client, auth, "dan") == 50
    assert client.get(f"/v1/rewards/redemptions/{redemption['id']}", headers=auth).json()["status"] == "cancelled"


def test_catalog_definitions_are_idempotent_and_restockable(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"key": "hat", "name": "Hat", "cost": 3, "stock": 5}
    assert client.post("/v1/rewards", json=body, headers=auth).status_code == 201
    assert client.post("/v1/rewards", json=body, headers=auth).status_code == 200
    assert client.post("/v1/rewards", json={**body, "cost": 4}, headers=auth).status_code == 409
    assert client.patch("/v1/rewards/hat", json={"stock": 9}, headers=auth).json()["stock"] == 9
    assert [r["key"] for r in client.get("/v1/rewards", headers=auth).json()] == ["hat"]
    for bad in [{**body, "cost": 0}, {**body, "stock": -1}, {**body, "key": "a b"}, {"key": "k", "name": "n"}]:
        assert client.post("/v1/rewards", json=bad, headers=auth).status_code == 422


def test_another_tenants_reward_and_redemption_are_not_found(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rewards", json={"key": "own", "name": "Own", "cost": 1}, headers=auth)
    _earn(client, auth, "eve", 1)
    redemption = client.post("/v1/rewards/own/redeem", json={"member": "eve"}, headers=auth).json()
    stranger = new_tenant(client, "Other")
    client.post("/v1/members", json={"external_id": "eve"}, headers=stranger)
    assert client.post("/v1/rewards/own/redeem", json={"member": "eve"}, headers=stranger).status_code == 404
    assert client.get("/v1/rewards/own", headers=stranger).status_code == 404
    assert client.post(f"/v1/rewards/redemptions/{redemption['id']}/cancel", headers=stranger).status_code == 404


def test_a_segment_reward_is_only_for_members_in_the_segment(client: httpx.Client, auth: dict[str, str]) -> None:
    segment = {"key": "vip", "name": "VIP", "condition": 'member.attributes.tier == "vip"'}
    assert client.post("/v1/segments", json=segment, headers=auth).status_code == 201
    body = {"key": "lounge", "name": "Lounge pass", "cost": 5, "stock": 3, "segment": "vip"}
    assert client.post("/v1/rewards", json=body, headers=auth).status_code == 201
    for member, tier in [("vera", "vip"), ("paul", "plain")]:
        _earn(client, auth, member, 10)
        client.patch(f"/v1/members/{member}", json={"attributes": {"tier": tier}}, headers=auth)
    assert client.post("/v1/rewards/lounge/redeem", json={"member": "vera"}, headers=auth).status_code == 201
    refused = client.post("/v1/rewards/lounge/redeem", json={"member": "paul"}, headers=auth)
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/not-eligible")
    assert (_available(client, auth, "paul"), client.get("/v1/rewards/lounge", headers=auth).json()["stock"]) == (10, 2)
