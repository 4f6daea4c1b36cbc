"""Passes and season tickets: N uses and/or a validity period, each use an idempotent event, race-safe."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import new_tenant


def define(client: httpx.Client, auth: dict[str, str], **body: object) -> dict[str, object]:
    response = client.post("/v1/passes", json=body, headers=auth)
    assert response.status_code in (200, 201), response.text
    return response.json()


def issue(client: httpx.Client, auth: dict[str, str], member: str, key: str, **body: object) -> dict[str, object]:
    response = client.post(f"/v1/members/{member}/passes", json={"pass": key, **body}, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_ten_visit_pass_counts_down_and_each_use_is_an_event(client: httpx.Client, auth: dict[str, str]) -> None:
    define(client, auth, key="swim-10", name="Pool, 10 visits", uses=10, event_type="pool.visit")
    client.post("/v1/rules", json={"key": "visit", "event_type": "pool.visit", "points": "5"}, headers=auth)
    badge = {"key": "regular", "name": "Regular", "criteria": {"event_type": "pool.visit", "count": 2}}
    assert client.post("/v1/badges", json=badge, headers=auth).status_code == 201
    issued = issue(client, auth, "swimmer", "swim-10", reference="sale-1")
    assert (issued["uses"], issued["used"], issued["uses_left"], issued["status"]) == (10, 0, 10, "active")
    first = client.post(f"/v1/passes/{issued['id']}/use", json={"use_id": "till-1"}, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["pass"]["uses_left"] == 9 and first.json()["effects"]["points"] == 5
    replay = client.post(f"/v1/passes/{issued['id']}/use", json={"use_id": "till-1"}, headers=auth)
    assert replay.status_code == 200 and replay.json()["effects"] == first.json()["effects"]
    second = client.post(f"/v1/passes/{issued['id']}/use", json={"use_id": "till-2"}, headers=auth).json()
    assert second["pass"]["uses_left"] == 8 and [b["key"] for b in second["effects"]["badges"]] == ["regular"]
    assert client.get("/v1/members/swimmer/balance", headers=auth).json()["available"] == 10
    assert client.get(f"/v1/passes/{issued['id']}", headers=auth).json()["used"] == 2
    again = client.post("/v1/members/swimmer/passes", json={"pass": "swim-10", "reference": "sale-1"}, headers=auth)
    assert again.status_code == 200 and again.json()["id"] == issued["id"]
    passes = client.get("/v1/members/swimmer/passes", headers=auth).json()["passes"]
    assert [p["id"] for p in passes] == [issued["id"]]


def test_the_last_use_taken_by_two_tills_goes_to_one(client: httpx.Client, auth: dict[str, str]) -> None:
    define(client, auth, key="single", name="One ride", uses=1)
    for round_ in range(3):
        issued = issue(client, auth, "rider", "single")

        def take(till: int, pass_id: str = str(issued["id"])) -> int:
            return client.post(f"/v1/passes/{pass_id}/use", json={"use_id": f"till-{till}"}, headers=auth).status_code

        with ThreadPoolExecutor(2) as pool:
            codes = sorted(pool.map(take, range(2)))
        assert codes == [201, 409], (round_, codes)
        assert client.get(f"/v1/passes/{issued['id']}", headers=auth).json()["status"] == "used_up"


def test_the_same_use_from_many_threads_is_taken_once(client: httpx.Client, auth: dict[str, str]) -> None:
    define(client, auth, key="five", name="Five entries", uses=5)
    issued = issue(client, auth, "crowd", "five")

    def take(_: int) -> int:
        return client.post(f"/v1/passes/{issued['id']}/use", json={"use_id": "door"}, headers=auth).status_code

    with ThreadPoolExecutor(10) as pool:
        codes = list(pool.map(take, range(10)))
    assert sorted(codes) == [200] * 9 + [201]
    assert client.get(f"/v1/passes/{issued['id']}", headers=auth).json()["used"] == 1


def test_a_season_ticket_is_410_once_expired_and_409_before_it_starts(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    define(client, auth, key="season", name="Season ticket", valid_days=30)
    now = datetime.now(UTC)
    expired = issue(client, auth, "fan", "season", valid_from=(now - timedelta(days=31)).isoformat())
    assert expired["status"] == "expired" and expired["uses"] is None
    response = client.post(f"/v1/passes/{expired['id']}/use", json={"use_id": "gate"}, headers=auth)
    assert response.status_code == 410 and response.json()["title"] == "Pass expired"
    current = issue(client, auth, "fan", "season", valid_from=(now - timedelta(days=29)).isoformat())
    for gate in range(3):  # no use limit within the validity
        assert (
            client.post(f"/v1/passes/{current['id']}/use", json={"use_id": f"g{gate}"}, headers=auth).status_code == 201
        )
    future = issue(client, auth, "fan", "season", valid_from=(now + timedelta(days=1)).isoformat())
    assert client.post(f"/v1/passes/{future['id']}/use", json={"use_id": "early"}, headers=auth).status_code == 409


def test_bad_pass_input_is_a_4xx_naming_the_field(client: httpx.Client, auth: dict[str, str]) -> None:
    neither = client.post("/v1/passes", json={"key": "none", "name": "Nothing"}, headers=auth)
    assert neither.status_code == 422 and neither.json()["field"] == "uses"
    zero = client.post("/v1/passes", json={"key": "zero", "name": "Zero", "uses": 0}, headers=auth)
    assert zero.status_code == 422 and "uses" in zero.text
    define(client, auth, key="p", name="P", uses=2)
    assert client.post("/v1/passes", json={"key": "p", "name": "P", "uses": 3}, headers=auth).status_code == 409
    unknown = client.post("/v1/members/x/passes", json={"pass": "nope"}, headers=auth)
    assert unknown.status_code == 404
    issued = issue(client, auth, "x", "p", reference="r-1")
    other = client.post("/v1/members/y/passes", json={"pass": "p", "reference": "r-1"}, headers=auth)
    assert other.status_code == 409 and other.json()["field"] == "reference"
    no_use_id = client.post(f"/v1/passes/{issued['id']}/use", json={}, headers=auth)
    assert no_use_id.status_code == 422 and "use_id" in no_use_id.text
    assert client.post("/v1/passes/pass_unknown/use", json={"use_id": "a"}, headers=auth).status_code == 404


def test_another_tenants_pass_is_not_found(client: httpx.Client, auth: dict[str, str]) -> None:
    define(client, auth, key="mine", name="Mine", uses=3)
    issued = issue(client, auth, "owner", "mine")
    stranger = new_tenant(client, "Other")
    assert client.get(f"/v1/passes/{issued['id']}", headers=stranger).status_code == 404
    assert client.post(f"/v1/passes/{issued['id']}/use", json={"use_id": "x"}, headers=stranger).status_code == 404
    assert client.post("/v1/members/owner/passes", json={"pass": "mine"}, headers=stranger).status_code == 404
    assert client.get(f"/v1/passes/{issued['id']}", headers=auth).json()["used"] == 0
