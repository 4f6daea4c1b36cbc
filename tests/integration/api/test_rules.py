"""Rules are checked when saved: a bad expression is a 422 that points at the problem."""

import httpx


def test_syntax_error_points_at_line_and_column(client: httpx.Client, auth: dict[str, str]) -> None:
    response = client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "event.amount *"}, headers=auth)
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "points"
    assert "1:15" in body["detail"]


def test_unknown_variables_functions_and_wrong_types_are_refused(client: httpx.Client, auth: dict[str, str]) -> None:
    cases = {
        "points": ["user.amount", "launch_missiles(event)", "1.5", "'ten'"],
        "condition": ["1 + 1", "'yes'"],
    }
    for field, sources in cases.items():
        for source in sources:
            body = {"key": "r", "event_type": "t", "points": "1", field: source}
            response = client.post("/v1/rules", json=body, headers=auth)
            assert response.status_code == 422, (field, source, response.text)
            assert response.json()["field"] == field


def test_saving_the_same_rule_twice_is_idempotent(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {"key": "r", "event_type": "t", "points": "1"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 200
    assert client.post("/v1/rules", json={**rule, "points": "2"}, headers=auth).status_code == 409
    assert [r["key"] for r in client.get("/v1/rules", headers=auth).json()] == ["r"]


def test_a_rule_must_award_something(client: httpx.Client, auth: dict[str, str]) -> None:
    response = client.post("/v1/rules", json={"key": "r", "event_type": "t"}, headers=auth)
    assert response.status_code == 422
