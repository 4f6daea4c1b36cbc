"""Several mint batches in flight at once (issue 20): each with the next nonce, sent before the one before it is
mined, in packed call data; every payout confirmed once and the chain agreeing with the ledger, also when the
worker is killed with batches in flight."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from chain.models import ChainTransaction
from chain.packed_mint import MINT_PACKED
from contracts.deploy import grant_minter, is_minter
from core.db import unit_of_work
from core.tenancy import create_tenant, resolve_member_ids
from wallets import ledger
from wallets.accounts import member_available, payout_paid, program_issued
from wallets.custody import member_wallets
from wallets.keystore import Chain, address_of
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import LedgerTransaction, Payout
from wallets.payouts import BATCHES_PER_TURN, PayoutRequest, advance_payouts, request_payouts
from wallets.programs import resolve_program

from .conftest import Stack
from .helpers import advance_until, own_broker, wait_for, worker_process

WEI = 10**18
MEMBERS = 60
BATCH = 20  # three batches: all made and sent in one turn


def request_one_payout_each(stack: Stack, members: int = MEMBERS) -> tuple[str, list[str]]:
    """A new tenant whose members each hold 10 points and ask for all of them, in one batch request."""
    with unit_of_work(stack.engine) as session:
        tenant, _ = create_tenant(session, "Pipelined payouts")
        program = resolve_program(session, tenant.id)
        assert program.id is not None
        ids = resolve_member_ids(session, tenant.id, [f"m{i}" for i in range(members)])
        ledger.post_many(
            session,
            tenant.id,
            [
                TransactionSpec(
                    program_id=program.id,
                    kind=Kind.EARN,
                    idempotency_key=f"grant-{member_id}",
                    entries=(Entry(program_issued(program.id), -10), Entry(member_available(member_id), 10)),
                )
                for member_id in ids.values()
            ],
        )
        for member_id in ids.values():
            member_wallets(session, stack.keystore, tenant.id, member_id)
    requests = [(PayoutRequest(member=f"m{i}", amount=10, chain="evm"), f"pay-{i}") for i in range(members)]
    with unit_of_work(stack.engine) as session:
        results = request_payouts(
            session, stack.keystore, {"evm": stack.chain.network}, tenant.id, requests, default_daily_limit=0
        )
        payout_ids = [r[0].id for r in results if isinstance(r, tuple)]
    assert len(payout_ids) == members
    return tenant.id, payout_ids


def payouts_of(stack: Stack, tenant_id: str) -> list[Payout]:
    with unit_of_work(stack.engine, read_only=True) as session:
        return list(session.scalars(select(Payout).where(col(Payout.tenant_id) == tenant_id)))


def mint_transactions(stack: Stack, batch_ids: set[str]) -> list[ChainTransaction]:
    with unit_of_work(stack.engine, read_only=True) as session:
        return list(
            session.scalars(
                select(ChainTransaction)
                .where(col(ChainTransaction.reference).in_(sorted(batch_ids)))
                .order_by(col(ChainTransaction.nonce))
            )
        )


def assert_paid_once_and_chain_equals_ledger(stack: Stack, tenant_id: str) -> None:
    payouts = payouts_of(stack, tenant_id)
    assert {p.status for p in payouts} == {"confirmed"}
    with unit_of_work(stack.engine, read_only=True) as session:
        settlements = session.scalar(
            select(func.count()).where(
                col(LedgerTransaction.idempotency_key).in_([f"payout:{p.id}:settle" for p in payouts])
            )
        )
        program = resolve_program(session, tenant_id)
        assert program.id is not None
        paid = ledger.balances(session, tenant_id, program.id, [payout_paid("evm")])[payout_paid("evm")]
    assert settlements == len(payouts)
    assert int(paid.balance) == 10 * len(payouts)
    # Each member's own address: exactly one payout's worth, so no batch was minted twice.
    assert {stack.token_balance(p.to_address) for p in payouts} == {10 * WEI}
    batches = {p.batch_id for p in payouts if p.batch_id is not None}
    mined = [t for t in mint_transactions(stack, batches) if t.status == "confirmed"]
    assert sorted(t.reference for t in mined) == sorted(batches)


def nothing_queued(stack: Stack) -> bool:
    with unit_of_work(stack.engine, read_only=True) as session:
        return not session.scalar(select(func.count()).where(col(Payout.status) == "queued"))


def test_batches_are_sent_back_to_back_packed_and_each_payout_is_paid_once(stack: Stack) -> None:
    advance_until(stack, lambda: nothing_queued(stack))  # what earlier modules left queued on the shared database
    tenant_id, _ = request_one_payout_each(stack)
    chain = stack.chain
    stack.anvil.rpc("evm_setAutomine", [False])
    try:
        progress = advance_payouts(stack.engine, chain, batch_size=BATCH)
        batches = {p.batch_id for p in payouts_of(stack, tenant_id) if p.batch_id is not None}
        sent = mint_transactions(stack, batches)
    finally:
        stack.anvil.rpc("evm_setAutomine", [True])

    assert progress.batches == MEMBERS // BATCH <= BATCHES_PER_TURN
    # All sent before any was mined, one nonce after the other.
    assert [t.status for t in sent] == ["broadcast"] * len(batches)
    nonces = [t.nonce for t in sent]
    assert None not in nonces and nonces == list(range(nonces[0] or 0, (nonces[0] or 0) + len(batches)))
    assert all(bytes(t.data).startswith(MINT_PACKED) for t in sent)

    stack.anvil.rpc("evm_mine")
    advance_until(stack, lambda: {p.status for p in payouts_of(stack, tenant_id)} == {"confirmed"})
    assert_paid_once_and_chain_equals_ledger(stack, tenant_id)


@pytest.fixture
def small_batches(stack: Stack) -> Iterator[Stack]:
    """The stack with a broker of its own and batches of BATCH, for a real worker process."""
    with own_broker(stack.settings) as settings:
        settings = settings.model_copy(update={"payout_batch_size": BATCH})
        yield Stack(settings=settings, engine=stack.engine, keystore=stack.keystore, anvil=stack.anvil, w3=stack.w3)


def test_worker_killed_with_batches_in_flight_mints_each_payout_once(small_batches: Stack, tmp_path: Path) -> None:
    stack = small_batches
    tenant_id, _ = request_one_payout_each(stack)

    def in_flight() -> int:
        batches = {p.batch_id for p in payouts_of(stack, tenant_id) if p.batch_id is not None}
        return sum(1 for t in mint_transactions(stack, batches) if t.status == "broadcast")

    stack.anvil.rpc("evm_setAutomine", [False])
    try:
        with worker_process(stack.settings, tmp_path / "first.log") as first:
            # A worker's start (its imports) can take a minute or more on a busy machine.
            wait_for(lambda: in_flight() >= 2, timeout=240, what="two batches in flight")
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    finally:
        stack.anvil.rpc("evm_setAutomine", [True])
    stack.anvil.rpc("evm_mine")
    with worker_process(stack.settings, tmp_path / "second.log"):
        wait_for(
            lambda: {p.status for p in payouts_of(stack, tenant_id)} == {"confirmed"},
            timeout=240,
            what=(tmp_path / "second.log").read_text,
        )
    assert_paid_once_and_chain_equals_ledger(stack, tenant_id)


@pytest.fixture
def two_lanes(stack: Stack) -> Stack:
    """The stack with a second minter lane, its key granted MINTER_ROLE by the token's admin and given gas money."""
    settings = stack.settings.model_copy(update={"evm_minter_lanes": 2})
    lane = address_of(Chain.EVM, stack.keystore.minter_lane_key(Chain.EVM, 1))
    if not is_minter(stack.w3, "RewardToken", settings.evm_token_address or "", lane):
        grant_minter(stack.w3, stack.anvil.genesis_key, "RewardToken", settings.evm_token_address or "", lane)
    stack.anvil.set_balance(lane, 100 * WEI)
    return Stack(settings=settings, engine=stack.engine, keystore=stack.keystore, anvil=stack.anvil, w3=stack.w3)


def test_two_minter_lanes_under_two_workers_never_share_a_nonce_and_pay_each_payout_once(two_lanes: Stack) -> None:
    stack = two_lanes
    tenant_id, _ = request_one_payout_each(stack, members=100)
    senders = [p.sender for p in stack.chain.pipelines]
    assert len(set(senders)) == 2

    def worker() -> None:
        chain = stack.chain  # each worker process builds its own
        deadline = time.monotonic() + 120
        while {p.status for p in payouts_of(stack, tenant_id)} != {"confirmed"} and time.monotonic() < deadline:
            advance_payouts(stack.engine, chain, batch_size=BATCH)
            time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for done in [pool.submit(worker) for _ in range(2)]:
            done.result()

    batches = {p.batch_id for p in payouts_of(stack, tenant_id) if p.batch_id is not None}
    sent = mint_transactions(stack, batches)
    assert {t.sender for t in sent} == set(senders)  # both lanes sent batches
    assert "failed" not in {t.status for t in sent}
    for sender in senders:
        nonces = [t.nonce for t in sent if t.sender == sender and t.status != "replaced"]
        assert len(nonces) == len(set(nonces))  # one live transaction per nonce and key
    assert_paid_once_and_chain_equals_ledger(stack, tenant_id)
