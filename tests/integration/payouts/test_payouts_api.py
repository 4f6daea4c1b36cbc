"""The payout endpoints over HTTP: what a caller sees, and every refusal as problem+json. No worker runs here:
payouts stay queued, which is all these answers depend on."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ADMIN_TOKEN, LiveServer

from .conftest import Stack


@pytest.fixture(scope="module")
def http(stack: Stack) -> Iterator[httpx.Client]:
    with LiveServer(stack.settings) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def new_tenant(http: httpx.Client, points: int = 100) -> dict[str, str]:
    created = http.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    auth = {"Authorization": f"Bearer {created.json()['api_key']}"}
    assert http.post("/v1/rules", json={"key": "r", "event_type": "gift", "points": "event.n"}, headers=auth).is_success
    event = {"id": "gift-1", "member": "alice", "type": "gift", "properties": {"n": points}}
    assert http.post("/v1/events", json=event, headers=auth).status_code == 201
    return auth


def test_payout_is_accepted_queued_and_readable(http: httpx.Client) -> None:
    auth = new_tenant(http)

    answer = http.post("/v1/payouts", json={"member": "alice", "amount": 30, "chain": "evm"}, headers=auth)

    assert answer.status_code == 202
    body = answer.json()
    assert body["status"] == "queued" and body["amount"] == 30 and body["token_amount"] == str(30 * 10**18)
    assert http.get(f"/v1/payouts/{body['id']}", headers=auth).json()["id"] == body["id"]
    balance = http.get("/v1/members/alice/balance", headers=auth).json()
    assert balance["available"] == 70 and balance["in_payout"] == 30  # reserved, not settled yet


def test_more_than_available_is_a_409_insufficient_points(http: httpx.Client) -> None:
    auth = new_tenant(http, points=10)

    answer = http.post("/v1/payouts", json={"member": "alice", "amount": 11, "chain": "evm"}, headers=auth)

    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"].endswith("/insufficient-points")


def test_idempotency_key_returns_the_same_payout_and_refuses_another_body(http: httpx.Client) -> None:
    auth = new_tenant(http)
    headers = {**auth, "Idempotency-Key": "checkout-42"}
    body = {"member": "alice", "amount": 25, "chain": "evm"}

    first = http.post("/v1/payouts", json=body, headers=headers)
    again = http.post("/v1/payouts", json=body, headers=headers)
    other = http.post("/v1/payouts", json={**body, "amount": 26}, headers=headers)

    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 409 and other.json()["type"].endswith("/idempotency-conflict")
    assert http.get("/v1/members/alice/balance", headers=auth).json()["available"] == 75


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"member": "alice", "amount": 0, "chain": "evm"}, "amount"),
        ({"member": "alice", "amount": 5, "chain": "bitcoin"}, "chain"),
        ({"member": "alice", "amount": 5, "chain": "tron"}, "chain"),
        ({"member": "alice", "amount": 5, "chain": "evm", "to_address": "0x1234"}, "to_address"),
        ({"member": "alice", "amount": 5, "chain": "evm", "to_address": "0x52908400098527886e0F7030069857D2E4169EE7"},
         "to_address"),
    ],
)  # fmt: skip
def test_bad_payout_requests_are_422_naming_the_field(http: httpx.Client, body: dict[str, object], field: str) -> None:
    auth = new_tenant(http)

    answer = http.post("/v1/payouts", json=body, headers=auth)

    assert answer.status_code == 422, answer.text
    assert field in answer.text


def test_another_tenants_payout_is_a_404(http: httpx.Client) -> None:
    mine, theirs = new_tenant(http), new_tenant(http)
    created = http.post("/v1/payouts", json={"member": "alice", "amount": 5, "chain": "evm"}, headers=mine).json()

    assert http.get(f"/v1/payouts/{created['id']}", headers=theirs).status_code == 404
    assert http.post(f"/v1/payouts/{created['id']}/approve", headers=theirs).status_code == 404


def test_held_payout_is_approved_or_denied_by_an_admin(http: httpx.Client) -> None:
    auth = new_tenant(http)
    patched = http.patch(
        "/v1/programs/default", json={"settings": {"payouts": {"requires_approval": True}}}, headers=auth
    )
    assert patched.status_code == 200, patched.text
    held = [
        http.post("/v1/payouts", json={"member": "alice", "amount": 10, "chain": "evm"}, headers=auth).json()
        for _ in range(2)
    ]
    assert [p["status"] for p in held] == ["on_hold", "on_hold"]

    approved = http.post(f"/v1/payouts/{held[0]['id']}/approve", headers=auth)
    denied = http.post(f"/v1/payouts/{held[1]['id']}/deny", headers=auth)
    again = http.post(f"/v1/payouts/{held[1]['id']}/approve", headers=auth)

    assert approved.json()["status"] == "queued" and denied.json()["status"] == "denied"
    assert again.status_code == 409 and again.json()["type"].endswith("/payout-state")
    assert http.get("/v1/members/alice/balance", headers=auth).json()["available"] == 90


def test_chains_lists_the_evm_network_and_its_token(http: httpx.Client, stack: Stack) -> None:
    auth = new_tenant(http)

    [evm] = http.get("/v1/chains", headers=auth).json()

    assert evm["name"] == "evm" and evm["chain_id"] == 31337 and evm["decimals"] == 18
    assert evm["token_address"] == stack.settings.evm_token_address


@pytest.mark.parametrize(
    "payouts", [{"rate": 0}, {"requires_approval": "yes"}, {"auto_chain": "bitcoin"}, {"surprise": 1}, []]
)
def test_bad_payout_settings_are_422(http: httpx.Client, payouts: object) -> None:
    auth = new_tenant(http)

    answer = http.patch("/v1/programs/default", json={"settings": {"payouts": payouts}}, headers=auth)

    assert answer.status_code == 422 and answer.json()["field"].startswith("settings.payouts")


def test_payouts_follow_the_programs_lifecycle_draft_and_closed_refuse_closing_pays(http: httpx.Client) -> None:
    auth = new_tenant(http)
    assert http.post("/v1/programs", json={"key": "club", "name": "Club"}, headers=auth).json()["status"] == "draft"
    body = {"member": "alice", "amount": 10, "chain": "evm", "program": "club"}

    from_draft = http.post("/v1/payouts", json=body, headers=auth)
    assert http.patch("/v1/programs/club", json={"status": "active"}, headers=auth).is_success
    rule = {"key": "club-gift", "event_type": "gift", "points": "event.n", "program": "club"}
    assert http.post("/v1/rules", json=rule, headers=auth).is_success
    event = {"id": "club-gift-1", "member": "alice", "type": "gift", "properties": {"n": 50}, "program": "club"}
    assert http.post("/v1/events", json=event, headers=auth).status_code == 201
    assert http.patch("/v1/programs/club", json={"status": "closing"}, headers=auth).is_success
    while_closing = http.post("/v1/payouts", json=body, headers=auth)
    assert http.patch("/v1/programs/club", json={"status": "closed"}, headers=auth).is_success
    from_closed = http.post("/v1/payouts", json=body, headers=auth)

    for refused, status in ((from_draft, "draft"), (from_closed, "closed")):
        assert refused.status_code == 409, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        problem = refused.json()
        assert problem["type"].endswith("/program-not-active") and problem["program_status"] == status
        assert f"is {status}" in problem["detail"]
    assert while_closing.status_code == 202 and while_closing.json()["status"] == "queued"
    assert http.post("/v1/payouts", json={**body, "program": None}, headers=auth).status_code == 202  # default: active


def test_a_batch_answers_one_result_per_payout_in_order(http: httpx.Client) -> None:
    auth = new_tenant(http, points=100)
    payouts = [
        {"idempotency_key": "b-1", "member": "alice", "amount": 30, "chain": "evm"},
        {"idempotency_key": "b-2", "member": "alice", "amount": 500, "chain": "evm"},
        {"idempotency_key": "b-3", "member": "nobody", "amount": 5, "chain": "evm"},
        {"idempotency_key": "b-4", "member": "alice", "amount": 0, "chain": "evm"},
        {"member": "alice", "amount": 5, "chain": "evm"},
        {"idempotency_key": "b-1", "member": "alice", "amount": 30, "chain": "evm"},
        {"idempotency_key": "b-1", "member": "alice", "amount": 31, "chain": "evm"},
        {"idempotency_key": "b-5", "member": "alice", "amount": 20, "chain": "evm", "to_address": "0x1234"},
        {"idempotency_key": "b-6", "member": "alice", "amount": 20, "chain": "evm"},
    ]

    answer = http.post("/v1/payouts/batch", json={"payouts": payouts}, headers=auth)

    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == [202, 409, 404, 422, 422, 200, 409, 422, 202]
    assert [r["idempotency_key"] for r in results] == [p.get("idempotency_key") for p in payouts]
    assert results[0]["payout"]["status"] == "queued" and results[5]["payout"]["id"] == results[0]["payout"]["id"]
    assert results[1]["error"]["type"].endswith("/insufficient-points")
    assert results[6]["error"]["type"].endswith("/idempotency-conflict")
    assert "amount" in results[3]["error"]["detail"] and "idempotency_key" in results[4]["error"]["detail"]
    assert "to_address" in str(results[7]["error"])
    assert http.get("/v1/members/alice/balance", headers=auth).json()["available"] == 50


def test_a_batch_sent_again_reserves_nothing_twice(http: httpx.Client) -> None:
    auth = new_tenant(http, points=100)
    payouts = [{"idempotency_key": f"r-{i}", "member": "alice", "amount": 10, "chain": "evm"} for i in range(5)]

    first = http.post("/v1/payouts/batch", json={"payouts": payouts}, headers=auth).json()["results"]
    again = http.post("/v1/payouts/batch", json={"payouts": payouts}, headers=auth).json()["results"]

    assert [r["status"] for r in first] == [202] * 5 and [r["status"] for r in again] == [200] * 5
    assert [r["payout"]["id"] for r in again] == [r["payout"]["id"] for r in first]
    assert http.get("/v1/members/alice/balance", headers=auth).json()["available"] == 50


@pytest.mark.parametrize(("body", "field"), [({"payouts": []}, "payouts"), ({}, "payouts"), ({"payouts": [1]}, "0")])
def test_a_bad_batch_is_a_422_naming_the_field(http: httpx.Client, body: dict[str, object], field: str) -> None:
    answer = http.post("/v1/payouts/batch", json=body, headers=new_tenant(http))

    assert answer.status_code == 422 and field in answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_batch_over_the_limit_is_a_422(http: httpx.Client) -> None:
    payouts = [{"idempotency_key": f"k{i}", "member": "alice", "amount": 1, "chain": "evm"} for i in range(1001)]

    answer = http.post("/v1/payouts/batch", json={"payouts": payouts}, headers=new_tenant(http))

    assert answer.status_code == 422 and "at most 1000" in answer.json()["detail"]
