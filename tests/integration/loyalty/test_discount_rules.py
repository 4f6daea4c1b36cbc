"""Cashback and accumulative discounts as CEL rules with the pricing helpers, through the API."""

import httpx


def test_cashback_and_banded_discount_rules_award_half_even_points(client: httpx.Client, auth: dict[str, str]) -> None:
    rules = [
        {"key": "cashback", "event_type": "purchase", "points": "cashback(event.amount, 2.5)"},
        {
            "key": "loyal-discount",
            "event_type": "purchase",
            "points": "discount(event.amount, discount_band(member.attributes.spend, "
            "[[0, 0], [10000, 3], [50000, 5]]))",
        },
    ]
    for rule in rules:
        created = client.post("/v1/rules", json=rule, headers=auth)
        assert created.status_code == 201, created.text
    client.post("/v1/members", json={"external_id": "shopper"}, headers=auth)
    client.patch("/v1/members/shopper", json={"attributes": {"spend": 12_000}}, headers=auth)
    event = {"id": "buy-1", "member": "shopper", "type": "purchase", "properties": {"amount": 1070}}
    response = client.post("/v1/events", json=event, headers=auth)
    assert response.status_code == 201, response.text
    awarded = {r["key"]: r["points"] for r in response.json()["effects"]["rules"]}
    assert awarded == {"cashback": 27, "loyal-discount": 32}  # 26.75 → 27; 3% of 1070 = 32.1 → 32
    assert client.get("/v1/members/shopper/balance", headers=auth).json()["available"] == 59


def test_a_helper_given_a_bad_constant_is_refused_naming_the_field(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {"key": "greedy", "event_type": "purchase", "points": "cashback(100, 150)"}
    response = client.post("/v1/rules", json=rule, headers=auth)
    assert response.status_code == 422
    assert response.json()["field"] == "points" and "percent" in response.json()["detail"]


def test_a_helper_failing_on_an_event_skips_the_rule(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {"key": "rate", "event_type": "visit", "points": "cashback(event.amount, event.rate)"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    event = {"id": "v-1", "member": "vis", "type": "visit", "properties": {"amount": 100, "rate": 300}}
    effects = client.post("/v1/events", json=event, headers=auth).json()["effects"]
    assert effects["points"] == 0 and effects["rule_errors"][0]["rule"] == "rate"
