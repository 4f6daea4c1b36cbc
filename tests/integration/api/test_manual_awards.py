"""Corrections a program owner makes by hand or sets up front, through the API on both databases: point
adjustments, badges granted and revoked, earning caps (also under concurrent events) and streak freezes."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx


def noon(days_ago: int) -> str:
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    return (today - timedelta(days=days_ago)).isoformat()


def event(client: httpx.Client, auth: dict[str, str], event_id: str, member: str, **extra: object) -> dict:
    body = {"id": event_id, "member": member, "type": extra.pop("type", "purchase"), **extra}
    response = client.post("/v1/events", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()["effects"]


def balance(client: httpx.Client, auth: dict[str, str], member: str) -> int:
    return client.get(f"/v1/members/{member}/balance", headers=auth).json()["available"]


def test_adjustments_are_idempotent_recorded_and_never_take_a_balance_below_zero(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/members", json={"external_id": "ann"}, headers=auth)
    body = {"id": "goodwill-1", "points": 50, "reason": "parcel arrived late"}
    first = client.post("/v1/members/ann/adjustments", json=body, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["actor"].startswith("key:") and first.json()["points"] == 50
    again = client.post("/v1/members/ann/adjustments", json=body, headers=auth)
    assert again.status_code == 200 and again.json() == first.json()
    other = client.post("/v1/members/ann/adjustments", json={**body, "points": 60}, headers=auth)
    assert other.status_code == 409
    assert balance(client, auth, "ann") == 50

    too_much = client.post(
        "/v1/members/ann/adjustments", json={"id": "fix-1", "points": -80, "reason": "double credit"}, headers=auth
    )
    assert too_much.status_code == 409 and too_much.json()["available"] == 50
    taken = client.post(
        "/v1/members/ann/adjustments", json={"id": "fix-2", "points": -30, "reason": "double credit"}, headers=auth
    )
    assert taken.status_code == 201 and balance(client, auth, "ann") == 20
    zero = client.post("/v1/members/ann/adjustments", json={"id": "z", "points": 0, "reason": "x"}, headers=auth)
    assert zero.status_code == 422

    ledger = client.get("/v1/members/ann/ledger", headers=auth).json()["items"]
    assert [(i["amount"], i["kind"]) for i in ledger] == [(-30, "adjust"), (50, "adjust")]
    assert "double credit" in ledger[0]["memo"] and "by key:" in ledger[0]["memo"]
    listed = client.get("/v1/members/ann/adjustments", headers=auth).json()
    assert [(a["kind"], a["points"], a["reason"]) for a in listed] == [
        ("points", -30, "double credit"),
        ("points", 50, "parcel arrived late"),
    ]
    assert client.post("/v1/members/nobody/adjustments", json={**body, "id": "n"}, headers=auth).status_code == 404
    stranger = client.get("/v1/members/ann/adjustments", headers=_other_tenant(client))
    assert stranger.status_code == 404


def _other_tenant(client: httpx.Client) -> dict[str, str]:
    from tests.conftest import new_tenant

    return new_tenant(client, "Other")


def test_badges_are_granted_and_revoked_by_hand(client: httpx.Client, auth: dict[str, str]) -> None:
    badge = {"key": "vip", "name": "VIP", "points": 15, "criteria": {"event_type": "purchase", "count": 2}}
    assert client.post("/v1/badges", json=badge, headers=auth).status_code == 201
    event(client, auth, "b1", "bo")
    granted = client.post("/v1/members/bo/badges", json={"badge": "vip", "reason": "event winner"}, headers=auth)
    assert granted.status_code == 201, granted.text
    assert granted.json()["kind"] == "badge_grant" and granted.json()["points"] == 15
    again = client.post("/v1/members/bo/badges", json={"badge": "vip", "reason": "event winner"}, headers=auth)
    assert again.status_code == 200 and again.json()["id"] == granted.json()["id"]
    assert balance(client, auth, "bo") == 15
    assert [b["key"] for b in client.get("/v1/members/bo/badges", headers=auth).json()] == ["vip"]
    unknown = client.post("/v1/members/bo/badges", json={"badge": "nope", "reason": "x"}, headers=auth)
    assert unknown.status_code == 404

    revoked = client.delete("/v1/members/bo/badges/vip", params={"reason": "granted by mistake"}, headers=auth)
    assert revoked.status_code == 200 and revoked.json()["kind"] == "badge_revoke"
    assert client.get("/v1/members/bo/badges", headers=auth).json() == []
    assert client.delete("/v1/members/bo/badges/vip", params={"reason": "again"}, headers=auth).status_code == 404
    assert client.delete("/v1/members/bo/badges/vip", headers=auth).status_code == 422  # a reason is required
    # Its progress went with it: one more purchase is not enough to earn it again, two are.
    assert event(client, auth, "b2", "bo")["badges"] == []
    assert [b["key"] for b in event(client, auth, "b3", "bo")["badges"]] == ["vip"]
    kinds = [a["kind"] for a in client.get("/v1/members/bo/adjustments", headers=auth).json()]
    assert kinds == ["badge_revoke", "badge_grant"]


def test_a_rule_cap_holds_under_sixteen_concurrent_events(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {
        "key": "buy",
        "event_type": "purchase",
        "points": "event.amount",
        "cap": [{"points": 100, "per": "day"}, {"times": 12, "per": "week"}],
    }
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    client.post("/v1/members", json={"external_id": "cy"}, headers=auth)

    def send(i: int) -> dict:
        body = {"id": f"c{i}", "member": "cy", "type": "purchase", "properties": {"amount": 30}}
        response = client.post("/v1/events", json=body, headers=auth)
        assert response.status_code == 201, response.text
        return response.json()["effects"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        effects = list(pool.map(send, range(16)))
    assert sum(e["points"] for e in effects) == 100 == balance(client, auth, "cy")
    withheld = sum(c["points"] for e in effects for c in e["capped"] or [])
    assert withheld == 16 * 30 - 100
    assert sorted(e["points"] for e in effects) == [0] * 12 + [10, 30, 30, 30]
    assert all(c["cap"] == "rule:buy" for e in effects for c in e["capped"] or [])


def test_a_program_cap_limits_all_rules_together(client: httpx.Client, auth: dict[str, str]) -> None:
    bad = client.patch("/v1/programs/default", json={"settings": {"cap": {"per": "day"}}}, headers=auth)
    assert bad.status_code == 422
    patched = client.patch(
        "/v1/programs/default", json={"settings": {"cap": {"points": 50, "times": 3, "per": "day"}}}, headers=auth
    )
    assert patched.status_code == 200, patched.text
    for key in ("a", "b"):
        rule = {"key": key, "event_type": "purchase", "points": "20"}
        assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201

    def send(i: int) -> dict:
        body = {"id": f"p{i}", "member": "di", "type": "purchase"}
        return client.post("/v1/events", json=body, headers=auth).json()["effects"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        effects = list(pool.map(send, range(16)))
    assert balance(client, auth, "di") == 50 == sum(e["points"] for e in effects)
    assert {c["cap"] for e in effects for c in e["capped"] or []} == {"program"}
    # Another day is another period.
    assert event(client, auth, "next-day", "di", occurred_at=noon(1))["points"] == 40
    client.patch("/v1/programs/default", json={"settings": {"cap": None}}, headers=auth)


def test_streak_freezes_keep_a_streak_over_missed_days(client: httpx.Client, auth: dict[str, str]) -> None:
    streak = {
        "key": "daily",
        "name": "Daily",
        "freezes": 2,
        "criteria": {"event_type": "visit", "streak_days": 5},
    }
    assert client.post("/v1/badges", json=streak, headers=auth).status_code == 201
    gift = {"key": "gift", "event_type": "gift", "points": "0", "streak_freezes": 1}
    assert client.post("/v1/rules", json=gift, headers=auth).status_code == 201
    reward = {"key": "freeze", "name": "Streak freeze", "cost": 10, "streak_freezes": 1}
    assert client.post("/v1/rewards", json=reward, headers=auth).status_code == 201

    for member in ("eve", "fay"):
        client.post("/v1/members", json={"external_id": member}, headers=auth)
    body = {"id": "f-eve", "count": 1, "reason": "support ticket 12"}
    given = client.post("/v1/members/eve/streak-freezes", json=body, headers=auth)
    assert given.status_code == 201 and given.json()["freezes_held"] == 1
    assert client.post("/v1/members/eve/streak-freezes", json=body, headers=auth).status_code == 200
    assert client.post("/v1/members/eve/streak-freezes", json={**body, "count": 2}, headers=auth).status_code == 409
    assert event(client, auth, "g-eve", "eve", type="gift")["streak_freezes"] == {"granted": 1}
    client.post("/v1/members/eve/adjustments", json={"id": "a", "points": 10, "reason": "r"}, headers=auth)
    bought = client.post("/v1/rewards/freeze/redeem", json={"member": "eve"}, headers=auth)
    assert bought.status_code == 201, bought.text

    # Both visit on days 8, 7 and 6 ago, skip 5 and 4, and come back 3, 2 and 1 ago. Eve holds 3 freezes: 2 of them
    # keep her streak over the gap, and coming back makes it 6 days long. Fay holds none: her streak starts over.
    for member in ("eve", "fay"):
        for day in (8, 7, 6):
            assert event(client, auth, f"{member}-{day}", member, type="visit", occurred_at=noon(day))["badges"] == []
    back = event(client, auth, "eve-3", "eve", type="visit", occurred_at=noon(3))
    assert [b["key"] for b in back["badges"]] == ["daily"] and back["streak_freezes"] == {"used": 2}
    for day in (3, 2, 1):
        assert event(client, auth, f"fay-{day}", "fay", type="visit", occurred_at=noon(day))["badges"] == []
    progress = client.get("/v1/members/eve/badges", headers=auth).json()
    assert [(b["key"], b["freezes"]) for b in progress] == [("daily", {"held": 1, "used": 2})]
    locked = client.get("/v1/members/fay/badges", params={"include_locked": True}, headers=auth).json()
    assert locked[0]["awarded"] is False and locked[0]["freezes"] == {"held": 0, "used": 0}
    # Cancelling the purchase takes its freeze back with the refund, while the member still holds one.
    cancel = f"/v1/rewards/redemptions/{bought.json()['id']}/cancel"
    assert client.post(cancel, headers=auth).status_code == 200
    assert client.get("/v1/members/eve/badges", headers=auth).json()[0]["freezes"] == {"held": 0, "used": 2}
