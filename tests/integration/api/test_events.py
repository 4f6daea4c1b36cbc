"""Events: idempotent by id, awarded once under concurrency, effects returned, penalties floored at zero."""

from concurrent.futures import ThreadPoolExecutor

import httpx

CASHBACK = {
    "key": "cashback",
    "event_type": "purchase",
    "condition": "event.amount >= 10",
    "points": "event.amount * 5 / 100",
}


def test_event_awards_points_once_and_replays_its_effects(client: httpx.Client, auth: dict[str, str]) -> None:
    assert client.post("/v1/rules", json=CASHBACK, headers=auth).status_code == 201
    event = {"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 400}}
    first = client.post("/v1/events", json=event, headers=auth)
    again = client.post("/v1/events", json=event, headers=auth)
    assert first.status_code == 201
    assert first.json()["effects"]["points"] == 20
    assert set(first.json()["effects"]) >= {"points", "badges", "quests", "level"}
    assert again.status_code == 200
    assert again.json() == first.json()
    assert client.get("/v1/members/alice/balance", headers=auth).json()["available"] == 20


def test_same_id_with_another_body_is_a_conflict(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/events", json={"id": "x", "member": "m", "type": "t", "properties": {"a": 1}}, headers=auth)
    response = client.post(
        "/v1/events", json={"id": "x", "member": "m", "type": "t", "properties": {"a": 2}}, headers=auth
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/event-conflict")


def test_24_concurrent_copies_of_one_event_award_once(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "visit", "event_type": "visit", "points": "10"}, headers=auth)
    event = {"id": "race-1", "member": "racer", "type": "visit"}

    def send(_: int) -> httpx.Response:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post("/v1/events", json=event, headers=auth)

    with ThreadPoolExecutor(max_workers=24) as pool:
        responses = list(pool.map(send, range(24)))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * 23 + [201], codes
    assert {r.json()["effects"]["points"] for r in responses} == {10}
    balance = client.get("/v1/members/racer/balance", headers=auth).json()
    assert balance["available"] == 10
    ledger = client.get("/v1/members/racer/ledger", headers=auth).json()["items"]
    assert len(ledger) == 1


def test_penalty_never_takes_a_balance_below_zero(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "post", "event_type": "post", "points": "30", "xp": "5"}, headers=auth)
    client.post("/v1/rules", json={"key": "ban", "event_type": "banned", "points": "-50", "xp": "-20"}, headers=auth)
    client.post("/v1/events", json={"id": "p1", "member": "troll", "type": "post"}, headers=auth)
    effects = client.post("/v1/events", json={"id": "b1", "member": "troll", "type": "banned"}, headers=auth).json()[
        "effects"
    ]
    assert effects["points"] == -30
    assert effects["xp"] == -5
    assert effects["uncollected"] == {"points": 20, "xp": 15}
    assert client.get("/v1/members/troll/balance", headers=auth).json()["available"] == 0


def test_batch_gives_one_result_per_event(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json=CASHBACK, headers=auth)
    client.post(
        "/v1/events",
        json={"id": "old", "member": "bob", "type": "purchase", "properties": {"amount": 20}},
        headers=auth,
    )
    batch = [
        {"id": "n1", "member": "bob", "type": "purchase", "properties": {"amount": 100}},
        {"id": "old", "member": "bob", "type": "purchase", "properties": {"amount": 20}},
        {"id": "old", "member": "bob", "type": "purchase", "properties": {"amount": 21}},
        {"id": "n1", "member": "bob", "type": "purchase", "properties": {"amount": 100}},
        {"id": "bad", "member": "bob"},
        {"id": "n2", "member": "carol", "type": "purchase", "properties": {"amount": 5}},
        {"id": "n3", "member": "bob", "type": "purchase", "program": "nope"},
    ]
    response = client.post("/v1/events/batch", json={"events": batch}, headers=auth)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 200, 409, 200, 422, 201, 404]
    assert results[0]["effects"]["points"] == 5
    assert results[4]["error"]["detail"].startswith("type")
    assert client.get("/v1/members/bob/balance", headers=auth).json()["available"] == 6


def test_batch_size_is_limited(client: httpx.Client, auth: dict[str, str]) -> None:
    events = [{"id": f"e{i}", "member": "m", "type": "t"} for i in range(1001)]
    response = client.post("/v1/events/batch", json={"events": events}, headers=auth)
    assert response.status_code == 422
    assert "at most 1000" in response.json()["detail"]


def test_rule_that_fails_on_an_event_is_skipped_and_reported(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "amt", "event_type": "buy", "points": "event.amount"}, headers=auth)
    effects = client.post(
        "/v1/events", json={"id": "e", "member": "m", "type": "buy", "properties": {"amount": 1.5}}, headers=auth
    ).json()["effects"]
    assert effects["points"] == 0
    assert effects["rule_errors"][0]["rule"] == "amt"


def test_ledger_is_newest_first_and_paginated(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "v", "event_type": "visit", "points": "event.n"}, headers=auth)
    for n in range(1, 6):
        client.post(
            "/v1/events", json={"id": f"v{n}", "member": "pager", "type": "visit", "properties": {"n": n}}, headers=auth
        )
    first = client.get("/v1/members/pager/ledger?limit=3", headers=auth).json()
    assert [item["amount"] for item in first["items"]] == [5, 4, 3]
    second = client.get(f"/v1/members/pager/ledger?limit=3&before={first['next_before']}", headers=auth).json()
    assert [item["amount"] for item in second["items"]] == [2, 1]
    assert second["next_before"] is None
    assert first["items"][0]["event_id"] == "v5"


def test_an_event_is_answered_alike_however_its_request_is_written(client: httpx.Client, auth: dict[str, str]) -> None:
    """A plain request is served on the event loop by `api.event_ingress`, any other by the route itself (here: a
    charset in the content type): the two answer alike, for a new event, a replay, a conflict and a bad body."""
    client.post("/v1/rules", json=CASHBACK, headers=auth)
    plain = auth | {"Content-Type": "application/json"}
    routed = auth | {"Content-Type": "application/json; charset=utf-8"}
    for first, then, event_id in ((plain, routed, "ways-1"), (routed, plain, "ways-2")):
        body = httpx.Request(
            "POST", "/", json={"id": event_id, "member": "bo", "type": "purchase", "properties": {"amount": 40}}
        ).content
        created = client.post("/v1/events", content=body, headers=first)
        replayed = client.post("/v1/events", content=body, headers=then)
        assert (created.status_code, replayed.status_code) == (201, 200)
        assert replayed.json() == created.json()
        assert replayed.headers["content-type"] == created.headers["content-type"] == "application/json"
        conflicts = [
            client.post("/v1/events", content=body.replace(b"40", b"41"), headers=headers) for headers in (first, then)
        ]
        assert [r.status_code for r in conflicts] == [409, 409]
        assert conflicts[0].json() == conflicts[1].json()
        invalid = [client.post("/v1/events", content=b'{"id": "x"}', headers=headers) for headers in (first, then)]
        assert [r.status_code for r in invalid] == [422, 422]
        assert invalid[0].json() == invalid[1].json()
        assert invalid[0].headers["content-type"] == "application/problem+json"
    assert client.get("/v1/members/bo/balance", headers=auth).json()["available"] == 4
