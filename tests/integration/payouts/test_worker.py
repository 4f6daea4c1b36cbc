"""Payouts end to end through a real Celery worker process (with beat), on the embedded SQLite broker and on Redis."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from core.db import run_in_transaction, unit_of_work
from tests.conftest import ADMIN_TOKEN, LiveServer
from wallets.models import LedgerTransaction
from wallets.payouts import PayoutRequest, request_payout

from .conftest import Stack, tenant_with_member
from .helpers import own_broker, payout, transactions, wait_for, worker_process

WEI = 10**18


@pytest.fixture
def broker(stack: Stack) -> Iterator[Stack]:
    """The stack with a broker of its own (see `own_broker`)."""
    with own_broker(stack.settings) as settings:
        yield Stack(settings=settings, engine=stack.engine, keystore=stack.keystore, anvil=stack.anvil, w3=stack.w3)


def test_event_to_points_to_payout_confirmed_and_the_chain_matches_the_ledger(broker: Stack, tmp_path: Path) -> None:
    with (
        worker_process(broker.settings, tmp_path / "worker.log"),
        LiveServer(broker.settings) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        created = http.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        auth = {"Authorization": f"Bearer {created.json()['api_key']}"}
        rule = {"key": "spend", "event_type": "purchase", "points": "event.amount"}
        assert http.post("/v1/rules", json=rule, headers=auth).status_code == 201
        event = {"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 70}}
        assert http.post("/v1/events", json=event, headers=auth).json()["effects"]["points"] == 70

        answer = http.post("/v1/payouts", json={"member": "alice", "amount": 50, "chain": "evm"}, headers=auth)
        assert answer.status_code == 202, answer.text
        assert answer.json()["status"] == "queued"
        payout_id = answer.json()["id"]
        wait_for(
            lambda: http.get(f"/v1/payouts/{payout_id}", headers=auth).json()["status"] == "confirmed",
            what=(tmp_path / "worker.log").read_text,
        )
        view = http.get(f"/v1/payouts/{payout_id}", headers=auth).json()
        balance = http.get("/v1/members/alice/balance", headers=auth).json()
        wallets = http.get("/v1/members/alice", headers=auth).json()["wallets"]

    assert view["tx_hash"].startswith("0x") and view["token_amount"] == str(50 * WEI)
    assert balance["available"] == 20 and balance["on_chain"]["evm"] == str(50 * WEI)
    assert broker.token_balance(wallets["evm"]) == 50 * WEI


def test_worker_killed_mid_batch_settles_every_payout_exactly_once(broker: Stack, tmp_path: Path) -> None:
    tenant_id, _ = tenant_with_member(broker, 100)
    request = PayoutRequest(member="alice", amount=10, chain="evm")
    networks = {"evm": broker.chain.network}
    ids = [
        run_in_transaction(
            broker.engine,
            lambda s: (
                request_payout(
                    s, broker.keystore, networks, tenant_id, request, idempotency_key=None, default_daily_limit=0
                )[0].id
            ),
        )
        for _ in range(5)
    ]
    broker.anvil.rpc("evm_setAutomine", [False])
    try:
        with worker_process(broker.settings, tmp_path / "first.log") as first:
            wait_for(
                lambda: any(
                    t.status == "broadcast" for t in transactions(broker, payout(broker, ids[0]).batch_id or "-")
                ),
                what="the batch to be broadcast",
            )
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    finally:
        broker.anvil.rpc("evm_setAutomine", [True])
    broker.anvil.rpc("evm_mine")
    with worker_process(broker.settings, tmp_path / "second.log"):
        wait_for(lambda: all(payout(broker, i).status == "confirmed" for i in ids), what="settlement")

    address = payout(broker, ids[0]).to_address
    assert broker.token_balance(address) == 50 * WEI
    with unit_of_work(broker.engine, read_only=True) as session:
        settlements = session.scalar(
            select(func.count()).where(col(LedgerTransaction.idempotency_key).in_([f"payout:{i}:settle" for i in ids]))
        )
    assert settlements == 5
    assert {payout(broker, i).batch_id for i in ids} == {payout(broker, ids[0]).batch_id}
