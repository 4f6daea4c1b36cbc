"""Anchored balances on a real anvil: an epoch's root goes through the transaction pipeline into BalanceAnchor, a
member's proof checks out against OpenZeppelin's MerkleProof on chain and with `laurel verify` (no database), a
failed anchor is reported in health and retried, and reconciliation finds the ledger, the leaves and the chain
in agreement."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from web3 import Web3

from anchoring.service import anchor_balances, anchor_health, anchor_targets, member_proof, reconcile_anchors
from anchoring.verify import verify_proof
from chain.evm import EvmClient
from chain.network import configured_networks
from contracts.artifacts import load_artifact
from contracts.deploy import ANCHOR_ROLE, deploy_balance_anchor, sign_and_send
from core.db import unit_of_work
from tests.conftest import ADMIN_TOKEN, LiveServer

from .conftest import Stack, tenant_with_member
from .helpers import advance_until

HOUR = timedelta(hours=1)
REPO = Path(__file__).resolve().parents[3]


def with_anchor(stack: Stack, *, grant: bool = True) -> tuple[Stack, str]:
    anchorer = stack.chain.pipeline.sender
    address = deploy_balance_anchor(stack.w3, stack.anvil.genesis_key, anchorer=anchorer)
    if not grant:
        contract = stack.w3.eth.contract(address=address, abi=load_artifact("BalanceAnchor").abi)
        sign_and_send(stack.w3, stack.anvil.genesis_key, contract.functions.revokeRole(ANCHOR_ROLE, anchorer))
    return replace(stack, settings=stack.settings.model_copy(update={"evm_anchor_address": address})), address


def anchor_now(stack: Stack) -> int | None:
    targets = anchor_targets(stack.settings, stack.keystore, configured_networks(stack.settings))
    return anchor_balances(stack.engine, targets, interval=HOUR, force=True).epoch


def proof_of(stack: Stack, tenant_id: str, member: str) -> dict[str, object]:
    with unit_of_work(stack.engine) as session:
        proof = member_proof(session, configured_networks(stack.settings), tenant_id, member, None)
    return json.loads(json.dumps(proof, default=str))


def test_a_members_proof_verifies_against_the_root_anchored_on_chain(stack: Stack, tmp_path: Path) -> None:
    stack, address = with_anchor(stack)
    tenant_id, _ = tenant_with_member(stack, 120)
    for n in range(6):
        tenant_with_member(stack, 10 + n, external_id=f"neighbour-{n}")

    epoch = anchor_now(stack)
    assert epoch is not None
    advance_until(stack, lambda: proof_of(stack, tenant_id, "alice")["anchors"][0]["status"] == "confirmed", mine=True)
    proof = proof_of(stack, tenant_id, "alice")

    assert proof["epoch"] == epoch and proof["values"] == {
        "tenant": tenant_id,
        "member": "alice",
        "program": "default",
        "balance": 120,
    }
    assert verify_proof(proof, EvmClient(stack.anvil.url), address).verified
    anchor = stack.w3.eth.contract(address=Web3.to_checksum_address(address), abi=load_artifact("BalanceAnchor").abi)
    nodes = [bytes.fromhex(n[2:]) for n in proof["proof"]]  # type: ignore[union-attr]
    leaf = bytes.fromhex(str(proof["leaf"])[2:])
    assert anchor.functions.verify(epoch, nodes, leaf).call()  # OpenZeppelin's MerkleProof agrees
    assert not anchor.functions.verify(epoch, nodes, bytes(32)).call()
    inflated = {**proof, "values": {**proof["values"], "balance": 121}}  # type: ignore[dict-item]
    assert not verify_proof(inflated, EvmClient(stack.anvil.url), address).verified
    assert reconcile_anchors(stack.engine, configured_networks(stack.settings)).drifts == []

    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    checked = subprocess.run(
        [sys.executable, "-m", "api.cli", "verify", str(path), "--rpc-url", stack.anvil.url],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "LAUREL_DATABASE_URL": "sqlite:////nonexistent/no.db"},
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    path.write_text(json.dumps(inflated))
    refused = subprocess.run(
        [sys.executable, "-m", "api.cli", "verify", str(path), "--rpc-url", stack.anvil.url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and "not verified" in refused.stdout


def test_an_epoch_that_could_not_be_anchored_is_reported_and_retried(stack: Stack) -> None:
    stack, address = with_anchor(stack, grant=False)
    tenant_id, _ = tenant_with_member(stack, 50)

    epoch = anchor_now(stack)
    advance_until(stack, lambda: proof_of(stack, tenant_id, "alice")["anchors"][0]["status"] == "failed", mine=True)
    with unit_of_work(stack.engine, read_only=True) as session:
        health = anchor_health(session, grace=HOUR)
    assert not health.ok and {"epoch": epoch, "chain": "evm", "status": "failed"} in health.unanchored

    contract = stack.w3.eth.contract(address=Web3.to_checksum_address(address), abi=load_artifact("BalanceAnchor").abi)
    sign_and_send(
        stack.w3, stack.anvil.genesis_key, contract.functions.grantRole(ANCHOR_ROLE, stack.chain.pipeline.sender)
    )
    targets = anchor_targets(stack.settings, stack.keystore, configured_networks(stack.settings))
    run = anchor_balances(stack.engine, targets, interval=HOUR)
    assert epoch in run.retried and run.epoch is None
    advance_until(stack, lambda: proof_of(stack, tenant_id, "alice")["anchors"][0]["status"] == "confirmed", mine=True)
    with unit_of_work(stack.engine, read_only=True) as session:
        assert {"epoch": epoch, "chain": "evm", "status": "failed"} not in anchor_health(session, grace=HOUR).unanchored


@pytest.mark.parametrize("balance", [0, 7])
def test_the_ledger_moving_after_an_epoch_leaves_its_root_reconciled(stack: Stack, balance: int) -> None:
    stack, _ = with_anchor(stack)
    tenant_with_member(stack, balance, external_id="carol")
    anchor_now(stack)
    tenant_with_member(stack, 5, external_id="carol-later")  # postings after the epoch's time

    assert reconcile_anchors(stack.engine, configured_networks(stack.settings)).drifts == []


def test_the_api_anchors_on_demand_answers_a_proof_and_reports_anchoring_in_health(stack: Stack) -> None:
    stack, address = with_anchor(stack)
    with LiveServer(stack.settings) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        created = http.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        auth = {"Authorization": f"Bearer {created.json()['api_key']}"}
        http.post("/v1/rules", json={"key": "r", "event_type": "gift", "points": "event.n"}, headers=auth)
        event = {"id": "gift-1", "member": "dora", "type": "gift", "properties": {"n": 40}}
        assert http.post("/v1/events", json=event, headers=auth).status_code == 201
        assert http.get("/v1/members/dora/proof", headers=auth).status_code == 404  # in no epoch yet

        job = http.post("/v1/jobs/anchor-balances", headers=auth)
        assert job.status_code == 200 and job.json()["chains"] == ["evm"], job.text
        anchored = lambda: http.get("/v1/members/dora/proof", headers=auth).json()["anchors"][0]["status"]  # noqa: E731
        advance_until(stack, lambda: anchored() == "confirmed", mine=True)
        proof = http.get("/v1/members/dora/proof?program=default", headers=auth).json()
        health = http.get("/healthz").json()

        assert proof["epoch"] == job.json()["epoch"] and proof["values"]["balance"] == 40
        assert proof["anchors"][0]["contract"] == address and proof["anchors"][0]["tx_hash"].startswith("0x")
        assert verify_proof(proof, EvmClient(stack.anvil.url), address).verified
        assert health["anchoring"]["ok"] and health["anchoring"]["latest_epoch"] >= proof["epoch"]
        assert http.get("/v1/members/nobody/proof", headers=auth).status_code == 404
        bad = http.get("/v1/members/dora/proof?program=no%20such", headers=auth)
        assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")


def test_without_a_balance_anchor_on_any_chain_no_epoch_is_built(stack: Stack) -> None:
    tenant_with_member(stack, 10, external_id="erin")

    run = anchor_balances(stack.engine, [], interval=HOUR, force=True)

    assert run.epoch is None and run.retried == []
