"""Coalition partners: points earned with a partner are funded by it, points spent on its rewards are owed to it,
and the settlement agrees with the ledger to the point."""

from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import new_tenant


def _ledger_sum(client: httpx.Client, auth: dict[str, str], member: str, event_ids: set[str]) -> int:
    items = client.get(f"/v1/members/{member}/ledger?limit=500", headers=auth).json()["items"]
    return sum(item["amount"] for item in items if item["event_id"] in event_ids)


def test_settlement_says_who_owes_whom_and_matches_the_ledger(client: httpx.Client, auth: dict[str, str]) -> None:
    assert client.post("/v1/partners", json={"key": "cafe", "name": "Corner café"}, headers=auth).status_code == 201
    client.post("/v1/rules", json={"key": "cb", "event_type": "purchase", "points": "event.amount / 10"}, headers=auth)
    client.post(
        "/v1/badges",
        json={"key": "first", "name": "First", "points": 5, "criteria": {"event_type": "purchase", "count": 1}},
        headers=auth,
    )
    events = [
        ("p1", "ann", {"amount": 300, "partner": "cafe"}),
        ("p2", "bob", {"amount": 120, "partner": "cafe"}),
        ("p3", "ann", {"amount": 500}),  # earned in the program's own shop
        ("p4", "ann", {"amount": 90, "partner": "bakery"}),  # another partner
    ]
    for event_id, member, properties in events:
        body = {"id": event_id, "member": member, "type": "purchase", "properties": properties}
        assert client.post("/v1/events", json=body, headers=auth).status_code == 201
    at_cafe = _ledger_sum(client, auth, "ann", {"p1"}) + _ledger_sum(client, auth, "bob", {"p2"})
    assert at_cafe == 30 + 5 + 12 + 5  # rule points and bob's first-purchase badge bonus; ann's came with p1
    reward = {"key": "latte", "name": "Latte", "cost": 15, "partner": "cafe"}
    assert client.post("/v1/rewards", json=reward, headers=auth).status_code == 201
    kept = client.post("/v1/rewards/latte/redeem", json={"member": "ann"}, headers=auth).json()
    cancelled = client.post("/v1/rewards/latte/redeem", json={"member": "bob"}, headers=auth).json()
    client.post(f"/v1/rewards/redemptions/{cancelled['id']}/cancel", headers=auth)
    assert kept["status"] == "redeemed" and cancelled["status"] == "redeemed"
    settlement = client.get("/v1/partners/cafe/settlement", headers=auth)
    assert settlement.status_code == 200, settlement.text
    assert settlement.json() | {"start": None, "end": None} == {
        "partner": "cafe",
        "start": None,
        "end": None,
        "earned": at_cafe,
        "redeemed": 15,
        "net": at_cafe - 15,
        "owes": "partner",
        "amount": at_cafe - 15,
    }
    # A period that ends before anything happened is empty.
    before = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    empty = client.get("/v1/partners/cafe/settlement", params={"to": before}, headers=auth).json()
    assert (empty["earned"], empty["redeemed"], empty["owes"]) == (0, 0, None)


def test_a_partner_owed_more_than_it_funded(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/partners", json={"key": "cinema", "name": "Cinema"}, headers=auth)
    client.post("/v1/promo-codes", json={"code": "GIFT50", "points": 50}, headers=auth)
    client.post("/v1/promo-codes/GIFT50/redeem", json={"member": "cy"}, headers=auth)
    client.post("/v1/rewards", json={"key": "ticket", "name": "Ticket", "cost": 40, "partner": "cinema"}, headers=auth)
    client.post("/v1/rewards/ticket/redeem", json={"member": "cy"}, headers=auth)
    body = client.get("/v1/partners/cinema/settlement", headers=auth).json()
    assert (body["earned"], body["redeemed"], body["owes"], body["amount"]) == (0, 40, "program", 40)


def test_partners_are_checked_and_tenant_scoped(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"key": "shop", "name": "Shop"}
    assert client.post("/v1/partners", json=body, headers=auth).status_code == 201
    assert client.post("/v1/partners", json=body, headers=auth).status_code == 200
    assert client.post("/v1/partners", json={**body, "name": "Other"}, headers=auth).status_code == 409
    unknown = {"key": "r", "name": "R", "cost": 1, "partner": "nobody"}
    assert client.post("/v1/rewards", json=unknown, headers=auth).status_code == 422
    now = datetime.now(UTC)
    backwards = {"from": now.isoformat(), "to": (now - timedelta(hours=1)).isoformat()}
    assert client.get("/v1/partners/shop/settlement", params=backwards, headers=auth).status_code == 422
    stranger = new_tenant(client, "Other")
    assert client.get("/v1/partners/shop", headers=stranger).status_code == 404
    assert client.get("/v1/partners/shop/settlement", headers=stranger).status_code == 404
