"""Targeting through the API: member attributes in CEL, event schemas on ingest, and segments on rules, badges and
quests."""

from concurrent.futures import ThreadPoolExecutor

import httpx


def event(
    client: httpx.Client, auth: dict[str, str], event_id: str, member: str, kind: str, **props: object
) -> httpx.Response:
    return client.post(
        "/v1/events", json={"id": event_id, "member": member, "type": kind, "properties": props}, headers=auth
    )


# ---- member attributes ----------------------------------------------------------------------------------------


def test_patched_attributes_merge_and_null_removes(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "ann"}, headers=auth)
    first = client.patch("/v1/members/ann", json={"attributes": {"city": "Oslo", "store": 7}}, headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["attributes"] == {"city": "Oslo", "store": 7}
    second = client.patch("/v1/members/ann", json={"attributes": {"store": None, "tier": "gold"}}, headers=auth)
    assert second.json()["attributes"] == {"city": "Oslo", "tier": "gold"}
    assert client.get("/v1/members/ann", headers=auth).json()["attributes"] == {"city": "Oslo", "tier": "gold"}


def test_attributes_are_validated(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "bob"}, headers=auth)
    bad = [
        b'{"attributes": {"a": NaN}}',
        b'{"attributes": ' + b'{"a": ' * 30 + b"1" + b"}" * 30 + b"}",
        b'{"attributes": {"not a name": 1}}',
        b'{"attributes": []}',
        b'{"attributes": {"a": 1}, "extra": 2}',
        b'{"attributes": {"big": "' + b"x" * 20_000 + b'"}}',
        b"{broken",
    ]
    for body in bad:
        response = client.patch("/v1/members/bob", content=body, headers={**auth, "Content-Type": "application/json"})
        assert response.status_code == 422, (body[:60], response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    missing = client.patch("/v1/members/nobody", json={"attributes": {"a": 1}}, headers=auth)
    assert missing.status_code == 404


def test_attributes_are_usable_in_rule_conditions(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {"key": "oslo", "event_type": "visit", "condition": "member.attributes.city == 'Oslo'", "points": "10"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    client.post("/v1/members", json={"external_id": "cat"}, headers=auth)
    assert event(client, auth, "v1", "cat", "visit").json()["effects"]["points"] == 0
    client.patch("/v1/members/cat", json={"attributes": {"city": "Oslo"}}, headers=auth)
    assert event(client, auth, "v2", "cat", "visit").json()["effects"]["points"] == 10


# ---- event schemas --------------------------------------------------------------------------------------------

PURCHASE_SCHEMA = {
    "type": "object",
    "properties": {"amount": {"type": "integer", "minimum": 0}, "sku": {"type": "string"}},
    "required": ["amount"],
}


def test_events_of_a_type_with_a_schema_are_checked(client: httpx.Client, auth: dict[str, str]) -> None:
    created = client.post("/v1/event-schemas", json={"type": "purchase", "schema": PURCHASE_SCHEMA}, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()["version"] == 1 and created.json()["schema"] == PURCHASE_SCHEMA

    missing = event(client, auth, "p1", "ann", "purchase", sku="x")
    assert missing.status_code == 422
    assert missing.json()["field"] == "properties.amount"
    wrong = event(client, auth, "p2", "ann", "purchase", amount="ten")
    assert wrong.status_code == 422 and wrong.json()["field"] == "properties.amount"
    assert "'ten' is not of type 'integer'" in wrong.json()["detail"]
    assert event(client, auth, "p3", "ann", "purchase", amount=5).status_code == 201
    assert event(client, auth, "o1", "ann", "other", anything=["goes"]).status_code == 201
    # A rejected event was not stored: the same id, now valid, lands.
    assert event(client, auth, "p2", "ann", "purchase", amount=10).status_code == 201


def test_a_batch_rejects_only_the_items_that_do_not_match(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/event-schemas", json={"type": "purchase", "schema": PURCHASE_SCHEMA}, headers=auth)
    events = [
        {"id": "b1", "member": "m", "type": "purchase", "properties": {"amount": 1}},
        {"id": "b2", "member": "m", "type": "purchase", "properties": {"amount": -1}},
        {"id": "b3", "member": "m", "type": "visit"},
    ]
    results = client.post("/v1/events/batch", json={"events": events}, headers=auth).json()["results"]
    assert [r["status"] for r in results] == [201, 422, 201]
    assert results[1]["error"]["field"] == "properties.amount"


def test_schema_changes_are_versioned(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"type": "signup", "schema": {"type": "object", "required": ["source"]}}
    assert client.post("/v1/event-schemas", json=body, headers=auth).status_code == 201
    assert client.post("/v1/event-schemas", json=body, headers=auth).status_code == 200
    other = {"type": "signup", "schema": {"type": "object"}}
    assert client.post("/v1/event-schemas", json=other, headers=auth).status_code == 409
    replaced = client.put("/v1/event-schemas/signup", json=other, headers=auth)
    assert replaced.status_code == 201 and replaced.json()["version"] == 2
    versions = client.get("/v1/event-schemas/signup/versions", headers=auth).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert event(client, auth, "s1", "ann", "signup").status_code == 201  # version 2 requires nothing
    assert [s["type"] for s in client.get("/v1/event-schemas", headers=auth).json()] == ["signup"]
    assert client.get("/v1/event-schemas/nothing", headers=auth).status_code == 404


def test_invalid_schemas_are_refused(client: httpx.Client, auth: dict[str, str]) -> None:
    for schema in (
        {"type": "objekt"},
        {"properties": {"a": {"minimum": "zero"}}},
        {"$ref": "https://example.com/schema.json"},
        {"$ref": "#/$defs/missing"},
    ):
        response = client.post("/v1/event-schemas", json={"type": "t", "schema": schema}, headers=auth)
        assert response.status_code == 422, (schema, response.text)
        assert response.json()["field"] == "schema"


# ---- segments -------------------------------------------------------------------------------------------------


def test_a_rule_limited_to_a_segment(client: httpx.Client, auth: dict[str, str]) -> None:
    segment = {"key": "vip", "name": "VIPs", "condition": "member.attributes.tier == 'gold'"}
    assert client.post("/v1/segments", json=segment, headers=auth).status_code == 201
    rule = {"key": "vip-bonus", "event_type": "purchase", "points": "100", "segment": "vip"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    client.post("/v1/members", json={"external_id": "gold"}, headers=auth)
    client.patch("/v1/members/gold", json={"attributes": {"tier": "gold"}}, headers=auth)
    assert event(client, auth, "g1", "gold", "purchase").json()["effects"]["points"] == 100
    assert event(client, auth, "n1", "plain", "purchase").json()["effects"]["points"] == 0


def test_a_member_enters_and_leaves_a_segment(client: httpx.Client, auth: dict[str, str]) -> None:
    segment = {"key": "regulars", "name": "Regulars", "condition": "member.events >= 2 && member.points < 30"}
    client.post("/v1/segments", json=segment, headers=auth)
    client.post("/v1/rules", json={"key": "base", "event_type": "visit", "points": "10"}, headers=auth)
    client.post(
        "/v1/rules", json={"key": "extra", "event_type": "visit", "points": "1", "segment": "regulars"}, headers=auth
    )
    client.post("/v1/members", json={"external_id": "loner"}, headers=auth)
    points = [event(client, auth, f"r{i}", "reg", "visit").json()["effects"]["points"] for i in range(4)]
    # in from the third event (two seen), out again once the balance reached 30 (31 after the third)
    assert points == [10, 10, 11, 10]

    def members() -> list[str]:
        page = client.get("/v1/segments/regulars/members", headers=auth)
        assert page.status_code == 200, page.text
        return [m["external_id"] for m in page.json()["items"]]

    assert members() == []
    event(client, auth, "l1", "loner", "visit")
    event(client, auth, "l2", "loner", "visit")
    assert members() == ["loner"]


def test_segment_members_are_paginated(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post(
        "/v1/segments", json={"key": "even", "name": "Even", "condition": "member.attributes.n % 2 == 0"}, headers=auth
    )
    for n in range(7):
        client.post("/v1/members", json={"external_id": f"m{n}"}, headers=auth)
        client.patch(f"/v1/members/m{n}", json={"attributes": {"n": n}}, headers=auth)
    client.post("/v1/members", json={"external_id": "no-attributes"}, headers=auth)  # the condition fails: out
    seen: list[str] = []
    after = None
    while True:
        params = {"limit": 2, **({"after": after} if after is not None else {})}
        page = client.get("/v1/segments/even/members", params=params, headers=auth).json()
        seen += [m["external_id"] for m in page["items"]]
        after = page["next_after"]
        if after is None:
            break
    assert seen == ["m0", "m2", "m4", "m6"]
    assert client.get("/v1/segments/nope/members", headers=auth).status_code == 404


def test_badges_and_quests_limited_to_a_segment(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post(
        "/v1/segments", json={"key": "kids", "name": "Kids", "condition": "member.attributes.age < 12"}, headers=auth
    )
    badge = {"key": "reader", "name": "Reader", "criteria": {"event_type": "read", "count": 1}, "segment": "kids"}
    assert client.post("/v1/badges", json=badge, headers=auth).status_code == 201
    quest = {"key": "q", "name": "Q", "steps": [{"event_type": "read", "count": 1}], "points": 5, "segment": "kids"}
    assert client.post("/v1/quests", json=quest, headers=auth).status_code == 201
    for who, age in (("kid", 9), ("adult", 40)):
        client.post("/v1/members", json={"external_id": who}, headers=auth)
        client.patch(f"/v1/members/{who}", json={"attributes": {"age": age}}, headers=auth)
    kid = event(client, auth, "k1", "kid", "read").json()["effects"]
    adult = event(client, auth, "a1", "adult", "read").json()["effects"]
    assert [b["key"] for b in kid["badges"]] == ["reader"] and kid["points"] == 5
    assert adult["badges"] == [] and adult["quests"] == [] and adult["points"] == 0


def test_segments_are_checked_when_saved(client: httpx.Client, auth: dict[str, str]) -> None:
    rule = {"key": "r", "event_type": "visit", "points": "1", "segment": "ghosts"}
    response = client.post("/v1/rules", json=rule, headers=auth)
    assert response.status_code == 422 and response.json()["field"] == "segment"
    for condition in ("event.amount > 1", "member.points >", "1 + 2"):
        bad = client.post("/v1/segments", json={"key": "s", "name": "S", "condition": condition}, headers=auth)
        assert bad.status_code == 422, (condition, bad.text)


# ---- referrals ------------------------------------------------------------------------------------------------


def balance(client: httpx.Client, auth: dict[str, str], member: str) -> int:
    response = client.get(f"/v1/members/{member}/balance", headers=auth)
    assert response.status_code == 200, response.text
    return int(response.json()["available"])


def join(client: httpx.Client, auth: dict[str, str], member: str, referred_by: str | None = None) -> httpx.Response:
    body = {"external_id": member, **({"referred_by": referred_by} if referred_by else {})}
    return client.post("/v1/members", json=body, headers=auth)


def test_referral_is_paid_once_on_the_first_qualifying_event(client: httpx.Client, auth: dict[str, str]) -> None:
    terms = {"event_type": "purchase", "referrer_points": 50, "referee_points": 20}
    assert client.post("/v1/referrals", json=terms, headers=auth).status_code == 201
    assert client.post("/v1/referrals", json=terms, headers=auth).status_code == 200
    assert client.get("/v1/referrals", headers=auth).json() == terms
    client.post("/v1/rules", json={"key": "p", "event_type": "purchase", "points": "1"}, headers=auth)
    join(client, auth, "ref")
    assert join(client, auth, "newbie", referred_by="ref").status_code == 201
    assert join(client, auth, "newbie", referred_by="ref").status_code == 200  # the same referral again

    assert event(client, auth, "v", "newbie", "visit").json()["effects"]["points"] == 0  # not qualifying
    assert balance(client, auth, "ref") == 0
    assert event(client, auth, "p1", "newbie", "purchase").json()["effects"]["points"] == 21
    assert event(client, auth, "p1", "newbie", "purchase").status_code == 200  # replayed: nothing new
    batch = [{"id": f"p{i}", "member": "newbie", "type": "purchase"} for i in (2, 3)]
    assert [
        r["status"] for r in client.post("/v1/events/batch", json={"events": batch}, headers=auth).json()["results"]
    ] == [201, 201]
    assert balance(client, auth, "ref") == 50
    assert balance(client, auth, "newbie") == 23
    board = client.get("/v1/referrals/leaderboard", headers=auth).json()
    assert board == [{"member": "ref", "referrals": 1}]


def test_both_first_events_in_one_batch_pay_once(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/referrals", json={"event_type": "purchase", "referrer_points": 7}, headers=auth)
    join(client, auth, "ref")
    join(client, auth, "kid", referred_by="ref")
    batch = [{"id": f"b{i}", "member": "kid", "type": "purchase"} for i in range(3)]
    client.post("/v1/events/batch", json={"events": batch}, headers=auth)
    assert balance(client, auth, "ref") == 7


def test_self_referral_cycles_and_strangers_are_refused(client: httpx.Client, auth: dict[str, str]) -> None:
    selfish = join(client, auth, "me", referred_by="me")
    assert selfish.status_code == 422 and selfish.json()["field"] == "referred_by"
    assert client.get("/v1/members/me", headers=auth).status_code == 404  # nothing was created
    assert join(client, auth, "x", referred_by="nobody").status_code == 422
    join(client, auth, "a")
    assert join(client, auth, "b", referred_by="a").status_code == 201
    assert join(client, auth, "c", referred_by="b").status_code == 201
    cycle = join(client, auth, "a", referred_by="c")
    assert cycle.status_code == 422 and "cycle" in cycle.json()["detail"]
    assert join(client, auth, "c", referred_by="a").status_code == 409  # already referred by b


def test_an_active_member_cannot_be_referred(client: httpx.Client, auth: dict[str, str]) -> None:
    join(client, auth, "ref")
    event(client, auth, "e", "old", "visit")
    assert join(client, auth, "old", referred_by="ref").status_code == 409


def test_referral_terms_are_validated(client: httpx.Client, auth: dict[str, str]) -> None:
    for body in (
        {"event_type": "p", "referrer_points": -1},
        {"event_type": "p"},
        {"event_type": "p p", "referrer_points": 1},
    ):
        assert client.post("/v1/referrals", json=body, headers=auth).status_code == 422
    assert client.get("/v1/referrals", headers=auth).status_code == 404


def test_concurrent_first_events_pay_the_referral_once(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post(
        "/v1/referrals", json={"event_type": "purchase", "referrer_points": 9, "referee_points": 1}, headers=auth
    )
    join(client, auth, "ref")
    join(client, auth, "rush", referred_by="ref")

    def send(i: int) -> int:
        batch = {"events": [{"id": f"c{i}", "member": "rush", "type": "purchase"}]}
        return int(client.post("/v1/events/batch", json=batch, headers=auth).json()["results"][0]["status"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(send, range(16))) == [201] * 16
    assert balance(client, auth, "ref") == 9
    assert balance(client, auth, "rush") == 1


def test_a_members_segments_are_listed(client: httpx.Client, auth: dict[str, str]) -> None:
    for key, condition in (("gold", "member.attributes.tier == 'gold'"), ("new", "member.events == 0")):
        client.post("/v1/segments", json={"key": key, "name": key, "condition": condition}, headers=auth)
    client.post("/v1/members", json={"external_id": "gil"}, headers=auth)
    assert client.get("/v1/members/gil/segments", headers=auth).json() == ["new"]
    client.patch("/v1/members/gil", json={"attributes": {"tier": "gold"}}, headers=auth)
    event(client, auth, "gil-1", "gil", "visit")
    assert client.get("/v1/members/gil/segments", headers=auth).json() == ["gold"]
    assert client.get("/v1/members/nobody/segments", headers=auth).status_code == 404
