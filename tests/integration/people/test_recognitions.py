"""Recognition through the API and the service: allowances that refill and lapse at the month boundary in the
program's zone, limits, values, segment allowances, approvals, the feed, and the engine counting recognitions."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import Engine

from core.db import run_in_transaction, unit_of_work
from core.tenancy import get_member
from people.service import RecognitionSpec, allowance_left, give_recognition
from tests.conftest import ADMIN_TOKEN
from tests.integration.people.helpers import (
    assert_ledger_matches_balances,
    available,
    configure,
    ledger_checked_throughout,
    member,
)
from wallets.programs import resolve_program

Tenant = tuple[str, dict[str, str]]
SCHEME = {"monthly_allowance": 100, "max_per_recipient": 50, "values": ["teamwork", "customer-first"]}


def _give(client: httpx.Client, auth: dict[str, str], rid: str, giver: str, to: str, points: int, **extra: object):
    body = {"id": rid, "from": giver, "to": to, "points": points, "message": "thanks!", **extra}
    return client.post("/v1/recognitions", json=body, headers=auth)


@pytest.fixture()
def team(client: httpx.Client, tenant: Tenant) -> dict[str, str]:
    _, auth = tenant
    configure(client, auth, recognition=SCHEME)
    for name, team_name in (("ann", "blue"), ("bob", "blue"), ("cy", "red"), ("dee", "red")):
        member(client, auth, name, team=team_name)
    return auth


def test_a_recognition_moves_allowance_to_the_receiver_and_is_counted_by_the_engine(
    client: httpx.Client, engine: Engine, team: dict[str, str]
) -> None:
    auth = team
    badge = {
        "key": "appreciated",
        "name": "Appreciated",
        "criteria": {"event_type": "recognition.received", "count": 1},
    }
    assert client.post("/v1/badges", json=badge, headers=auth).status_code == 201
    response = _give(client, auth, "r1", "ann", "cy", 30, values=["teamwork"])
    assert response.status_code == 201, response.text
    assert (response.json()["status"], response.json()["from"], response.json()["to"]) == ("given", "ann", "cy")
    assert available(client, auth, "cy") == 30
    assert available(client, auth, "ann") == 0  # the allowance is not the giver's to spend
    badges = client.get("/v1/members/cy/badges", headers=auth).json()
    assert [b["key"] for b in badges] == ["appreciated"]
    posting = client.get("/v1/members/cy/ledger", headers=auth).json()["items"][0]
    assert (posting["kind"], posting["amount"]) == ("recognition", 30)
    assert _give(client, auth, "r1", "ann", "cy", 30, values=["teamwork"]).status_code == 200
    assert available(client, auth, "cy") == 30
    assert _give(client, auth, "r1", "ann", "cy", 31).status_code == 409
    assert_ledger_matches_balances(engine)


def test_the_feed_by_member_and_by_team_newest_first(client: httpx.Client, team: dict[str, str]) -> None:
    auth = team
    assert _give(client, auth, "f1", "ann", "cy", 5).status_code == 201
    assert _give(client, auth, "f2", "cy", "dee", 5).status_code == 201
    assert _give(client, auth, "f3", "dee", "cy", 5).status_code == 201
    everyone = client.get("/v1/recognitions", headers=auth).json()["items"]
    assert [r["id"] for r in everyone] == ["f3", "f2", "f1"]
    ann = client.get("/v1/recognitions", params={"member": "ann"}, headers=auth).json()["items"]
    assert [r["id"] for r in ann] == ["f1"]
    blue = client.get("/v1/recognitions", params={"team": "blue"}, headers=auth).json()["items"]
    assert [r["id"] for r in blue] == ["f1"]
    page = client.get("/v1/recognitions", params={"limit": 2}, headers=auth).json()
    older = client.get("/v1/recognitions", params={"before": page["next_before"]}, headers=auth).json()["items"]
    assert [r["id"] for r in older] == ["f1"]
    assert client.get("/v1/recognitions", params={"member": "ghost"}, headers=auth).status_code == 404


def test_limits_values_and_bad_input(client: httpx.Client, team: dict[str, str]) -> None:
    auth = team
    assert _give(client, auth, "l1", "ann", "cy", 40).status_code == 201
    per_recipient = _give(client, auth, "l2", "ann", "cy", 20)
    assert per_recipient.status_code == 409 and per_recipient.json()["remaining"] == 10
    assert _give(client, auth, "l3", "ann", "dee", 50).status_code == 201
    allowance = _give(client, auth, "l4", "ann", "bob", 20)
    assert allowance.status_code == 409 and allowance.json()["available"] == 10
    unknown_value = _give(client, auth, "l5", "bob", "cy", 1, values=["speed"])
    assert unknown_value.status_code == 422 and unknown_value.json()["field"] == "values"
    assert _give(client, auth, "l6", "bob", "bob", 1).json()["field"] == "to"
    assert _give(client, auth, "l7", "bob", "ghost", 1).status_code == 404
    empty = client.post("/v1/recognitions", json={"id": "l8", "from": "bob", "to": "cy", "points": 1}, headers=auth)
    assert empty.status_code == 422 and "message" in empty.json()["detail"]


def test_reciprocal_giving_beyond_the_limit_is_refused_and_listed(
    client: httpx.Client, engine: Engine, tenant: Tenant, team: dict[str, str]
) -> None:
    tenant_id, auth = tenant
    configure(client, auth, recognition={**SCHEME, "reciprocal_limit": 3})
    assert _give(client, auth, "p1", "ann", "bob", 1).status_code == 201
    assert _give(client, auth, "p2", "bob", "ann", 1).status_code == 201
    assert _give(client, auth, "p3", "ann", "bob", 1).status_code == 201
    refused = _give(client, auth, "p4", "bob", "ann", 1)
    assert refused.status_code == 409 and refused.json()["type"].endswith("/recognition-limit")
    assert _give(client, auth, "p5", "cy", "dee", 1).status_code == 201  # one way only: no limit
    from people.service import reciprocal_pairs
    from people.terms import month_of

    with unit_of_work(engine, read_only=True) as session:
        pairs = reciprocal_pairs(session, tenant_id, month_of(datetime.now(UTC), UTC))
    assert [(p.first, p.second, p.count) for p in pairs] == [("ann", "bob", 3)]


def test_managers_get_the_larger_allowance_of_their_segment(client: httpx.Client, tenant: Tenant) -> None:
    _, auth = tenant
    segment = {"key": "managers", "name": "Managers", "condition": "member.attributes.role == 'manager'"}
    assert client.post("/v1/segments", json=segment, headers=auth).status_code == 201
    configure(client, auth, recognition={"monthly_allowance": 10, "segment_allowances": {"managers": 500}})
    member(client, auth, "boss", role="manager")
    member(client, auth, "dev")
    member(client, auth, "qa")
    assert _give(client, auth, "m1", "boss", "dev", 300).status_code == 201
    assert _give(client, auth, "m2", "dev", "qa", 11).json()["available"] == 10


def test_large_recognitions_wait_for_an_approver(client: httpx.Client, engine: Engine, tenant: Tenant) -> None:
    _, auth = tenant
    configure(client, auth, recognition={"monthly_allowance": 100, "approval_threshold": 20})
    for name in ("ann", "bob"):
        member(client, auth, name)
    pending = _give(client, auth, "a1", "ann", "bob", 30)
    assert pending.status_code == 201 and pending.json()["status"] == "pending"
    assert available(client, auth, "bob") == 0
    queue = client.get("/v1/recognitions", params={"status": "pending"}, headers=auth).json()["items"]
    assert [r["id"] for r in queue] == ["a1"]
    approved = client.post("/v1/recognitions/a1/approve", headers=auth)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert available(client, auth, "bob") == 30
    assert client.post("/v1/recognitions/a1/deny", headers=auth).status_code == 409
    assert _give(client, auth, "a2", "ann", "bob", 70).json()["status"] == "pending"
    assert _give(client, auth, "a3", "ann", "bob", 1).json()["available"] == 0  # set aside while it waits
    assert client.post("/v1/recognitions/a2/deny", headers=auth).json()["status"] == "denied"
    assert _give(client, auth, "a4", "ann", "bob", 5).status_code == 201  # the denied points came back
    assert available(client, auth, "bob") == 35
    assert client.post("/v1/recognitions/nope/approve", headers=auth).status_code == 404
    other = client.post("/v1/tenants", json={"name": "O"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    other_auth = {"Authorization": f"Bearer {other['api_key']}"}
    assert client.post("/v1/recognitions/a4/approve", headers=other_auth).status_code == 404
    assert client.get("/v1/recognitions/a4", headers=other_auth).status_code == 404
    assert_ledger_matches_balances(engine)


def test_allowances_lapse_exactly_at_the_month_boundary_in_the_programs_zone(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    tenant_id, auth = tenant
    configure(client, auth, timezone="America/New_York", recognition={"monthly_allowance": 100})
    for name in ("ann", "bob"):
        member(client, auth, name)
    last_second = datetime(2026, 2, 1, 4, 59, 59, tzinfo=UTC)  # 23:59:59 on 31 January in New York
    first_second = datetime(2026, 2, 1, 5, 0, 0, tzinfo=UTC)  # midnight, 1 February in New York

    def give(rid: str, points: int, at: datetime) -> None:
        spec = RecognitionSpec(rid, "ann", "bob", points, "thanks")
        run_in_transaction(engine, lambda s: give_recognition(s, tenant_id, spec, at))

    def left(at: datetime) -> tuple[str, int]:
        with unit_of_work(engine, read_only=True) as session:
            program = resolve_program(session, tenant_id)
            member_id = get_member(session, tenant_id, "ann").id
            assert member_id is not None
            return allowance_left(session, program, member_id, at)

    give("jan", 60, last_second)
    assert left(last_second) == ("2026-01", 40)
    assert left(first_second) == ("2026-02", 100)
    give("feb", 100, first_second)  # a fresh allowance; January's 40 did not carry over
    assert left(first_second) == ("2026-02", 0)
    with unit_of_work(engine, read_only=True) as session:
        from wallets.ledger import balance_rows

        program_id = resolve_program(session, tenant_id).id
        ann = get_member(session, tenant_id, "ann").id
        assert program_id is not None
        rows = balance_rows(session, tenant_id, program_id, [f"allowance:{ann}:2026-01", f"allowance:{ann}:2026-02"])
    assert sorted(balance for _, balance, _ in rows) == [0, 0]  # January lapsed when February was granted
    assert available(client, auth, "bob") == 160
    assert_ledger_matches_balances(engine)


def test_twenty_concurrent_recognitions_from_one_giver_never_exceed_the_allowance(
    client: httpx.Client, engine: Engine, tenant: Tenant
) -> None:
    _, auth = tenant
    configure(client, auth, recognition={"monthly_allowance": 100})
    member(client, auth, "giver")
    for n in range(20):
        member(client, auth, f"r{n}")

    def give(n: int) -> int:
        return _give(client, auth, f"c{n}", "giver", f"r{n}", 7).status_code

    with ledger_checked_throughout(engine), ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(give, range(20)))
    assert codes.count(201) == 14  # 14 x 7 = 98 of 100
    assert set(codes) == {201, 409}
    assert sum(available(client, auth, f"r{n}") for n in range(20)) == 98
    assert_ledger_matches_balances(engine)
