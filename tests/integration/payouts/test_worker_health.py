"""No silent worker: a worker knows the chains `laurel up` recorded under the data dir, says when payouts wait on a
chain it cannot reach, and /healthz tells work waiting with nobody to do it from work being done."""

from pathlib import Path

import httpx
from sqlalchemy import select

from chain.network import Deployment, save_deployment
from core.db import run_in_transaction, unit_of_work
from core.heartbeats import WorkerHeartbeat
from tests.conftest import LiveServer, free_port
from wallets.payouts import PayoutRequest, assemble_batches, request_payout
from worker.context import build_context
from worker.heartbeat import Heartbeat

from .conftest import CHAIN_ID, Stack, tenant_with_member
from .helpers import own_broker, payout, wait_for, worker_process


def queue_payout(stack: Stack, points: int = 10) -> str:
    tenant_id, _ = tenant_with_member(stack, points)
    networks = {"evm": stack.chain.network}
    request = PayoutRequest(member="alice", amount=points, chain="evm")
    return run_in_transaction(
        stack.engine,
        lambda s: request_payout(s, stack.keystore, networks, tenant_id, request, idempotency_key=None,
                                 default_daily_limit=0)[0].id,
    )  # fmt: skip


def test_work_waiting_without_a_live_worker_or_on_an_unreachable_chain_degrades_health(stack: Stack) -> None:
    queue_payout(stack)
    dead_node = stack.settings.model_copy(update={"evm_rpc_url": f"http://127.0.0.1:{free_port()}"})
    with LiveServer(stack.settings) as server:
        nobody = httpx.get(f"{server.url}/healthz", timeout=30).json()
        report = Heartbeat(build_context(dead_node)).beat()
        stranded = httpx.get(f"{server.url}/healthz", timeout=30).json()
        Heartbeat(build_context(stack.settings)).beat()  # the same process: the same worker, now reaching evm
        served = httpx.get(f"{server.url}/healthz", timeout=30).json()
        live, ready = httpx.get(f"{server.url}/livez"), httpx.get(f"{server.url}/readyz")

    assert nobody["status"] == "degraded" and nobody["workers"]["live"] == 0
    assert nobody["waiting"]["payouts"]["count"] >= 1 and nobody["waiting"]["payouts"]["oldest_age_s"] >= 0
    assert nobody["problems"] == ["work is waiting and no worker has sent a heartbeat"]
    assert nobody["payout_lanes"]["evm"]["queued"] >= 1
    assert report["evm"]["reachable"] is False and report["evm"]["waiting"] >= 1
    assert stranded["status"] == "degraded" and stranded["workers"]["live"] == 1
    assert any(p.startswith("payouts wait on evm, which no live worker can reach") for p in stranded["problems"])
    assert served["workers"]["live"] == 1 and served["workers"]["chains"]["evm"]["reachable"] is True
    assert not [p for p in served.get("problems", []) if "evm" in p or "no worker" in p]
    assert live.json() == {"status": "ok"} and ready.json() == {"status": "ok"}


def test_healthz_shows_each_lane_with_the_batches_it_has_on_their_way(stack: Stack) -> None:
    queue_payout(stack)
    chain = stack.chain
    with unit_of_work(stack.engine) as session:
        assert assemble_batches(session, chain, max_size=1000)
    with LiveServer(stack.settings) as server:
        lanes = httpx.get(f"{server.url}/healthz", timeout=30).json()["payout_lanes"]["evm"]["lanes"]

    [lane] = [lane for lane in lanes if lane["sender"] == chain.pipeline.sender]
    assert lane["batches_in_flight"] >= 1 and lane["oldest_age_s"] >= 0


def test_a_worker_started_alone_finds_the_chain_laurel_up_recorded_and_pays(stack: Stack, tmp_path: Path) -> None:
    settings = stack.settings
    save_deployment(
        settings.data_dir,
        Deployment(settings.evm_rpc_url, CHAIN_ID, settings.evm_token_address, settings.evm_badge_address or ""),
    )
    payout_id = queue_payout(stack)
    alone = settings.model_copy(update={"evm_rpc_url": "", "evm_chain_id": None, "evm_token_address": None})
    with own_broker(alone) as worker_settings, worker_process(worker_settings, tmp_path / "worker.log") as worker:
        wait_for(lambda: payout(stack, payout_id).status == "confirmed", what="the payout")
        with unit_of_work(stack.engine, read_only=True) as session:
            beats = [b for b in session.scalars(select(WorkerHeartbeat)) if b.worker.endswith(f":{worker.pid}")]

    assert beats and beats[0].chains["evm"]["reachable"] is True
