"""Anchored balances on the Tron devnet: `laurel up`'s bootstrap deploys BalanceAnchor beside the tokens, the root
goes through the Tron transaction pipeline within the fee limit, and a member's proof verifies against it."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from anchoring.service import anchor_balances, anchor_targets, member_proof
from anchoring.verify import verify_proof
from chain.models import ChainTransaction
from chain.network import configured_networks
from core.db import unit_of_work
from tests.integration.payouts.conftest import tenant_with_member
from wallets.payouts import advance_payouts

from .conftest import TronStack


def test_a_members_proof_verifies_against_the_root_anchored_on_the_tron_devnet(tron_stack: TronStack) -> None:
    networks = configured_networks(tron_stack.settings)
    contract = networks["tron"].anchor_address
    assert contract is not None and contract.startswith("T")
    tenant_id, _ = tenant_with_member(tron_stack, 75, external_id="tron-alice")  # type: ignore[arg-type]
    targets = anchor_targets(tron_stack.settings, tron_stack.keystore, networks)

    run = anchor_balances(tron_stack.engine, targets, interval=timedelta(hours=1), force=True)

    def proof() -> dict[str, object]:
        with unit_of_work(tron_stack.engine) as session:
            answer = member_proof(session, networks, tenant_id, "tron-alice", None)
        return json.loads(json.dumps(answer, default=str))

    deadline = time.monotonic() + 60
    while proof()["anchors"][0]["status"] != "confirmed":  # type: ignore[index]
        assert time.monotonic() < deadline, proof()["anchors"]
        advance_payouts(tron_stack.engine, tron_stack.chain)
        time.sleep(0.2)
    answer = proof()
    assert answer["epoch"] == run.epoch and answer["values"]["balance"] == 75  # type: ignore[index]
    assert verify_proof(answer, networks["tron"].client, contract).verified
    with unit_of_work(tron_stack.engine, read_only=True) as session:
        tx = session.query(ChainTransaction).filter_by(reference=f"anc_{run.epoch}_tron_1").one()
    assert tx.gas_used is not None and tx.gas_used * 420 < tron_stack.settings.tron_fee_limit_sun
