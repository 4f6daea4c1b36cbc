"""Charity funds fed by events, program statistics, and the members export."""

import csv
import io

import httpx

from tests.conftest import new_tenant


def test_a_fund_grows_by_per_event_for_each_event_of_its_type(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/events", json={"id": "before", "member": "a", "type": "card_use"}, headers=auth)
    created = client.post(
        "/v1/funds",
        json={"key": "trees", "name": "Plant trees", "event_type": "card_use", "per_event": 3},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    assert created.json()["balance"] == 0
    for i in range(4):
        client.post("/v1/events", json={"id": f"use-{i}", "member": "a", "type": "card_use"}, headers=auth)
    client.post("/v1/events", json={"id": "other", "member": "a", "type": "visit"}, headers=auth)
    client.post("/v1/events", json={"id": "use-0", "member": "a", "type": "card_use"}, headers=auth)  # a replay
    fund = client.get("/v1/funds/trees", headers=auth).json()
    assert (fund["events"], fund["balance"]) == (4, 12)
    # Members keep their points: the fund is the business's pledge.
    assert client.get("/v1/members/a/balance", headers=auth).json()["available"] == 0
    assert [f["key"] for f in client.get("/v1/funds", headers=auth).json()] == ["trees"]


def test_fund_definitions_are_idempotent_checked_and_tenant_scoped(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"key": "water", "name": "Water", "event_type": "e", "per_event": 1}
    assert client.post("/v1/funds", json=body, headers=auth).status_code == 201
    assert client.post("/v1/funds", json=body, headers=auth).status_code == 200
    assert client.post("/v1/funds", json={**body, "per_event": 2}, headers=auth).status_code == 409
    assert client.post("/v1/funds", json={**body, "key": "z", "per_event": 0}, headers=auth).status_code == 422
    stranger = new_tenant(client, "Other")
    assert client.get("/v1/funds/water", headers=stranger).status_code == 404


def test_stats_count_members_activity_repeats_redemptions_and_liability(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/rules", json={"key": "r", "event_type": "purchase", "points": "10"}, headers=auth)
    for event_id, member in [("p1", "a"), ("p2", "a"), ("p3", "b"), ("p4", "c")]:
        client.post("/v1/events", json={"id": event_id, "member": member, "type": "purchase"}, headers=auth)
    client.post("/v1/members", json={"external_id": "idle"}, headers=auth)
    client.post("/v1/rewards", json={"key": "gift", "name": "Gift", "cost": 8}, headers=auth)
    assert client.post("/v1/rewards/gift/redeem", json={"member": "a"}, headers=auth).status_code == 201
    stats = client.get("/v1/stats", headers=auth)
    assert stats.status_code == 200, stats.text
    body = stats.json()
    assert body["members"] == 4
    assert body["active_30d"] == 3
    assert body["repeat_rate"] == round(1 / 3, 4)
    assert (body["points_issued"], body["points_redeemed"]) == (40, 8)
    assert body["redemption_rate"] == 0.2
    assert body["liability"] == 32
    assert body["liability_tokens"] is None
    assert client.get("/v1/stats?program=nope", headers=auth).status_code == 404


def test_members_export_is_csv_with_balances_level_and_badges(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "r", "event_type": "buy", "points": "5"}, headers=auth)
    client.post(
        "/v1/badges",
        json={"key": "first", "name": "First", "criteria": {"event_type": "buy", "count": 1}},
        headers=auth,
    )
    client.post("/v1/members", json={"external_id": "=cmd", "display_name": "Mallory"}, headers=auth)
    client.post("/v1/events", json={"id": "b1", "member": "alice", "type": "buy"}, headers=auth)
    response = client.get("/v1/export/members.csv", headers=auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_id = {row["external_id"]: row for row in rows}
    assert set(by_id) == {"'=cmd", "alice"}
    assert (by_id["alice"]["available"], by_id["alice"]["lifetime"], by_id["alice"]["badges"]) == ("5", "5", "first")
    assert by_id["'=cmd"]["display_name"] == "Mallory"
    stranger = new_tenant(client, "Other")
    assert client.get("/v1/export/members.csv", headers=stranger).text.count("\n") == 1
