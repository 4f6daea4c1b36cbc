"""Programs through the API: creation, the lifecycle (draft, active, closing, closed) and the budget cap."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from tests.conftest import new_tenant
from wallets import ledger


def _program(client: httpx.Client, auth: dict[str, str], key: str, **extra: Any) -> dict[str, Any]:
    body = {"key": key, "name": key.title(), "status": "active", **extra}
    response = client.post("/v1/programs", json=body, headers=auth)
    assert response.status_code == 201, response.text
    rule = {"key": f"{key}-buy", "event_type": "purchase", "points": "event.amount", "program": key}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    return dict(response.json())


def _event(
    client: httpx.Client, auth: dict[str, str], event_id: str, member: str, amount: int, program: str
) -> httpx.Response:
    body = {"id": event_id, "member": member, "type": "purchase", "properties": {"amount": amount}, "program": program}
    return client.post("/v1/events", json=body, headers=auth)


def _available(client: httpx.Client, auth: dict[str, str], member: str, program: str) -> int:
    response = client.get(f"/v1/members/{member}/balance", params={"program": program}, headers=auth)
    assert response.status_code == 200, response.text
    return int(response.json()["available"])


def _deliveries(client: httpx.Client, auth: dict[str, str], hook: str, kind: str) -> list[dict[str, Any]]:
    rows = client.get(f"/v1/webhooks/{hook}/deliveries", headers=auth).json()
    return [row["payload"]["data"] for row in rows if row["event_type"] == kind]


def test_a_new_program_starts_as_a_draft_beside_default(client: httpx.Client, auth: dict[str, str]) -> None:
    body = {"key": "kids", "name": "Kids club", "symbol": "STAR", "budget": 1000}
    created = client.post("/v1/programs", json=body, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "draft"
    assert created.json()["budget"] == {"limit": 1000, "used": 0, "remaining": 1000}
    assert client.post("/v1/programs", json=body, headers=auth).status_code == 200
    other = client.post("/v1/programs", json={**body, "name": "Other"}, headers=auth)
    assert other.status_code == 409
    listed = client.get("/v1/programs", headers=auth).json()
    assert [(p["key"], p["status"]) for p in listed] == [("default", "active"), ("kids", "draft")]
    renamed = client.patch("/v1/programs/kids", json={"name": "Kids", "decimals": 2, "budget": None}, headers=auth)
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["name"], renamed.json()["decimals"], renamed.json()["budget"]) == ("Kids", 2, None)


def test_bad_program_input_is_422_naming_the_field(client: httpx.Client, auth: dict[str, str]) -> None:
    cases = [
        ({"key": "bad key", "name": "x"}, "key"),
        ({"key": "k", "name": "x", "decimals": 19}, "decimals"),
        ({"key": "k", "name": "x", "budget": -1}, "budget"),
        ({"key": "k", "name": "x", "status": "closing"}, "status"),
        ({"key": "k", "name": "x", "settings": {"expiry_reminder_days": 0}}, "settings.expiry_reminder_days"),
    ]
    for body, field in cases:
        response = client.post("/v1/programs", json=body, headers=auth)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.text, (field, response.text)
    patched = client.patch("/v1/programs/default", json={"status": "open"}, headers=auth)
    assert patched.status_code == 422 and "status" in patched.text
    assert client.patch("/v1/programs/nope", json={"name": "x"}, headers=auth).status_code == 404


def test_only_the_lifecycle_s_transitions_are_allowed(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/programs", json={"key": "p", "name": "P"}, headers=auth)
    refused = client.patch("/v1/programs/p", json={"status": "closing"}, headers=auth)
    assert refused.status_code == 409
    assert refused.json()["allowed"] == ["active"] and "draft" in refused.json()["detail"]
    assert client.patch("/v1/programs/p", json={"status": "active"}, headers=auth).json()["status"] == "active"
    assert client.patch("/v1/programs/p", json={"status": "active"}, headers=auth).status_code == 200  # no change
    back = client.patch("/v1/programs/p", json={"status": "draft"}, headers=auth)
    assert back.status_code == 409 and back.json()["allowed"] == ["closing"]
    changed = client.patch("/v1/programs/p", json={"symbol": "XP"}, headers=auth)
    assert changed.status_code == 409  # the currency is fixed once live
    assert client.patch("/v1/programs/p", json={"status": "closed"}, headers=auth).status_code == 409
    assert client.patch("/v1/programs/p", json={"status": "closing"}, headers=auth).status_code == 200
    assert client.patch("/v1/programs/p", json={"status": "closed"}, headers=auth).status_code == 200
    final = client.patch("/v1/programs/p", json={"status": "active"}, headers=auth)
    assert final.status_code == 409 and final.json()["allowed"] == []


def test_a_draft_refuses_events_until_it_is_active(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/programs", json={"key": "soon", "name": "Soon"}, headers=auth)
    rule = {"key": "soon-buy", "event_type": "purchase", "points": "event.amount", "program": "soon"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    refused = _event(client, auth, "e1", "ann", 10, "soon")
    assert refused.status_code == 409 and refused.json()["type"].endswith("program-not-active")
    now = datetime.now(UTC)
    window = {"from": (now - timedelta(days=7)).isoformat(), "to": now.isoformat(), "program": "soon"}
    simulated = client.post("/v1/simulate", json={**window, "rules": [rule]}, headers=auth)
    assert simulated.status_code == 200, simulated.text  # a draft can be tried out before launch
    client.patch("/v1/programs/soon", json={"status": "active"}, headers=auth)
    accepted = _event(client, auth, "e1", "ann", 10, "soon")  # the same id, now stored
    assert accepted.status_code == 201 and accepted.json()["effects"]["points"] == 10


def test_closing_stops_accrual_keeps_redemption_and_closing_expires_balances(
    client: httpx.Client, auth: dict[str, str], settings: Settings
) -> None:
    _program(client, auth, "summer")
    hook = client.post(
        "/v1/webhooks",
        json={"url": "https://example.org/h", "events": ["program.closing", "program.closed", "points.earned"]},
        headers=auth,
    ).json()["id"]
    assert _event(client, auth, "s1", "ann", 100, "summer").json()["effects"]["points"] == 100
    assert _event(client, auth, "s2", "bob", 40, "summer").status_code == 201
    reward = {"key": "cap", "name": "Cap", "cost": 30, "program": "summer"}
    assert client.post("/v1/rewards", json=reward, headers=auth).status_code == 201

    closing = client.patch("/v1/programs/summer", json={"status": "closing"}, headers=auth).json()
    assert closing["status"] == "closing"
    closes_at = datetime.fromisoformat(closing["closes_at"])
    assert timedelta(days=29) < closes_at - datetime.now(UTC) <= timedelta(days=30)  # redemption_days default
    notices = _deliveries(client, auth, hook, "program.closing")
    assert sorted((n["member"], n["points"]) for n in notices) == [("ann", 100), ("bob", 40)]

    stopped = _event(client, auth, "s3", "ann", 500, "summer")
    assert stopped.status_code == 201
    assert stopped.json()["effects"]["points"] == 0
    assert "closing" in stopped.json()["effects"]["accrual_stopped"]
    promo = {"code": "LATE", "points": 5, "program": "summer"}
    assert client.post("/v1/promo-codes", json=promo, headers=auth).status_code == 201
    assert client.post("/v1/promo-codes/LATE/redeem", json={"member": "ann"}, headers=auth).status_code == 409
    assert client.post("/v1/rewards/cap/redeem", json={"member": "ann"}, headers=auth).status_code == 201
    assert _available(client, auth, "ann", "summer") == 70

    # Nothing closes before the window ends; once it has, the job closes the program and expires what is held.
    assert client.post("/v1/jobs/close-programs", headers=auth).json()["programs_closed"] == 0
    soon = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    assert client.patch("/v1/programs/summer", json={"closes_at": soon}, headers=auth).status_code == 200
    run = client.post("/v1/jobs/close-programs", headers=auth).json()
    assert (run["programs_closed"], run["members"], run["points_expired"]) == (1, 2, 110)
    again = client.post("/v1/jobs/close-programs", headers=auth).json()
    assert (again["programs_closed"], again["points_expired"]) == (0, 0)
    assert client.get("/v1/programs/summer", headers=auth).json()["status"] == "closed"
    assert _available(client, auth, "ann", "summer") == 0 and _available(client, auth, "bob", "summer") == 0
    closed = _deliveries(client, auth, hook, "program.closed")
    assert sorted((n["member"], n["points_expired"]) for n in closed) == [("ann", 70), ("bob", 40)]
    assert client.post("/v1/rewards/cap/redeem", json={"member": "ann"}, headers=auth).status_code == 409
    late = _event(client, auth, "s4", "ann", 5, "summer").json()["effects"]
    assert late["points"] == 0 and "closed" in late["accrual_stopped"]
    engine = engine_from_settings(settings)
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session) == []
    engine.dispose()


def test_closing_by_patch_expires_at_once(client: httpx.Client, auth: dict[str, str]) -> None:
    _program(client, auth, "pop")
    _event(client, auth, "p1", "cy", 25, "pop")
    client.patch("/v1/programs/pop", json={"status": "closing"}, headers=auth)
    closed = client.patch("/v1/programs/pop", json={"status": "closed"}, headers=auth)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert _available(client, auth, "cy", "pop") == 0
    stranger = new_tenant(client, "Other")
    assert client.get("/v1/programs/pop", headers=stranger).status_code == 404
    assert client.patch("/v1/programs/pop", json={"name": "Mine"}, headers=stranger).status_code == 404


def test_the_budget_cap_stops_accrual_and_says_so(client: httpx.Client, auth: dict[str, str]) -> None:
    _program(client, auth, "capped", budget=250)
    effects = [_event(client, auth, f"b{i}", "ann", 100, "capped").json()["effects"] for i in range(4)]
    assert [e["points"] for e in effects] == [100, 100, 50, 0]
    assert [e.get("points_withheld") for e in effects] == [None, None, 50, 100]
    assert [e.get("budget_exhausted", False) for e in effects] == [False, False, True, True]
    assert _available(client, auth, "ann", "capped") == 250
    program = client.get("/v1/programs/capped", headers=auth).json()
    assert program["budget"] == {"limit": 250, "used": 250, "remaining": 0}
    client.post("/v1/promo-codes", json={"code": "MORE", "points": 5, "program": "capped"}, headers=auth)
    refused = client.post("/v1/promo-codes/MORE/redeem", json={"member": "ann"}, headers=auth)
    assert refused.status_code == 409 and "budget" in refused.json()["detail"]
    client.patch("/v1/programs/capped", json={"budget": 300}, headers=auth)
    assert _event(client, auth, "b9", "ann", 100, "capped").json()["effects"]["points"] == 50


def test_a_budget_set_late_counts_what_was_already_issued(client: httpx.Client, auth: dict[str, str]) -> None:
    _program(client, auth, "late")
    _event(client, auth, "l1", "ann", 100, "late")
    budget = client.patch("/v1/programs/late", json={"budget": 150}, headers=auth).json()["budget"]
    assert budget == {"limit": 150, "used": 100, "remaining": 50}
    assert _event(client, auth, "l2", "ann", 100, "late").json()["effects"]["points"] == 50


def test_concurrent_events_never_overshoot_the_budget(client: httpx.Client, auth: dict[str, str]) -> None:
    """Batches run in their request threads and single events through the group committer, all at once, each
    event for a member of its own (so no member row lock orders them)."""
    _program(client, auth, "race", budget=500)

    def body(i: int) -> dict[str, Any]:
        return {
            "id": f"r{i}",
            "member": f"m{i}",
            "type": "purchase",
            "properties": {"amount": 7},
            "program": "race",
        }

    def send(n: int) -> int:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            if n % 2:
                response = own.post("/v1/events", json=body(n * 10), headers=auth)
                assert response.status_code == 201, response.text
                return int(response.json()["effects"]["points"])
            batch = own.post("/v1/events/batch", json={"events": [body(n * 10 + k) for k in range(5)]}, headers=auth)
            assert batch.status_code == 200, batch.text
            return sum(int(item["effects"]["points"]) for item in batch.json()["results"])

    with ThreadPoolExecutor(16) as pool:
        awarded = list(pool.map(send, range(40)))
    assert sum(awarded) == 500  # 20 singles and 20 batches of 5 ask for 840
    members = [n * 10 + k for n in range(40) for k in range(1 if n % 2 else 5)]
    assert sum(_available(client, auth, f"m{i}", "race") for i in members) == 500
    assert client.get("/v1/programs/race", headers=auth).json()["budget"]["used"] == 500


def test_scheduled_bonuses_respect_the_budget_and_stop_when_closing(client: httpx.Client, auth: dict[str, str]) -> None:
    terms = {"win_back": {"inactive_days": 30, "points": 15}}
    _program(client, auth, "back", budget=40, settings=terms)
    at = (datetime.now(UTC) - timedelta(days=60)).isoformat()
    for member in ("a", "b", "c"):
        body = {"id": f"v-{member}", "member": member, "type": "visit", "occurred_at": at, "program": "back"}
        assert client.post("/v1/events", json=body, headers=auth).status_code == 201
    paid = client.post("/v1/jobs/win-back", headers=auth).json()
    assert (paid["members"], paid["points_awarded"]) == (2, 30)  # a third bonus would pass the budget of 40
    assert client.get("/v1/programs/back", headers=auth).json()["budget"]["remaining"] == 10
    client.patch("/v1/programs/back", json={"budget": 100, "status": "closing"}, headers=auth)
    assert client.post("/v1/jobs/win-back", headers=auth).json()["members"] == 0  # closing: no bonuses
    assert sum(_available(client, auth, m, "back") for m in ("a", "b", "c")) == 30
