"""The transaction pipeline under the chain's bad days: stuck, dropped, reorged, and a node restart."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from chain.errors import ChainUnavailable
from chain.models import TxStatus
from core.db import run_in_transaction
from wallets.payouts import PayoutRequest, advance_payouts, request_payout

from .conftest import Stack, tenant_with_member
from .helpers import advance_until, payout, transactions

WEI = 10**18


def pay(stack: Stack, points: int) -> tuple[str, str]:
    """A new member with `points`, all of them paid out; returns (payout id, custodial address)."""
    tenant_id, _ = tenant_with_member(stack, points)
    request = PayoutRequest(member="alice", amount=points, chain="evm")
    created = run_in_transaction(
        stack.engine,
        lambda s: request_payout(
            s,
            stack.keystore,
            {"evm": stack.chain.network},
            tenant_id,
            request,
            idempotency_key=None,
            default_daily_limit=0,
        )[0],
    )
    return created.id, created.to_address


def batch_statuses(stack: Stack, payout_id: str) -> list[str]:
    return [tx.status for tx in transactions(stack, payout(stack, payout_id).batch_id or "-")]


def test_stuck_transaction_is_replaced_by_a_dearer_one_with_the_same_nonce(stack: Stack, manual_mining: None) -> None:
    impatient = dataclasses.replace(stack, settings=stack.settings.model_copy(update={"evm_stuck_after_seconds": 0.3}))
    payout_id, address = pay(impatient, 12)

    advance_until(impatient, lambda: TxStatus.REPLACED in batch_statuses(impatient, payout_id))
    stack.anvil.rpc("evm_mine")
    advance_until(impatient, lambda: payout(impatient, payout_id).status == "confirmed")

    versions = transactions(stack, payout(stack, payout_id).batch_id or "")
    confirmed = [v for v in versions if v.status == TxStatus.CONFIRMED]
    assert len(confirmed) == 1 and len(versions) >= 2
    assert {v.nonce for v in versions} == {confirmed[0].nonce}
    assert confirmed[0].max_fee is not None and versions[0].max_fee is not None
    assert confirmed[0].max_fee > versions[0].max_fee
    assert stack.token_balance(address) == 12 * WEI


def test_transaction_dropped_from_the_mempool_is_sent_again(stack: Stack, manual_mining: None) -> None:
    payout_id, address = pay(stack, 7)
    advance_until(stack, lambda: batch_statuses(stack, payout_id) == [TxStatus.BROADCAST])
    [tx] = transactions(stack, payout(stack, payout_id).batch_id or "")

    stack.anvil.rpc("anvil_dropTransaction", [tx.tx_hash])
    assert stack.anvil.rpc("eth_getTransactionByHash", [tx.tx_hash]) is None
    advance_until(stack, lambda: stack.anvil.rpc("eth_getTransactionByHash", [tx.tx_hash]) is not None)
    advance_until(stack, lambda: payout(stack, payout_id).status == "confirmed", mine=True)

    assert stack.token_balance(address) == 7 * WEI


def test_reorg_sends_an_included_transaction_back_and_it_lands_once(stack: Stack) -> None:
    patient = dataclasses.replace(stack, settings=stack.settings.model_copy(update={"evm_confirmations": 3}))
    snapshot = stack.anvil.rpc("evm_snapshot")
    payout_id, address = pay(patient, 9)
    advance_until(patient, lambda: batch_statuses(patient, payout_id) == [TxStatus.INCLUDED])
    [before] = transactions(stack, payout(stack, payout_id).batch_id or "")

    stack.anvil.rpc("evm_revert", [snapshot])
    assert stack.token_balance(address) == 0
    advance_until(patient, lambda: payout(patient, payout_id).status == "confirmed", mine=True)

    [after] = transactions(stack, payout(stack, payout_id).batch_id or "")
    assert after.tx_hash == before.tx_hash and after.block_hash != before.block_hash
    assert stack.token_balance(address) == 9 * WEI


def test_node_restart_pauses_payouts_and_they_resume(stack: Stack, manual_mining: None) -> None:
    payout_id, address = pay(stack, 5)
    advance_until(stack, lambda: batch_statuses(stack, payout_id) == [TxStatus.BROADCAST])

    stack.anvil.stop()
    try:
        # Keep turning until the pipeline next asks the node (its transaction falls due): then it must notice.
        deadline = time.monotonic() + 20
        with pytest.raises(ChainUnavailable):
            while time.monotonic() < deadline:
                advance_payouts(stack.engine, stack.chain, batch_size=10)
                time.sleep(0.05)
    finally:
        stack.anvil.start()
    advance_until(stack, lambda: payout(stack, payout_id).status == "confirmed", mine=True)

    assert stack.token_balance(address) == 5 * WEI


def test_minter_without_gas_money_waits_and_pays_once_funded(stack: Stack) -> None:
    minter = stack.chain.pipeline.sender
    stack.anvil.set_balance(minter, 0)
    try:
        payout_id, address = pay(stack, 4)
        advance_until(stack, lambda: bool(transactions(stack, payout(stack, payout_id).batch_id or "-")))
        advance_until(
            stack, lambda: "funds" in (transactions(stack, payout(stack, payout_id).batch_id or "")[0].error or "")
        )
        assert payout(stack, payout_id).status == "submitted"
    finally:
        stack.anvil.set_balance(minter, 100 * WEI)
    advance_until(stack, lambda: payout(stack, payout_id).status == "confirmed")

    assert stack.token_balance(address) == 4 * WEI


def test_two_workers_racing_never_share_a_nonce_and_pay_each_payout_once(stack: Stack) -> None:
    paid = [pay(stack, 3) for _ in range(8)]
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            advance_until(stack, lambda: all(payout(stack, p).status == "confirmed" for p, _ in paid), batch_size=1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    mined = [
        t for p, _ in paid for t in transactions(stack, payout(stack, p).batch_id or "") if t.status == "confirmed"
    ]
    assert len(mined) == 8 and len({t.nonce for t in mined}) == 8
    assert all(stack.token_balance(address) == 3 * WEI for _, address in paid)
