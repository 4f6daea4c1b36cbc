"""The console refuses strangers, non-admin keys, revoked keys and forms without their CSRF token."""

import re

import httpx

from tests.conftest import LiveServer, new_tenant


def signed_in(live_server: LiveServer, key: str) -> tuple[httpx.Client, str]:
    browser = httpx.Client(base_url=live_server.url, timeout=30)
    assert browser.post("/admin/login", data={"api_key": key}).status_code in (200, 303)
    page = browser.get("/admin")
    assert page.status_code == 200
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert match is not None
    return browser, match.group(1)


def test_strangers_and_non_admin_keys_are_sent_to_sign_in(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
    assert client.post("/admin/login", data={"api_key": "key_x.y"}).status_code == 401
    reader = client.post("/v1/api-keys", json={"scopes": ["read"]}, headers=auth).json()["api_key"]
    assert client.post("/admin/login", data={"api_key": reader}).status_code == 403


def test_forms_need_the_csrf_token_and_revocation_ends_the_session(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    form = {"key": "b1", "name": "B1", "event_type": "t", "count": "1"}
    assert browser.post("/admin/badges", data=form).status_code == 403
    assert browser.post("/admin/badges", data={**form, "csrf": "0" * 64}).status_code == 403
    saved = browser.post("/admin/badges", data={**form, "csrf": csrf}, follow_redirects=False)
    assert saved.status_code == 303 and "saved" in saved.headers["location"]
    assert [b["key"] for b in client.get("/v1/badges", headers=auth).json()] == ["b1"]
    client.delete(f"/v1/api-keys/{made['id']}", headers=auth)
    assert browser.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
    browser.close()


def test_any_definition_can_be_saved_as_json_and_bad_ones_are_explained(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    quest = '{"key": "welcome", "name": "Welcome", "steps": [{"event_type": "signup"}], "points": 5}'
    saved = browser.post(
        "/admin/definitions", data={"csrf": csrf, "kind": "quest", "body": quest}, follow_redirects=False
    )
    assert "Quest welcome saved" in httpx.URL(saved.headers["location"]).params["notice"]
    assert [q["key"] for q in client.get("/v1/quests", headers=auth).json()] == ["welcome"]
    for kind, body in (("level", '{"key": "x"}'), ("level", "not json"), ("spell", "{}")):
        refused = browser.post(
            "/admin/definitions", data={"csrf": csrf, "kind": kind, "body": body}, follow_redirects=False
        )
        assert httpx.URL(refused.headers["location"]).params["notice"].startswith("Not saved")
    page = browser.get("/admin").text
    assert 'id="programs"' in page and 'id="transactions"' in page and 'data-quest="welcome"' in page
    browser.close()


def test_the_expression_check_names_the_position_and_needs_the_session_and_its_token(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    token = {"X-CSRF-Token": csrf}
    check = browser.post(
        "/admin/check-expression", json={"expression": "event.a +\n (1", "field": "points"}, headers=token
    )
    assert check.status_code == 200
    assert (check.json()["ok"], check.json()["line"], check.json()["column"]) == (False, 2, 4)
    assert browser.post(
        "/admin/check-expression", json={"expression": "1 + 2", "field": "points"}, headers=token
    ).json()["ok"]
    member_only = browser.post(
        "/admin/check-expression", json={"expression": "event.x", "field": "member"}, headers=token
    )
    assert "unknown variable" in member_only.json()["error"] and member_only.json()["line"] is None
    assert (
        browser.post("/admin/check-expression", json={"expression": 1, "field": "points"}, headers=token).status_code
        == 422
    )
    assert (
        browser.post("/admin/check-expression", json={"expression": "1", "field": "nope"}, headers=token).status_code
        == 422
    )
    assert browser.post("/admin/check-expression", json={"expression": "1", "field": "points"}).status_code == 403
    assert client.post("/admin/check-expression", json={"expression": "1"}, headers=token).status_code == 401
    browser.close()


def test_the_editors_forms_save_quests_and_levels_and_try_drafts_without_writing(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    quest = {
        "csrf": csrf,
        "key": "duo",
        "name": "Duo",
        "step_event_type": ["a", "b", ""],
        "step_condition": ["", "event.n > 1", ""],
        "step_count": ["1", "2", "1"],
        "ordered": "on",
        "points": "7",
    }
    tried = browser.post("/admin/try/quest", data={**quest, "try_event_type": "a", "try_properties": "{}"}).json()
    assert tried["ok"] and tried["effects"]["quests"][0]["max_progress"] == 3
    assert client.get("/v1/quests", headers=auth).json() == []
    saved = browser.post("/admin/quests", data=quest, follow_redirects=False)
    assert httpx.URL(saved.headers["location"]).params["notice"] == "Quest duo saved"
    body = client.get("/v1/quests", headers=auth).json()[0]
    assert [s["event_type"] for s in body["steps"]] == ["a", "b"] and body["ordered"] and body["points"] == 7

    level = {"csrf": csrf, "key": "gold", "name": "Gold", "basis": "min_rolling_points", "threshold": "500"}
    assert "saved" in browser.post("/admin/levels", data=level, follow_redirects=False).headers["location"]
    assert client.get("/v1/levels", headers=auth).json()[0]["min_rolling_points"] == 500
    for bad in ({**level, "basis": "min_magic"}, {**level, "key": "x y"}, {**level, "threshold": "many"}):
        refused = browser.post("/admin/levels", data=bad, follow_redirects=False)
        assert httpx.URL(refused.headers["location"]).params["notice"].startswith("Not saved")

    assert browser.post("/admin/try/medal", data={"csrf": csrf}).json()["ok"] is False
    bad_json = browser.post("/admin/try/quest", data={**quest, "try_event_type": "a", "try_properties": "{"}).json()
    assert bad_json == {"ok": False, "error": "The properties are not valid JSON."}
    assert browser.post("/admin/try/quest", data=quest).json()["ok"] is False  # which event type to try
    assert browser.post("/admin/try/quest", data={**quest, "csrf": "0"}).status_code == 403
    assert browser.post("/admin/quests", data={**quest, "csrf": ""}).status_code == 403
    browser.close()


def test_program_status_changes_need_the_token_and_refuse_what_the_lifecycle_forbids(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    client.post("/v1/programs", json={"key": "p1", "name": "P1", "status": "draft"}, headers=auth)
    assert browser.post("/admin/programs/p1/status", data={"status": "active"}).status_code == 403
    for status, program in (("closed", "p1"), ("magic", "p1"), ("active", "someone-elses")):
        refused = browser.post(
            f"/admin/programs/{program}/status", data={"csrf": csrf, "status": status}, follow_redirects=False
        )
        assert httpx.URL(refused.headers["location"]).params["notice"].startswith("Status not changed")
    assert client.get("/v1/programs/p1", headers=auth).json()["status"] == "draft"
    moved = browser.post("/admin/programs/p1/status", data={"csrf": csrf, "status": "active"}, follow_redirects=False)
    assert httpx.URL(moved.headers["location"]).params["notice"] == "Program p1 is now active"
    assert client.get("/v1/programs/p1", headers=auth).json()["status"] == "active"
    assert browser.get("/admin?program=p1&days=90").status_code == 200
    assert browser.get("/admin?program=nope").status_code == 404
    browser.close()


def test_a_saved_rule_is_edited_into_a_new_version_keeping_what_the_form_does_not_show(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    rule = {"key": "spend", "event_type": "purchase", "points": "1", "level_multiplier": True}
    client.post("/v1/rules", json=rule, headers=auth)
    page = browser.get("/admin/rules/spend")
    assert page.status_code == 200 and 'name="event_type" value="purchase"' in page.text
    assert 'data-version="1"' in page.text and "readonly" in page.text
    edited = {"csrf": csrf, "key": "spend", "event_type": "purchase", "points": "event.amount / 10"}
    saved = browser.post("/admin/rules/spend", data=edited, follow_redirects=False)
    assert saved.status_code == 303
    assert httpx.URL(saved.headers["location"]).params["notice"] == "Rule spend saved as version 2"
    current = client.get("/v1/rules/spend", headers=auth).json()
    assert (current["version"], current["points"], current["level_multiplier"]) == (2, "event.amount / 10", True)
    history = browser.get("/admin/rules/spend").text
    assert 'data-version="2"' in history and 'data-version="1"' in history

    bad = browser.post("/admin/rules/spend", data={**edited, "points": "event.amount +"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text and "points" in bad.text
    assert 'value="event.amount +"' in bad.text  # the form comes back as it was sent
    renamed = browser.post("/admin/rules/spend", data={**edited, "key": "other"})
    assert renamed.status_code == 422 and "differs" in renamed.text
    assert browser.post("/admin/rules/spend", data={**edited, "csrf": ""}).status_code == 403
    assert client.get("/v1/rules/spend", headers=auth).json()["version"] == 2

    stranger = new_tenant(client, "Other")
    client.post("/v1/rules", json={"key": "theirs", "event_type": "x", "points": "1"}, headers=stranger)
    assert browser.get("/admin/rules/theirs").status_code == 404
    assert browser.post("/admin/rules/theirs", data={**edited, "key": "theirs"}).status_code == 404
    assert browser.get("/admin/badges/spend").status_code == 404
    browser.close()


def test_badges_of_every_criteria_shape_are_created_and_edited_from_their_forms(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    base = {"csrf": csrf, "event_type": "purchase", "count": "3", "at_least": "", "streak_days": "", "points": "0"}
    shapes = {
        "big": {"criteria": "sum", "sum": "event.amount", "at_least": "1000"},
        "daily": {"criteria": "streak", "streak_days": "7"},
        "vip": {"criteria": "member", "member_condition": "member.attributes.tier == 'gold'"},
        "all": {"criteria": "all_of", "all_of": "big, daily"},
    }
    for key, fields in shapes.items():
        saved = browser.post("/admin/badges", data={**base, "key": key, "name": key, **fields}, follow_redirects=False)
        assert "saved" in httpx.URL(saved.headers["location"]).params["notice"], saved.headers["location"]
    badges = {
        b["key"]: {name: value for name, value in b["criteria"].items() if value is not None}
        for b in client.get("/v1/badges", headers=auth).json()
    }
    assert badges["big"] == {"event_type": "purchase", "sum": "event.amount", "at_least": 1000}
    assert badges["daily"] == {"event_type": "purchase", "streak_days": 7}
    assert badges["vip"] == {"condition": "member.attributes.tier == 'gold'"}
    assert badges["all"] == {"all_of": ["big", "daily"]}
    form = browser.get("/admin/badges/vip").text
    assert '<option value="member" selected>' in form and "member.attributes.tier" in form
    assert 'value="big, daily"' in browser.get("/admin/badges/all").text

    edited = browser.post(
        "/admin/badges/big",
        data={**base, "key": "big", "name": "Big", **shapes["big"], "at_least": "500"},
        follow_redirects=True,
    )
    assert edited.status_code == 200 and "saved as version 2" in edited.text
    for bad in ({"criteria": "sum", "sum": "event.amount"}, {"criteria": "magic"}, {"criteria": "member"}):
        refused = browser.post("/admin/badges/big", data={**base, "key": "big", "name": "Big", **bad})
        assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert client.get("/v1/badges/big", headers=auth).json()["criteria"]["at_least"] == 500
    browser.close()


def test_loyalty_mechanics_are_created_from_their_forms_and_refusals_are_shown_beside_them(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    client.post("/v1/members", json={"external_id": "ann"}, headers=auth)
    client.patch("/v1/members/ann", json={"attributes": {"tier": "gold"}}, headers=auth)
    forms = {
        "/admin/segments": {"key": "gold", "name": "Gold", "condition": "member.attributes.tier == 'gold'"},
        "/admin/promo-codes": {"code": "spring25", "points": "25", "max_uses": "10", "expires_at": "2099-01-01T00:00"},
        "/admin/rewards": {"key": "mug", "name": "Mug", "cost": "100", "stock": "3", "segment": "gold"},
        "/admin/passes": {"key": "ten", "name": "Ten visits", "uses": "10", "event_type": "visit"},
        "/admin/plans": {"key": "plus", "name": "Plus", "period": "month", "price": "500", "multiplier": "1.5"},
    }
    for path, form in forms.items():
        assert browser.post(path, data=form).status_code == 403  # no CSRF token
        saved = browser.post(path, data={**form, "csrf": csrf}, follow_redirects=False)
        assert saved.status_code == 303, (path, saved.text[-600:])
        assert "created" in httpx.URL(saved.headers["location"]).params["notice"]
    promo = client.get("/v1/promo-codes/SPRING25", headers=auth).json()
    assert (promo["points"], promo["max_uses"], promo["expires_at"][:10]) == (25, 10, "2099-01-01")
    assert client.get("/v1/rewards/mug", headers=auth).json()["segment"] == "gold"
    page = browser.get("/admin/loyalty").text
    for marker in ('data-code="SPRING25"', 'data-reward="mug"', 'data-pass="ten"', 'data-plan="plus"'):
        assert marker in page
    assert '<tr data-segment="gold">' in page
    members = browser.get("/admin/segments/gold")
    assert members.status_code == 200 and 'data-member="ann"' in members.text

    refusals = {
        "/admin/promo-codes": ({"code": "x", "points": "0"}, "points"),
        "/admin/rewards": ({"key": "mug2", "name": "Mug", "cost": "many"}, "cost"),
        "/admin/segments": ({"key": "bad", "name": "Bad", "condition": "event.amount > 1"}, "event"),
        "/admin/passes": ({"key": "p2", "name": "P2"}, "uses"),
        "/admin/plans": ({"key": "p3", "name": "P3", "period": "week", "price": "1"}, "period"),
        "/admin/promo-codes/batch": ({"count": "0", "points": "5", "length": "10"}, "count"),
    }
    for path, (form, field) in refusals.items():
        refused = browser.post(path, data={**form, "csrf": csrf})
        assert refused.status_code == 422, path
        assert 'role="alert"' in refused.text and field in refused.text, path
        assert f'value="{form["points" if "points" in form else "key"]}"' in refused.text  # the form as sent

    batch = browser.post(
        "/admin/promo-codes/batch", data={"csrf": csrf, "count": "3", "prefix": "xmas", "length": "8", "points": "5"}
    )
    assert batch.status_code == 200
    codes = re.findall(r"XMAS[A-Z2-9]{8}", batch.text.split('id="generated-codes"')[1].split("</textarea>")[0])
    assert len(set(codes)) == 3 and client.get(f"/v1/promo-codes/{codes[0]}", headers=auth).json()["points"] == 5

    restocked = browser.post("/admin/rewards/mug/stock", data={"csrf": csrf, "stock": ""}, follow_redirects=False)
    assert restocked.status_code == 303 and client.get("/v1/rewards/mug", headers=auth).json()["stock"] is None
    assert browser.post("/admin/rewards/mug/stock", data={"csrf": csrf, "stock": "-1"}).status_code == 422
    assert browser.post("/admin/rewards/mug/stock", data={"stock": "5"}).status_code == 403

    stranger = new_tenant(client, "Other")
    client.post("/v1/rewards", json={"key": "theirs", "name": "T", "cost": 5}, headers=stranger)
    client.post("/v1/segments", json={"key": "theirs", "name": "T", "condition": "true"}, headers=stranger)
    assert browser.post("/admin/rewards/theirs/stock", data={"csrf": csrf, "stock": "9"}).status_code == 404
    assert client.get("/v1/rewards/theirs", headers=stranger).json()["stock"] is None
    assert browser.get("/admin/segments/theirs").status_code == 404
    # Another tenant's segment is unknown here: a code or an item limited to it is refused, naming the field.
    for path, form in (
        ("/admin/promo-codes", {"code": "only-theirs", "points": "5", "segment": "theirs"}),
        ("/admin/rewards", {"key": "cup", "name": "Cup", "cost": "5", "segment": "theirs"}),
    ):
        refused = browser.post(path, data={**form, "csrf": csrf})
        assert refused.status_code == 422 and "segment" in refused.text.split('role="alert"')[1][:300], path
    assert 'data-reward="theirs"' not in browser.get("/admin/loyalty").text
    browser.close()


def test_the_figure_tiles_follow_the_program_chosen_for_the_charts(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, _ = signed_in(live_server, made["api_key"])
    client.post("/v1/programs", json={"key": "cafe", "name": "Cafe", "status": "active"}, headers=auth)
    client.post("/v1/rules", json={"key": "r", "event_type": "buy", "points": "7", "program": "cafe"}, headers=auth)
    for n in range(2):
        sent = client.post(
            "/v1/events", json={"id": f"e{n}", "member": "ann", "type": "buy", "program": "cafe"}, headers=auth
        )
        assert sent.status_code in (200, 201, 202), sent.text

    def tiles(query: str) -> dict[str, str]:
        page = browser.get(f"/admin{query}").text
        return dict(re.findall(r'<strong id="kpi-(\w+)">(\d+)</strong>', page))

    assert tiles("?program=cafe") == {"members": "1", "active": "1", "events": "2", "issued": "14", "liability": "14"}
    assert tiles("") == {"members": "1", "active": "0", "events": "0", "issued": "0", "liability": "0"}
    browser.close()


def test_quests_and_levels_open_pre_filled_and_save_as_new_versions(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = client.post("/v1/api-keys", json={"scopes": ["admin"]}, headers=auth).json()
    browser, csrf = signed_in(live_server, made["api_key"])
    steps = [{"event_type": "signup"}, {"event_type": "visit", "condition": "event.n > 1", "count": 3}]
    client.post("/v1/quests", json={"key": "intro", "name": "Intro", "steps": steps, "window_days": 7}, headers=auth)
    client.post("/v1/levels", json={"key": "gold", "name": "Gold", "min_xp": 500, "hold_days": 30}, headers=auth)
    quest = browser.get("/admin/quests/intro").text
    assert 'id="quest-step-2-condition" name="step_condition" value="event.n &gt; 1"' in quest
    assert 'id="quest-window" name="window_days" type="number" min="1" max="3660" value="7"' in quest
    level = browser.get("/admin/levels/gold").text
    assert '<option value="min_xp" selected>' in level and 'name="threshold" type="number" min="0" value="500"' in level

    edited = {
        "csrf": csrf,
        "key": "intro",
        "name": "Intro",
        "step_event_type": ["signup", "visit", "buy"],
        "step_condition": ["", "event.n > 1", ""],
        "step_count": ["1", "3", "1"],
        "points": "5",
    }
    assert browser.post("/admin/quests/intro", data=edited, follow_redirects=False).status_code == 303
    saved = client.get("/v1/quests/intro", headers=auth).json()
    assert (saved["version"], len(saved["steps"]), saved["points"], saved.get("window_days")) == (2, 3, 5, None)
    moved = {"csrf": csrf, "key": "gold", "name": "Gold", "basis": "min_points", "threshold": "900"}
    assert browser.post("/admin/levels/gold", data=moved, follow_redirects=False).status_code == 303
    saved = client.get("/v1/levels/gold", headers=auth).json()
    assert (saved["min_points"], saved["min_xp"], saved["hold_days"]) == (900, None, 0)
    browser.close()
