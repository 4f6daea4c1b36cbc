"""Kept segment membership through the API: members enter and leave as events, attribute changes, imports and time
move them; entry and exit are webhooks; the list is paginated from the kept rows; stats show each segment's size."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import Engine

from achievements.expressions import MEMBER_FIELDS
from achievements.state import MemberState
from achievements.windows import WINDOWS, Windows
from core.db import create_db_engine
from core.settings import Settings
from targeting.imports import process_import
from tests.conftest import LOCAL_RECEIVERS, make_settings, new_tenant
from tests.integration.api.test_webhooks import Receiver


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Webhooks here go to receivers on loopback: the operator allows that network and plain http."""
    data_dir = tmp_path_factory.mktemp(f"laurel-{request.param}")
    return make_settings(request.param, data_dir, request, **LOCAL_RECEIVERS)


# Events dated this much short of 30 days ago: a loaded machine must store them before they turn 30 days old.
MARGIN_S = 4.0


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(settings.effective_database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()


def event(
    client: httpx.Client, auth: dict[str, str], event_id: str, member: str, occurred_at: datetime | None = None
) -> dict[str, object]:
    body: dict[str, object] = {"id": event_id, "member": member, "type": "visit"}
    if occurred_at is not None:
        body["occurred_at"] = occurred_at.isoformat()
    response = client.post("/v1/events", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json()["effects"])


def segment(client: httpx.Client, auth: dict[str, str], key: str, condition: str, *, method: str = "POST") -> None:
    path = "/v1/segments" if method == "POST" else f"/v1/segments/{key}"
    response = client.request(method, path, json={"key": key, "name": key, "condition": condition}, headers=auth)
    assert response.status_code == 201, response.text


def members(client: httpx.Client, auth: dict[str, str], key: str) -> list[str]:
    page = client.get(f"/v1/segments/{key}/members", params={"limit": 1000}, headers=auth)
    assert page.status_code == 200, page.text
    assert page.json()["next_after"] is None
    return [item["external_id"] for item in page.json()["items"]]


def sizes(client: httpx.Client, auth: dict[str, str]) -> dict[str, int]:
    return dict(client.get("/v1/stats", headers=auth).json()["segments"])


def test_events_move_members_in_and_out_with_webhooks(
    client: httpx.Client, auth: dict[str, str], receiver: Receiver
) -> None:
    hooks = {"url": receiver.url, "events": ["segment.entered", "segment.left"]}
    assert client.post("/v1/webhooks", json=hooks, headers=auth).status_code == 201
    segment(client, auth, "regulars", "member.events >= 2 && member.points < 30")
    client.post("/v1/rules", json={"key": "base", "event_type": "visit", "points": "10"}, headers=auth)
    event(client, auth, "r1", "reg")
    assert members(client, auth, "regulars") == []
    event(client, auth, "r2", "reg")  # two visits, 20 points: in
    assert members(client, auth, "regulars") == ["reg"]
    page = client.get("/v1/segments/regulars/members", headers=auth).json()["items"]
    assert (page[0]["points"], page[0]["level"]) == (20, None) and page[0]["since"]
    event(client, auth, "r3", "reg")  # 30 points: out
    assert members(client, auth, "regulars") == []
    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 2
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert sorted((b["type"], b["data"]["segment"], b["data"]["member"]) for b in bodies) == [
        ("segment.entered", "regulars", "reg"),
        ("segment.left", "regulars", "reg"),
    ]


def test_attributes_move_members_and_stats_count_them(client: httpx.Client, auth: dict[str, str]) -> None:
    segment(client, auth, "oslo", "member.attributes.city == 'Oslo'")
    segment(client, auth, "newcomers", "member.events == 0")
    assert sizes(client, auth) == {"newcomers": 0, "oslo": 0}
    for who in ("ann", "bob", "cat"):
        assert client.post("/v1/members", json={"external_id": who}, headers=auth).status_code == 201
    assert members(client, auth, "newcomers") == ["ann", "bob", "cat"]  # a new member is judged at once
    client.patch("/v1/members/ann", json={"attributes": {"city": "Oslo"}}, headers=auth)
    client.patch("/v1/members/bob", json={"attributes": {"city": "Oslo"}}, headers=auth)
    assert members(client, auth, "oslo") == ["ann", "bob"]
    client.patch("/v1/members/ann", json={"attributes": {"city": None}}, headers=auth)
    assert members(client, auth, "oslo") == ["bob"]
    event(client, auth, "c1", "cat")
    assert sizes(client, auth) == {"newcomers": 2, "oslo": 1}


def test_time_moves_members_through_the_refresh_job(client: httpx.Client, auth: dict[str, str]) -> None:
    """No event arrives, yet a month passes: the refresh job (beat, or POST /v1/jobs/refresh-segments) moves them."""
    segment(client, auth, "lapsed", "member.days_since_last_event != null && member.days_since_last_event >= 30")
    segment(client, auth, "active", "member.days_since_last_event != null && member.days_since_last_event < 30")
    almost_a_month_ago = datetime.now(UTC) - timedelta(days=30) + timedelta(seconds=MARGIN_S)
    event(client, auth, "old", "dora", occurred_at=almost_a_month_ago)
    assert (members(client, auth, "active"), members(client, auth, "lapsed")) == (["dora"], [])
    time.sleep(MARGIN_S + 0.5)
    assert members(client, auth, "active") == ["dora"]  # kept as it was until something refreshes it
    job = client.post("/v1/jobs/refresh-segments", headers=auth)
    assert job.status_code == 200, job.text
    assert (job.json()["entered"], job.json()["left"]) == (1, 1)
    assert (members(client, auth, "active"), members(client, auth, "lapsed")) == ([], ["dora"])
    again = client.post("/v1/jobs/refresh-segments", headers=auth).json()
    assert (again["members"], again["entered"], again["left"]) == (1, 0, 0)


def test_a_segment_limited_rule_judges_the_member_itself(client: httpx.Client, auth: dict[str, str]) -> None:
    """Gates evaluate the condition on the member at the event, so a kept row that time has outrun does not
    decide: a member lapsed since (no refresh ran) still gets the win-back bonus."""
    segment(client, auth, "lapsed", "member.days_since_last_event != null && member.days_since_last_event >= 30")
    rule = {"key": "welcome-back", "event_type": "visit", "points": "50", "segment": "lapsed"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    almost_a_month_ago = datetime.now(UTC) - timedelta(days=30) + timedelta(seconds=MARGIN_S)
    assert event(client, auth, "v1", "eve", occurred_at=almost_a_month_ago)["points"] == 0
    assert members(client, auth, "lapsed") == []
    time.sleep(MARGIN_S + 0.5)
    assert event(client, auth, "v2", "eve")["points"] == 50
    assert event(client, auth, "v3", "eve")["points"] == 0
    assert members(client, auth, "lapsed") == []


def test_a_saved_segment_is_back_filled_and_paginated(client: httpx.Client, auth: dict[str, str]) -> None:
    for n in range(7):
        client.post("/v1/members", json={"external_id": f"m{n}"}, headers=auth)
        client.patch(f"/v1/members/m{n}", json={"attributes": {"n": n}}, headers=auth)
    client.post("/v1/members", json={"external_id": "no-attributes"}, headers=auth)  # the condition fails: out
    segment(client, auth, "even", "member.attributes.n % 2 == 0")

    def pages(limit: int) -> list[list[str]]:
        seen, after = [], None
        while True:
            params = {"limit": limit, **({"after": after} if after is not None else {})}
            page = client.get("/v1/segments/even/members", params=params, headers=auth).json()
            seen.append([m["external_id"] for m in page["items"]])
            if (after := page["next_after"]) is None:
                return seen

    assert pages(2) == [["m0", "m2"], ["m4", "m6"]]
    assert pages(3) == [["m0", "m2", "m4"], ["m6"]]
    segment(client, auth, "even", "member.attributes.n % 2 == 1", method="PUT")  # a new condition: refilled
    assert pages(10) == [["m1", "m3", "m5"]]
    assert sizes(client, auth) == {"even": 3}


def test_imports_move_members(client: httpx.Client, auth: dict[str, str], engine: Engine) -> None:
    segment(client, auth, "rich-oslo", "member.attributes.city == 'Oslo' && member.points >= 100")
    csv = "external_id,points,city\nia,150,Oslo\nib,50,Oslo\nic,500,Rome\n"
    job = client.post("/v1/imports/members", content=csv.encode(), headers={**auth, "Content-Type": "text/csv"})
    process_import(engine, job.json()["id"])
    assert members(client, auth, "rich-oslo") == ["ia"]
    points = "external_id,points,memo\nia,-100,correction\nib,60,bonus\n"
    job = client.post("/v1/imports/points", content=points.encode(), headers={**auth, "Content-Type": "text/csv"})
    process_import(engine, job.json()["id"])
    assert members(client, auth, "rich-oslo") == ["ib"]


def test_segment_members_input_and_isolation(client: httpx.Client, auth: dict[str, str]) -> None:
    segment(client, auth, "all", "true")
    for params in ({"limit": 0}, {"limit": 1001}, {"after": -1}, {"after": "x"}):
        response = client.get("/v1/segments/all/members", params=params, headers=auth)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get("/v1/segments/nope/members", headers=auth).status_code == 404
    assert client.get("/v1/segments/all/members", params={"program": "other"}, headers=auth).status_code == 404
    other = new_tenant(client, "Other")
    assert client.get("/v1/segments/all/members", headers=other).status_code == 404
    event(client, other, "o1", "stranger")
    assert members(client, auth, "all") == []


def test_levels_move_members_by_event_and_by_requalification(client: httpx.Client, auth: dict[str, str]) -> None:
    segment(client, auth, "pros", "member.level == 'pro'")
    client.post("/v1/rules", json={"key": "up", "event_type": "up", "xp": "50"}, headers=auth)
    client.post("/v1/rules", json={"key": "down", "event_type": "down", "xp": "-40"}, headers=auth)
    client.post("/v1/levels", json={"key": "pro", "name": "Pro", "min_xp": 50, "hold_days": 0}, headers=auth)
    client.post("/v1/events", json={"id": "u", "member": "max", "type": "up"}, headers=auth)
    assert members(client, auth, "pros") == ["max"]
    page = client.get("/v1/segments/pros/members", headers=auth).json()["items"]
    assert page[0]["level"] == "pro"
    client.post("/v1/events", json={"id": "d", "member": "max", "type": "down"}, headers=auth)
    assert members(client, auth, "pros") == ["max"]  # the level is held until requalified
    assert client.post("/v1/jobs/requalify-levels", headers=auth).json()["members_changed"] == 1
    assert members(client, auth, "pros") == []


# ---- windowed event counters ------------------------------------------------------------------------------------


def purchase(client: httpx.Client, auth: dict[str, str], event_id: str, member: str, at: datetime | None = None) -> int:
    body: dict[str, object] = {"id": event_id, "member": member, "type": "purchase"}
    if at is not None:
        body["occurred_at"] = at.isoformat()
    response = client.post("/v1/events", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return int(response.json()["effects"]["points"])


def test_purchases_in_30_days_move_members_and_gate_a_rule(client: httpx.Client, auth: dict[str, str]) -> None:
    """`member.events_30d["purchase"]`: entered by events, left when time moves purchases out of the window (the
    refresh job), and a rule limited to the segment judges the count as the event finds it."""
    segment(client, auth, "buyers", 'member.events_30d["purchase"] >= 3')
    rule = {"key": "vip", "event_type": "purchase", "points": "100", "segment": "buyers"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    almost_a_month_ago = datetime.now(UTC) - timedelta(days=30) + timedelta(seconds=MARGIN_S)
    long_ago = datetime.now(UTC) - timedelta(days=31)
    for n in range(3):  # outside the window: never counted
        assert purchase(client, auth, f"old{n}", "pat", long_ago) == 0
    event(client, auth, "visit", "pat")  # another type: not counted
    assert members(client, auth, "buyers") == []
    assert purchase(client, auth, "p1", "pat", almost_a_month_ago) == 0
    assert purchase(client, auth, "p2", "pat", almost_a_month_ago) == 0
    assert purchase(client, auth, "p3", "pat") == 0  # judged before its own effects: two in the window
    assert members(client, auth, "buyers") == ["pat"]
    assert purchase(client, auth, "p4", "pat") == 100
    time.sleep(MARGIN_S + 0.5)  # p1 and p2 are now 30 days old: two purchases left in the window
    assert members(client, auth, "buyers") == ["pat"]  # kept until something refreshes it
    assert client.get("/v1/members/pat/segments", headers=auth).json() == []  # evaluated now
    job = client.post("/v1/jobs/refresh-segments", headers=auth).json()
    assert (job["entered"], job["left"]) == (0, 1)
    assert members(client, auth, "buyers") == []
    assert purchase(client, auth, "p5", "pat") == 0  # two in the window when it arrived; three after
    assert members(client, auth, "buyers") == ["pat"]


def test_a_batch_counts_its_own_earlier_events(client: httpx.Client, auth: dict[str, str]) -> None:
    """The counters loaded for a batch move with its events: the fourth purchase of one batch finds three, as it
    would had they come one request at a time."""
    segment(client, auth, "buyers", "member.events_7d.purchase >= 3")
    rule = {"key": "vip", "event_type": "purchase", "points": "100", "segment": "buyers"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    eight_days_ago = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    batch = [{"id": "old", "member": "bat", "type": "purchase", "occurred_at": eight_days_ago}]
    batch += [{"id": f"b{n}", "member": "bat", "type": "purchase"} for n in range(4)]
    response = client.post("/v1/events/batch", json={"events": batch}, headers=auth)
    assert response.status_code == 200, response.text
    assert [r["effects"]["points"] for r in response.json()["results"]] == [0, 0, 0, 0, 100]
    assert members(client, auth, "buyers") == ["bat"]


def test_a_type_named_in_a_condition_counts_zero_when_absent(client: httpx.Client, auth: dict[str, str]) -> None:
    segment(client, auth, "visitors-only", 'member.events > 0 && member.events_90d["purchase"] == 0')
    event(client, auth, "v1", "vic")  # a visit only
    assert purchase(client, auth, "p1", "pia") == 0
    client.post("/v1/members", json={"external_id": "new"}, headers=auth)
    assert members(client, auth, "visitors-only") == ["vic"]


def test_amounts_in_a_window_are_summed(client: httpx.Client, auth: dict[str, str]) -> None:
    """`member.amount_30d["purchase"]`: the sum of the purchases' numeric `amount` in the window (others count 0),
    in the kept membership and in a gate, including the batch's own earlier events."""
    segment(client, auth, "spenders", 'member.amount_30d["purchase"] >= 100.0')
    rule = {"key": "vip", "event_type": "purchase", "points": "7", "segment": "spenders"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    batch = [
        {"id": "old", "member": "sue", "type": "purchase", "properties": {"amount": 500}, "occurred_at": long_ago},
        {"id": "s1", "member": "sue", "type": "purchase", "properties": {"amount": 60}},
        {"id": "s2", "member": "sue", "type": "purchase", "properties": {"amount": "lots"}},
        {"id": "s3", "member": "sue", "type": "refund", "properties": {"amount": 90}},
        {"id": "s4", "member": "sue", "type": "purchase", "properties": {"amount": 39.5}},
        {"id": "s5", "member": "sue", "type": "purchase", "properties": {"amount": 0.5}},
        {"id": "s6", "member": "sue", "type": "purchase"},
    ]
    response = client.post("/v1/events/batch", json={"events": batch}, headers=auth)
    assert response.status_code == 200, response.text
    assert [r["effects"]["points"] for r in response.json()["results"]] == [0, 0, 0, 0, 0, 0, 7]
    assert members(client, auth, "spenders") == ["sue"]
    assert purchase(client, auth, "s7", "sue") == 7  # stored since: the next batch reads 100.0 from the table
    tom = {"id": "t1", "member": "tom", "type": "purchase", "properties": {"amount": 99.5}}
    assert client.post("/v1/events", json=tom, headers=auth).status_code == 201
    assert members(client, auth, "spenders") == ["sue"]


def test_member_fields_are_checked_when_saved(client: httpx.Client, auth: dict[str, str]) -> None:
    for condition in ('member.events_31d["purchase"] > 1', "member.spend_30d > 10", "member.amount_1d.x > 3"):
        bad = client.post("/v1/segments", json={"key": "s", "name": "S", "condition": condition}, headers=auth)
        assert bad.status_code == 422, (condition, bad.text)
        assert bad.json()["field"] == "condition" and "unknown member field" in bad.json()["detail"]
    rule = {"key": "r", "event_type": "visit", "points": "1", "condition": "member.events_7d.visit >= 1"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201  # rules read them too
    assert event(client, auth, "v1", "rita")["points"] == 0
    assert event(client, auth, "v2", "rita")["points"] == 1
    quoted = {"key": "q", "name": "Q", "condition": "member.attributes.note != 'member.nope'"}
    assert client.post("/v1/segments", json=quoted, headers=auth).status_code == 201


def test_the_checked_member_fields_are_the_context() -> None:
    """What the save-time check accepts is what the member context holds: a field added to one only fails here."""
    state = MemberState(member_id=1, external_id="m", attributes={}, joined_at=datetime.now(UTC))
    state.windows = Windows({name: {} for name in WINDOWS}, {}, datetime.now(UTC))
    assert set(state.context(datetime.now(UTC))) == MEMBER_FIELDS
