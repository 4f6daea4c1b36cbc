"""A pricing helper given a constant it can never accept is refused when the rule is saved, naming the field and
the reason, rather than failing on every event."""

import httpx
import pytest

BAD = [
    ("cashback(event.amount, 150)", "percent must be between 0 and 100, got 150"),
    ("discount(event.amount, 10 * 20)", "percent must be between 0 and 100, got 200"),
    ("cashback(event.amount, -1)", "percent must be between 0 and 100"),
    ("fixed_discount(event.amount, -5)", "off must not be negative"),
    ('cashback(event.amount, "5")', "percent must be a number"),
    ("discount_band(event.spend, [[0, 0], [1000]])", "each band must be a [threshold, percent] pair"),
    ("discount_band(event.spend, {0: 0, 100: 120})", "percent must be between 0 and 100, got 120"),
    ("discount_band(event.spend, [])", "bands must be a non-empty"),
    ("discount(event.amount, discount_band(event.spend, [[0, 5], [100, 101]]))", "got 101"),
    ("cashback(event.amount)", "cashback() takes 2 arguments, got 1"),
]


@pytest.mark.parametrize(("points", "reason"), BAD)
def test_a_constant_out_of_range_is_refused_on_save(
    client: httpx.Client, auth: dict[str, str], points: str, reason: str
) -> None:
    rule = {"key": "bad", "event_type": "purchase", "points": points}
    response = client.post("/v1/rules", json=rule, headers=auth)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["field"] == "points" and reason in problem["detail"], problem
    assert client.get("/v1/rules/bad", headers=auth).status_code == 404


def test_a_bad_constant_in_a_condition_is_refused_too(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {"key": "c", "event_type": "purchase", "points": "1", "condition": "cashback(event.amount, 101) > 1"}
    response = client.post("/v1/rules", json=rule, headers=auth)
    assert response.status_code == 422 and response.json()["field"] == "condition", response.text


def test_helpers_with_event_arguments_or_good_constants_are_saved(client: httpx.Client, auth: dict[str, str]) -> None:
    for n, points in enumerate(
        [
            "cashback(event.amount, event.rate)",  # known per event: checked then
            "cashback(event.amount, 100) + fixed_discount(event.amount, 0)",
            "discount(event.amount, discount_band(event.spend, {0: 0, 10000: 2.5}))",
            'size("cashback(1, 500)") + cashback(event.amount, 5)',  # a call inside a string is no call
        ]
    ):
        rule = {"key": f"ok{n}", "event_type": "purchase", "points": points}
        assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201, points
    event = {"id": "e1", "member": "ann", "type": "purchase", "properties": {"amount": 200, "rate": 5, "spend": 1}}
    effects = client.post("/v1/events", json=event, headers=auth).json()["effects"]
    assert {r["key"]: r["points"] for r in effects["rules"]} == {"ok0": 10, "ok1": 200, "ok2": 0, "ok3": 26}
