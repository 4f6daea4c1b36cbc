"""A full return undoes what its event set off beyond the rules' points: the streak day it made (unless another kept
event falls on it), member-condition and `all_of` badges that no longer hold (if they say `revoke_on_reversal`),
the windowed counters later events read, fund totals, medals, the program's spent budget, and the referral it paid
(both sides, the referral opened again for the next qualifying event); all in the return's one transaction."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

REVOKE = {"revoke_on_reversal": True}
SETUP: list[tuple[str, dict[str, Any]]] = [
    ("/v1/rules", {"key": "cashback", "event_type": "purchase", "points": "event.amount", "xp": "1"}),
    ("/v1/rules", {"key": "regular", "event_type": "purchase", "points": 'member.events_30d["purchase"] >= 2 ? 5 : 0'}),
    (
        "/v1/badges",
        {
            "key": "daily",
            "name": "Daily",
            "points": 7,
            **REVOKE,
            "criteria": {"event_type": "purchase", "streak_days": 2},
        },
    ),
    ("/v1/badges", {"key": "keen", "name": "Keen", **REVOKE, "criteria": {"condition": "member.xp >= 2"}}),
    (
        "/v1/badges",
        {"key": "often", "name": "Often", **REVOKE, "criteria": {"condition": 'member.events_30d["purchase"] >= 2'}},
    ),
    ("/v1/badges", {"key": "both", "name": "Both", **REVOKE, "criteria": {"all_of": ["daily", "keen"]}}),
    ("/v1/medals", {"key": "buyer", "name": "Buyer", "counter": "events:purchase", "ranks": [{"at_least": 2}]}),
    ("/v1/funds", {"key": "trees", "name": "Trees", "event_type": "purchase", "per_event": 3}),
    ("/v1/referrals", {"event_type": "purchase", "referrer_points": 10, "referee_points": 4}),
]


def _buy(
    client: httpx.Client, auth: dict[str, str], event_id: str, member: str, amount: int, days_ago: int = 0
) -> dict:
    at = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    body = {"id": event_id, "member": member, "type": "purchase", "properties": {"amount": amount}, "occurred_at": at}
    response = client.post("/v1/events", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json()["effects"])


def _return(client: httpx.Client, auth: dict[str, str], event_id: str) -> dict:
    response = client.post(f"/v1/events/{event_id}/reversals", json={"id": f"back-{event_id}"}, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json()["effects"])


def _state(client: httpx.Client, auth: dict[str, str]) -> tuple[int, int, int, int, int, list[str]]:
    def available(member: str) -> int:
        return int(client.get(f"/v1/members/{member}/balance", headers=auth).json()["available"])

    medal = client.get("/v1/members/ann/medals", headers=auth).json()[0]["value"]
    fund = client.get("/v1/funds/trees", headers=auth).json()["balance"]
    used = client.get("/v1/programs/default", headers=auth).json()["budget"]["used"]
    badges = sorted(b["key"] for b in client.get("/v1/members/ann", headers=auth).json()["badges"])
    return available("ann"), available("kid"), medal, fund, used, badges


def test_a_full_return_undoes_what_its_event_set_off(client: httpx.Client, auth: dict[str, str]) -> None:
    assert client.patch("/v1/programs/default", json={"budget": 10_000}, headers=auth).is_success
    for path, body in SETUP:
        assert client.post(path, json=body, headers=auth).status_code == 201, (path, body)
    for member, referred_by in (("ann", None), ("kid", "ann")):
        joined = {"external_id": member, **({"referred_by": referred_by} if referred_by else {})}
        assert client.post("/v1/members", json=joined, headers=auth).status_code == 201
    assert _buy(client, auth, "p1", "ann", 100, days_ago=1)["points"] == 100
    assert _buy(client, auth, "p2", "ann", 50)["points"] == 50 + 7  # the streak's second day; keen and both too
    kid_effects = _buy(client, auth, "k1", "kid", 20)
    assert kid_effects.get("referral") == {"referee_points": 4, "referrer_points": 10}, kid_effects
    assert _state(client, auth) == (167, 24, 2, 9, 191, ["both", "daily", "keen", "often"])

    returned = _return(client, auth, "p1")
    assert returned["points"] == -107
    assert returned["streak_days_removed"] == [
        {"badge": "daily", "day": (datetime.now(UTC) - timedelta(days=1)).date().isoformat()}
    ]
    assert sorted(b["key"] for b in returned["badges_revoked"]) == ["both", "daily", "keen", "often"]
    assert _state(client, auth) == (60, 24, 1, 6, 84, [])

    returned = _return(client, auth, "k1")
    assert returned["referral"] == {"referee_points": -4, "referrer_points": -10}
    assert returned["points"] == -24
    assert _state(client, auth) == (50, 0, 1, 3, 50, [])

    assert _buy(client, auth, "p3", "ann", 10)["points"] == 10  # the window counts p2 only: no `regular` points
    assert _buy(client, auth, "k2", "kid", 5)["referral"] == {"referee_points": 4, "referrer_points": 10}
    assert _state(client, auth) == (70, 9, 2, 9, 79, ["keen", "often"])  # both hold again
    partial = client.post("/v1/events/p3/reversals", json={"id": "half", "properties": {"amount": 5}}, headers=auth)
    assert partial.json()["effects"]["badges_revoked"] is None  # two purchases in 30 days still: often holds


def test_a_streak_day_stays_while_another_kept_event_falls_on_it(client: httpx.Client, auth: dict[str, str]) -> None:
    for path, body in SETUP[:3]:
        assert client.post(path, json=body, headers=auth).status_code == 201
    _buy(client, auth, "a", "ann", 1, days_ago=1)
    _buy(client, auth, "b", "ann", 1, days_ago=1)
    _buy(client, auth, "c", "ann", 1)
    assert _return(client, auth, "a")["streak_days_removed"] is None
    assert [b["key"] for b in client.get("/v1/members/ann", headers=auth).json()["badges"]] == ["daily"]
    assert _return(client, auth, "b")["badges_revoked"] == [{"key": "daily", "period": ""}]


def test_a_referrer_who_spent_the_reward_owes_it(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/referrals", json={"event_type": "purchase", "referrer_points": 10}, headers=auth)
    client.post("/v1/rewards", json={"key": "pen", "name": "Pen", "cost": 8}, headers=auth)
    for member, referred_by in (("ann", None), ("kid", "ann")):
        joined = {"external_id": member, **({"referred_by": referred_by} if referred_by else {})}
        client.post("/v1/members", json=joined, headers=auth)
    _buy(client, auth, "k1", "kid", 20)
    assert client.post("/v1/rewards/pen/redeem", json={"member": "ann"}, headers=auth).status_code == 201
    assert _return(client, auth, "k1")["referrer_debt"] == 8
    owed = client.get("/v1/members/ann/balance", headers=auth).json()
    assert (owed["available"], owed["debt"]) == (0, 8)
