"""The console's people page: strangers are sent to sign in, approvals need the CSRF token, a denial from the
console returns the points to the giver's allowance, and another tenant's recognition cannot be decided."""

from urllib.parse import unquote_plus

import httpx

from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.integration.api.test_console import signed_in
from tests.integration.people.helpers import available, configure, member

Tenant = tuple[str, dict[str, str]]


def test_approvals_from_the_console_need_the_session_and_its_token(
    live_server: LiveServer, client: httpx.Client, tenant: Tenant
) -> None:
    _, auth = tenant
    configure(client, auth, recognition={"monthly_allowance": 100, "approval_threshold": 10})
    member(client, auth, "ann")
    member(client, auth, "bob")
    body = {"id": "big", "from": "ann", "to": "bob", "points": 30, "message": "Thanks for the weekend"}
    assert client.post("/v1/recognitions", json=body, headers=auth).json()["status"] == "pending"
    stranger = client.get("/admin/people", follow_redirects=False)
    assert stranger.headers["location"] == "/admin/login"
    key = auth["Authorization"].removeprefix("Bearer ")
    browser, csrf = signed_in(live_server, key)
    page = browser.get("/admin/people")
    assert page.status_code == 200 and 'data-recognition="big"' in page.text
    assert browser.post("/admin/recognitions/big/deny", data={}).status_code == 403
    denied = browser.post("/admin/recognitions/big/deny", data={"csrf": csrf}, follow_redirects=False)
    assert denied.status_code == 303 and "Recognition big denied" in unquote_plus(denied.headers["location"])
    assert client.get("/v1/recognitions/big", headers=auth).json()["status"] == "denied"
    again = browser.post("/admin/recognitions/big/approve", data={"csrf": csrf}, follow_redirects=False)
    assert "Not decided" in unquote_plus(again.headers["location"])
    assert available(client, auth, "bob") == 0
    small = {**body, "id": "small", "points": 10}
    assert client.post("/v1/recognitions", json=small, headers=auth).json()["status"] == "given"

    other = client.post("/v1/tenants", json={"name": "O"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    outsider, outsider_csrf = signed_in(live_server, other["api_key"])
    foreign = outsider.post("/admin/recognitions/big/approve", data={"csrf": outsider_csrf}, follow_redirects=False)
    assert "not found" in unquote_plus(foreign.headers["location"])
    browser.close()
    outsider.close()


def test_a_team_goal_over_a_segment_and_a_dated_goal(client: httpx.Client, tenant: Tenant) -> None:
    _, auth = tenant
    segment = {"key": "night", "name": "Night shift", "condition": "member.attributes.shift == 'night'"}
    assert client.post("/v1/segments", json=segment, headers=auth).status_code == 201
    member(client, auth, "ann", shift="night")
    member(client, auth, "bob", shift="night")
    member(client, auth, "cy", shift="day")
    goal = {"key": "nights", "name": "Night calls", "event_type": "call", "target": 2, "period": "quarter"}
    assert client.post("/v1/goals", json={**goal, "segment": "night", "points": 4}, headers=auth).status_code == 201
    past = {**goal, "key": "past", "period": "dates", "starts_on": "2020-01-01", "ends_on": "2020-01-31", "points": 9}
    assert client.post("/v1/goals", json=past, headers=auth).status_code == 201
    for n, who in enumerate(("cy", "ann", "bob")):
        response = client.post("/v1/events", json={"id": f"c{n}", "member": who, "type": "call"}, headers=auth)
        assert response.status_code == 201
    assert [available(client, auth, who) for who in ("ann", "bob", "cy")] == [4, 4, 0]
    progress = client.get("/v1/goals/nights/progress", headers=auth).json()
    assert progress["current_period"].count("-Q") == 1
    assert [(t["team"], t["value"]) for t in progress["teams"]] == [("night", 2)]
    dated = client.get("/v1/goals/past/progress", headers=auth).json()
    assert (dated["current_period"], dated["teams"]) == (None, [])
