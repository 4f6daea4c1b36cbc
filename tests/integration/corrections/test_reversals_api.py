"""Returns through the API: partial and full, idempotent, debt when points were spent, badges revoked only when the
badge says so, leaderboards and counters put back, the return window's pending points, and two races."""

import re
from concurrent.futures import ThreadPoolExecutor

import httpx

from achievements.overview import overview
from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from loyalty.kpis import kpi_series
from tests.conftest import ADMIN_TOKEN, LiveServer

CASHBACK = {"key": "cashback", "event_type": "purchase", "points": "event.amount"}


def _setup(client: httpx.Client, auth: dict[str, str]) -> None:
    assert client.post("/v1/rules", json=CASHBACK, headers=auth).status_code == 201


def _buy(client: httpx.Client, auth: dict[str, str], event_id: str, amount: int, member: str = "ann") -> dict:
    event = {"id": event_id, "member": member, "type": "purchase", "properties": {"amount": amount}}
    response = client.post("/v1/events", json=event, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()["effects"]


def _balance(client: httpx.Client, auth: dict[str, str], member: str = "ann") -> dict:
    return client.get(f"/v1/members/{member}/balance", headers=auth).json()


def test_partial_returns_never_reverse_more_than_the_event_gave(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    _buy(client, auth, "o1", 100)
    first = client.post("/v1/events/o1/reversals", json={"id": "r1", "properties": {"amount": 40}}, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["effects"]["points"] == -40
    again = client.post("/v1/events/o1/reversals", json={"id": "r1", "properties": {"amount": 40}}, headers=auth)
    assert again.status_code == 200 and again.json() == first.json()
    other = client.post("/v1/events/o1/reversals", json={"id": "r1", "properties": {"amount": 30}}, headers=auth)
    assert other.status_code == 409
    too_much = client.post("/v1/events/o1/reversals", json={"id": "r2", "properties": {"amount": 61}}, headers=auth)
    assert too_much.status_code == 422 and too_much.json()["field"] == "properties.amount"
    rest = client.post("/v1/events/o1/reversals", json={"id": "r3"}, headers=auth)
    assert rest.json()["effects"]["points"] == -60 and rest.json()["effects"]["full"] is True
    assert _balance(client, auth)["available"] == 0
    assert _balance(client, auth)["lifetime"] == 0
    twice = client.post("/v1/events/o1/reversals", json={"id": "r4"}, headers=auth)
    assert twice.status_code == 409
    ledger = client.get("/v1/members/ann/ledger", headers=auth).json()["items"]
    assert [(p["kind"], p["event_id"]) for p in ledger[:2]] == [("reversal", "o1"), ("reversal", "o1")]


def test_bad_returns_are_refused_clearly(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    _buy(client, auth, "o1", 100)
    assert client.post("/v1/events/nope/reversals", json={"id": "r"}, headers=auth).status_code == 404
    for properties in ({}, {"colour": 1}, {"amount": -5}, {"amount": "5"}):
        answer = client.post("/v1/events/o1/reversals", json={"id": "r", "properties": properties}, headers=auth)
        assert answer.status_code == 422, (properties, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_spent_points_become_debt_settled_from_later_earnings(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    client.post("/v1/rewards", json={"key": "mug", "name": "Mug", "cost": 80}, headers=auth)
    _buy(client, auth, "o1", 100)
    assert client.post("/v1/rewards/mug/redeem", json={"member": "ann"}, headers=auth).status_code == 201
    returned = client.post("/v1/events/o1/reversals", json={"id": "r1"}, headers=auth).json()["effects"]
    assert returned["points"] == -100 and returned["debt"] == 80
    assert _balance(client, auth) | {"on_chain": None} == {
        "available": 0,
        "pending": 0,
        "lifetime": 0,
        "in_payout": 0,
        "debt": 80,
        "on_chain": None,
    }
    later = _buy(client, auth, "o2", 50)
    assert later["debt_settled"] == 50
    _buy(client, auth, "o3", 50)
    assert _balance(client, auth)["available"] == 20 and _balance(client, auth)["debt"] == 0


def test_badges_are_kept_unless_they_say_revoke_on_reversal(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    for key, revoke in (("keeper", False), ("fragile", True)):
        badge = {
            "key": key,
            "name": key,
            "points": 5,
            "revoke_on_reversal": revoke,
            "criteria": {"event_type": "purchase", "sum": "event.amount", "at_least": 100},
        }
        assert client.post("/v1/badges", json=badge, headers=auth).status_code == 201, key
    client.post("/v1/leaderboards", json={"key": "top", "name": "Top"}, headers=auth)
    assert {b["key"] for b in _buy(client, auth, "o1", 100)["badges"]} == {"keeper", "fragile"}
    returned = client.post("/v1/events/o1/reversals", json={"id": "r1", "properties": {"amount": 50}}, headers=auth)
    effects = returned.json()["effects"]
    assert effects["badges_revoked"] == [{"key": "fragile", "period": ""}]
    assert effects["points"] == -55
    badges = {b["key"] for b in client.get("/v1/members/ann/badges", headers=auth).json()}
    assert badges == {"keeper"}
    assert client.get("/v1/leaderboards/top?member=ann", headers=auth).json()["member"]["score"] == 55


def test_pending_points_wait_out_the_window_and_returns_take_them_from_there(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    _setup(client, auth)
    assert client.patch("/v1/programs/default", json={"settings": {"pending_days": 14}}, headers=auth).is_success
    earned = _buy(client, auth, "o1", 100)
    assert earned["pending"] == 100
    assert _balance(client, auth)["pending"] == 100 and _balance(client, auth)["available"] == 0
    returned = client.post("/v1/events/o1/reversals", json={"id": "r1", "properties": {"amount": 30}}, headers=auth)
    assert returned.json()["effects"]["pending"] == -30, returned.text
    assert returned.json()["effects"]["debt"] is None
    assert _balance(client, auth)["pending"] == 70
    bad = client.patch("/v1/programs/default", json={"settings": {"pending_days": -1}}, headers=auth)
    assert bad.status_code == 422
    # Closing the window releases what waits in it, on the next read and by the job.
    client.patch("/v1/programs/default", json={"settings": {"pending_days": 0}}, headers=auth)
    assert client.post("/v1/jobs/release-pending", headers=auth).json()["points_released"] == 70
    assert _balance(client, auth)["available"] == 70 and _balance(client, auth)["pending"] == 0


def test_a_return_racing_a_spend_of_the_same_points(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    client.post("/v1/rewards", json={"key": "tv", "name": "TV", "cost": 100}, headers=auth)
    for round_ in range(4):
        member = f"racer{round_}"
        _buy(client, auth, f"o{round_}", 100, member)
        with ThreadPoolExecutor(2) as pool:
            spend = pool.submit(client.post, "/v1/rewards/tv/redeem", json={"member": member}, headers=auth)
            back = pool.submit(client.post, f"/v1/events/o{round_}/reversals", json={"id": f"r{round_}"}, headers=auth)
        assert back.result().status_code == 201, back.result().text
        balance = _balance(client, auth, member)
        spent = spend.result().status_code == 201
        assert spend.result().status_code in (201, 409)
        assert balance["available"] == 0
        assert balance["debt"] == (100 if spent else 0)


def test_two_partial_returns_of_one_event_at_once(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    _buy(client, auth, "o1", 100)
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(
                lambda n: client.post(
                    "/v1/events/o1/reversals", json={"id": f"r{n}", "properties": {"amount": 60}}, headers=auth
                ),
                range(2),
            )
        )
    assert sorted(a.status_code for a in answers) == [201, 422]
    assert _balance(client, auth)["available"] == 40


def test_member_page_and_console_show_pending_in_payout_and_the_return(
    client: httpx.Client, auth: dict[str, str], live_server: LiveServer
) -> None:
    _setup(client, auth)
    client.patch("/v1/programs/default", json={"settings": {"pending_days": 7}}, headers=auth)
    _buy(client, auth, "o1", 100)
    client.post("/v1/events/o1/reversals", json={"id": "back-1", "properties": {"amount": 25}}, headers=auth)
    link = client.post("/v1/members/ann/page-link", json={}, headers=auth).json()["url"]
    html = client.get("/" + link.split("/", 3)[3]).text
    assert 'id="balance-pending">75<' in html and 'id="balance-in-payout">0<' in html
    assert "return back-1 of event o1" in html
    with httpx.Client(base_url=live_server.url, timeout=30) as browser:
        browser.post("/admin/login", data={"api_key": auth["Authorization"].removeprefix("Bearer ")})
        row = re.search(r'data-member-row="ann">(.*?)</tr>', browser.get("/admin").text, re.S)
    assert row is not None and re.findall(r"<td>(\d+)</td>", row.group(1)) == ["0", "75", "0"]


def test_the_openapi_document_lists_returns(client: httpx.Client) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/events/{event_id}/reversals"]["post"]
    assert {"200", "201", "404", "409", "422"} <= set(operation["responses"])


def test_a_return_is_announced_to_webhooks(client: httpx.Client, auth: dict[str, str]) -> None:
    _setup(client, auth)
    hook = client.post(
        "/v1/webhooks", json={"url": "https://hooks.example.com/laurel", "events": ["event.reversed"]}, headers=auth
    )
    assert hook.status_code == 201, hook.text
    _buy(client, auth, "o1", 100)
    client.post("/v1/events/o1/reversals", json={"id": "r1", "properties": {"amount": 10}}, headers=auth)
    [delivery] = client.get(f"/v1/webhooks/{hook.json()['id']}/deliveries", headers=auth).json()
    assert delivery["event_type"] == "event.reversed"
    data = delivery["payload"]["data"]
    assert (data["member"], data["event_id"], data["reversal_id"], data["points"]) == ("ann", "o1", "r1", -10)


def test_returned_events_leave_the_activity_figures(client: httpx.Client, settings: Settings) -> None:
    """A fully returned purchase did not happen for the program's figures: not an event, not an active member, not a
    repeat purchase; a partly returned one still counts."""
    body = client.post("/v1/tenants", json={"name": "Returns"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    tenant_id, auth = body.json()["id"], {"Authorization": f"Bearer {body.json()['api_key']}"}
    _setup(client, auth)
    _buy(client, auth, "a1", 100, member="ann")
    _buy(client, auth, "b1", 100, member="bob")
    _buy(client, auth, "b2", 100, member="bob")
    assert client.post("/v1/events/a1/reversals", json={"id": "ra"}, headers=auth).status_code == 201
    partial = client.post("/v1/events/b2/reversals", json={"id": "rb", "properties": {"amount": 10}}, headers=auth)
    assert partial.status_code == 201

    stats = client.get("/v1/stats", headers=auth).json()
    assert (stats["active_30d"], stats["repeat_rate"]) == (1, 1.0)
    assert (stats["period"]["events"], stats["period"]["active_members"]) == (2, 1)
    engine = engine_from_settings(settings)
    try:
        with unit_of_work(engine) as session:
            assert kpi_series(session, tenant_id, days=1).days[-1].active == 1
            figures = overview(session, tenant_id)
            assert (figures.events_30d, figures.active_30d) == (2, 1)
    finally:
        engine.dispose()
