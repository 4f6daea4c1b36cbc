"""The engine through the API, set up as a program owner would: definitions with versions, progress, medals,
simulation and scheduled jobs."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from wallets.models import Posting


def iso(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()


def test_a_program_owner_sets_up_badges_quests_and_levels(client: httpx.Client, auth: dict[str, str]) -> None:
    setup = [
        ("/v1/rules", {"key": "post", "event_type": "post", "points": "10", "xp": "5"}),
        (
            "/v1/badges",
            {"key": "writer", "name": "Writer", "points": 20, "criteria": {"event_type": "post", "count": 3}},
        ),
        (
            "/v1/quests",
            {
                "key": "onboarding",
                "name": "Onboarding",
                "ordered": True,
                "points": 15,
                "steps": [{"event_type": "signup"}, {"event_type": "post", "count": 2}],
            },
        ),
        ("/v1/levels", {"key": "bronze", "name": "Bronze", "min_points": 0}),
        ("/v1/levels", {"key": "silver", "name": "Silver", "min_points": 60, "reward_points": 10}),
        (
            "/v1/medals",
            {
                "key": "author",
                "name": "Author",
                "counter": "events:post",
                "ranks": [{"at_least": 1, "name": "Novice"}, {"at_least": 3, "name": "Author"}],
            },
        ),
    ]
    for path, body in setup:
        assert client.post(path, json=body, headers=auth).status_code == 201, (path, body)

    first = client.post("/v1/events", json={"id": "s1", "member": "ann", "type": "signup"}, headers=auth).json()
    assert first["effects"]["level"]["key"] == "bronze"
    effects = [
        client.post("/v1/events", json={"id": f"p{i}", "member": "ann", "type": "post"}, headers=auth).json()["effects"]
        for i in range(3)
    ]
    assert effects[1]["quests"][0]["status"] == "completed"
    assert effects[2]["badges"] == [{"key": "writer", "name": "Writer", "points": 20}]
    assert effects[2]["level"]["key"] == "silver"
    assert effects[2]["points"] == 10 + 20 + 10

    member = client.get("/v1/members/ann", headers=auth).json()
    assert member["level"]["key"] == "silver"
    assert member["balance"]["available"] == 30 + 15 + 20 + 10
    assert [b["key"] for b in member["badges"]] == ["writer"]
    quests = client.get("/v1/members/ann/quests", headers=auth).json()
    assert quests[0]["status"] == "completed" and quests[0]["progress"] == quests[0]["max_progress"] == 3
    medals = client.get("/v1/members/ann/medals", headers=auth).json()
    assert medals == [
        {
            "key": "author",
            "name": "Author",
            "counter": "events:post",
            "value": 3,
            "rank": 2,
            "rank_name": "Author",
            "next_at": None,
        }
    ]


def test_locked_badges_show_progress(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post(
        "/v1/badges", json={"key": "five", "name": "Five", "criteria": {"event_type": "go", "count": 5}}, headers=auth
    )
    for i in range(3):
        client.post("/v1/events", json={"id": f"g{i}", "member": "bo", "type": "go"}, headers=auth)
    assert client.get("/v1/members/bo/badges", headers=auth).json() == []
    [locked] = client.get("/v1/members/bo/badges?include_locked=true", headers=auth).json()
    assert (locked["awarded"], locked["progress"], locked["max_progress"]) == (False, 3, 5)
    image = client.get(locked["image_url"], headers=auth)
    assert image.headers["content-type"].startswith("image/svg+xml") and "<svg" in image.text
    assert "default-src 'none'" in image.headers["content-security-policy"]


def test_editing_a_rule_adds_a_version_and_never_rewrites_past_awards(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "5"}, headers=auth)
    before = client.post("/v1/events", json={"id": "a", "member": "m", "type": "t"}, headers=auth).json()
    edited = client.put("/v1/rules/r", json={"key": "r", "event_type": "t", "points": "7"}, headers=auth)
    assert edited.status_code == 201 and edited.json()["version"] == 2
    after = client.post("/v1/events", json={"id": "b", "member": "m", "type": "t"}, headers=auth).json()
    assert (before["effects"]["points"], after["effects"]["points"]) == (5, 7)
    replay = client.post("/v1/events", json={"id": "a", "member": "m", "type": "t"}, headers=auth).json()
    assert replay["effects"]["points"] == 5
    versions = client.get("/v1/rules/r/versions", headers=auth).json()
    assert [(v["version"], v["points"]) for v in versions] == [(2, "7"), (1, "5")]
    assert (
        client.put("/v1/rules/nope", json={"key": "nope", "event_type": "t", "points": "1"}, headers=auth).status_code
        == 404
    )


def test_bad_definitions_are_refused_clearly(client: httpx.Client, auth: dict[str, str]) -> None:
    cases = [
        ("/v1/badges", {"key": "b", "name": "B", "criteria": {"event_type": "x", "count": 2, "streak_days": 3}}),
        ("/v1/badges", {"key": "b", "name": "B", "criteria": {"all_of": ["missing"]}}),
        ("/v1/badges", {"key": "b", "name": "B", "criteria": {"condition": "member.points >"}}),
        ("/v1/badges", {"key": "b", "name": "B", "repeat": "week", "criteria": {"event_type": "x", "streak_days": 2}}),
        ("/v1/quests", {"key": "q", "name": "Q", "steps": []}),
        ("/v1/levels", {"key": "l", "name": "L", "min_points": 1, "min_xp": 2}),
        ("/v1/medals", {"key": "m", "name": "M", "counter": "nonsense", "ranks": [{"at_least": 1}]}),
        ("/v1/medals", {"key": "m", "name": "M", "counter": "xp", "ranks": [{"at_least": 5}, {"at_least": 2}]}),
        ("/v1/leaderboards", {"key": "l", "name": "L", "metric": "dollars"}),
    ]
    for path, body in cases:
        response = client.post(path, json=body, headers=auth)
        assert response.status_code == 422, (path, body, response.text)
        assert response.json()["detail"]
    client.post("/v1/levels", json={"key": "xp1", "name": "X", "min_xp": 10}, headers=auth)
    mixed = client.post("/v1/levels", json={"key": "p1", "name": "P", "min_points": 10}, headers=auth)
    assert mixed.status_code == 422 and "mix" in mixed.json()["detail"]


def test_leaderboard_top_and_own_rank(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "s", "event_type": "score", "points": "event.n"}, headers=auth)
    client.post("/v1/leaderboards", json={"key": "weekly", "name": "Weekly"}, headers=auth)
    client.post("/v1/leaderboards", json={"key": "city", "name": "By city", "scope": "city"}, headers=auth)
    for member, n in [("a", 30), ("b", 50), ("c", 30), ("d", 10)]:
        client.post(
            "/v1/events",
            json={"id": f"x{member}", "member": member, "type": "score", "properties": {"n": n}},
            headers=auth,
        )
    board = client.get("/v1/leaderboards/weekly?period=week&member=d", headers=auth).json()
    assert [(s["member"], s["score"], s["rank"]) for s in board["top"]] == [
        ("b", 50, 1),
        ("c", 30, 2),
        ("a", 30, 2),
        ("d", 10, 4),
    ]
    assert board["member"] == {"member": "d", "score": 10, "rank": 4}
    assert client.get("/v1/leaderboards/weekly?period=fortnight", headers=auth).status_code == 422
    assert client.get("/v1/leaderboards/nope", headers=auth).status_code == 404
    assert client.get("/v1/leaderboards/city?scope=Paris", headers=auth).json()["top"] == []


def test_simulation_prices_a_campaign_without_writing(client: httpx.Client, auth: dict[str, str]) -> None:
    for i in range(4):
        client.post(
            "/v1/events",
            json={
                "id": f"buy{i}",
                "member": f"m{i % 2}",
                "type": "buy",
                "properties": {"amount": 100 * (i + 1)},
                "occurred_at": iso(2),
            },
            headers=auth,
        )
    draft = {
        "from": iso(7),
        "to": iso(0),
        "rules": [{"key": "cashback", "event_type": "buy", "points": "event.amount / 10"}],
        "badges": [{"key": "two", "name": "Two buys", "points": 5, "criteria": {"event_type": "buy", "count": 2}}],
    }
    result = client.post("/v1/simulate", json=draft, headers=auth).json()
    assert result["events"] == 4 and result["members_reached"] == 2
    assert result["points"] == 100 + 10
    assert result["badges"] == {"two": 2}
    assert result["cost"]["points_liability"] == 110
    assert result["cost"]["payout_recipients"] == 2
    assert result["cost"]["evm"]["gas"] > 0 and result["cost"]["tron"]["energy"] > 0
    assert client.get("/v1/members/m0/balance", headers=auth).json()["available"] == 0
    assert client.get("/v1/rules", headers=auth).json() == []
    bad = client.post("/v1/simulate", json={**draft, "to": iso(9)}, headers=auth)
    assert bad.status_code == 422


def test_xp_decays_after_inactivity(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "xp", "event_type": "act", "xp": "100"}, headers=auth)
    patched = client.patch(
        "/v1/programs/default",
        json={"settings": {"xp_decay": {"amount": 10, "interval_days": 7, "grace_days": 14}}},
        headers=auth,
    )
    assert patched.status_code == 200
    client.post(
        "/v1/events", json={"id": "old", "member": "sleepy", "type": "act", "occurred_at": iso(30)}, headers=auth
    )
    client.post("/v1/events", json={"id": "new", "member": "busy", "type": "act", "occurred_at": iso(1)}, headers=auth)
    assert client.post("/v1/jobs/decay-xp", headers=auth).json()["xp_taken"] == 20
    assert client.post("/v1/jobs/decay-xp", headers=auth).json()["xp_taken"] == 0
    assert client.get("/v1/members/sleepy", headers=auth).json()["xp"] == 80
    assert client.get("/v1/members/busy", headers=auth).json()["xp"] == 100
    assert (
        client.patch("/v1/programs/default", json={"settings": {"timezone": "Mars/Base"}}, headers=auth).status_code
        == 422
    )
    assert client.post("/v1/jobs/launch-rockets", headers=auth).status_code == 404


def test_levels_are_requalified_after_their_hold(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "up", "event_type": "up", "xp": "50"}, headers=auth)
    client.post("/v1/rules", json={"key": "down", "event_type": "down", "xp": "-40"}, headers=auth)
    client.post("/v1/levels", json={"key": "pro", "name": "Pro", "min_xp": 50, "hold_days": 0}, headers=auth)
    client.post("/v1/events", json={"id": "u", "member": "m", "type": "up"}, headers=auth)
    client.post("/v1/events", json={"id": "d", "member": "m", "type": "down"}, headers=auth)
    assert client.get("/v1/members/m", headers=auth).json()["level"]["key"] == "pro"
    assert client.post("/v1/jobs/requalify-levels", headers=auth).json()["members_changed"] == 1
    assert client.get("/v1/members/m", headers=auth).json()["level"] is None


def test_a_rolling_tier_is_lost_when_its_points_age_out(
    client: httpx.Client, auth: dict[str, str], settings: Settings
) -> None:
    client.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "event.n"}, headers=auth)
    made = client.post("/v1/levels", json={"key": "vip", "name": "VIP", "min_rolling_points": 100}, headers=auth)
    assert made.status_code == 201
    mixed = client.post("/v1/levels", json={"key": "x", "name": "X", "min_xp": 5}, headers=auth)
    assert mixed.status_code == 422 and mixed.json()["field"] == "min_xp"
    effects = client.post(
        "/v1/events", json={"id": "v1", "member": "rita", "type": "buy", "properties": {"n": 120}}, headers=auth
    ).json()["effects"]
    assert effects["level"]["key"] == "vip"
    assert client.post("/v1/jobs/requalify-levels", headers=auth).json()["members_changed"] == 0
    engine = engine_from_settings(settings)
    with unit_of_work(engine) as session:  # a year and more goes by
        session.execute(update(Posting).values(created_at=datetime.now(UTC) - timedelta(days=400)))
    engine.dispose()
    assert client.post("/v1/jobs/requalify-levels", headers=auth).json()["members_changed"] == 1
    assert client.get("/v1/members/rita", headers=auth).json()["level"] is None
