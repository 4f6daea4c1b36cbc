"""Payouts through the real pipeline on anvil, driven by the same service calls the worker makes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from web3 import Web3

from chain.errors import InvalidAddress
from chain.models import TxStatus
from contracts.artifacts import load_artifact
from contracts.deploy import sign_and_send
from core.db import run_in_transaction, unit_of_work
from core.errors import IdempotencyConflict, InsufficientPoints, PayoutConflict, WithdrawalLimit
from core.tenancy import upsert_member
from wallets import ledger
from wallets.accounts import member_available, payout_paid, payout_pending
from wallets.custody import member_wallets
from wallets.models import Payout
from wallets.payouts import (
    PayoutRequest,
    approve_payout,
    deny_payout,
    request_automatic_payouts,
    request_payout,
    set_payout_policy,
)
from wallets.programs import resolve_program
from wallets.reconcile import reconcile

from .conftest import Stack, grant_points, tenant_with_member
from .helpers import advance_until, payout, transactions

WEI = 10**18


def ask(stack: Stack, tenant_id: str, amount: int, *, key: str | None = None, to: str | None = None) -> Payout:
    request = PayoutRequest(member="alice", amount=amount, chain="evm", to_address=to)
    networks = {"evm": stack.chain.network}
    return run_in_transaction(
        stack.engine,
        lambda s: request_payout(
            s, stack.keystore, networks, tenant_id, request, idempotency_key=key, default_daily_limit=1_000
        )[0],
    )


def accounts(stack: Stack, tenant_id: str, member_id: int) -> dict[str, int]:
    with unit_of_work(stack.engine, read_only=True) as session:
        program = resolve_program(session, tenant_id)
        assert program.id is not None
        names = [member_available(member_id), payout_pending(), payout_paid("evm")]
        rows = ledger.balances(session, tenant_id, program.id, names)
    return {
        name.split(":")[-1] if name.startswith("member") else name: rows[name].balance if name in rows else 0
        for name in names
    }


def custodial_address(stack: Stack, tenant_id: str, member_id: int) -> str:
    with unit_of_work(stack.engine) as session:
        return member_wallets(session, stack.keystore, tenant_id, member_id)["evm"]


def test_payout_reserves_at_once_then_settles_and_the_chain_agrees(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 100)

    created = ask(stack, tenant_id, 40)

    assert created.status == "queued"
    assert accounts(stack, tenant_id, member_id) == {"available": 60, "payout:pending": 40, "payout:paid:evm": 0}
    advance_until(stack, lambda: payout(stack, created.id).status == "confirmed")
    assert accounts(stack, tenant_id, member_id) == {"available": 60, "payout:pending": 0, "payout:paid:evm": 40}
    assert stack.token_balance(custodial_address(stack, tenant_id, member_id)) == 40 * WEI
    [tx] = transactions(stack, payout(stack, created.id).batch_id or "")
    assert tx.status == TxStatus.CONFIRMED and tx.raw is not None and tx.succeeded
    report = reconcile(stack.engine, {"evm": stack.chain.network})
    assert report.clean and report.addresses_checked >= 1


def test_ten_racing_payouts_against_a_balance_covering_six(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 60)

    def attempt(_: int) -> str:
        try:
            return ask(stack, tenant_id, 10).status
        except InsufficientPoints:
            return "refused"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(attempt, range(10)))

    assert sorted(outcomes) == ["queued"] * 6 + ["refused"] * 4
    assert accounts(stack, tenant_id, member_id)["available"] == 0
    assert accounts(stack, tenant_id, member_id)["payout:pending"] >= 60


def test_many_payouts_share_one_mint_batch(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 50)
    payouts = [ask(stack, tenant_id, 5) for _ in range(5)]

    advance_until(stack, lambda: all(payout(stack, p.id).status == "confirmed" for p in payouts))

    assert len({payout(stack, p.id).batch_id for p in payouts}) == 1
    assert stack.token_balance(custodial_address(stack, tenant_id, member_id)) == 25 * WEI


def test_reverted_mint_fails_the_payout_and_releases_its_points(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 30)
    token = stack.w3.eth.contract(address=stack.settings.evm_token_address, abi=load_artifact("RewardToken").abi)
    sign_and_send(stack.w3, stack.anvil.genesis_key, token.functions.pause())
    try:
        created = ask(stack, tenant_id, 30)
        advance_until(stack, lambda: payout(stack, created.id).status == "failed")
    finally:
        sign_and_send(stack.w3, stack.anvil.genesis_key, token.functions.unpause())

    assert accounts(stack, tenant_id, member_id) == {"available": 30, "payout:pending": 0, "payout:paid:evm": 0}
    assert "revert" in (payout(stack, created.id).error or "")


def test_held_payout_waits_for_approval_and_a_denial_gives_the_points_back(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 50)
    with unit_of_work(stack.engine) as session:
        set_payout_policy(session, tenant_id, None, requires_approval=True)

    held, denied = ask(stack, tenant_id, 20), ask(stack, tenant_id, 30)
    assert (held.status, denied.status) == ("on_hold", "on_hold")
    advance_until(stack, lambda: True)
    assert payout(stack, held.id).status == "on_hold"

    with unit_of_work(stack.engine) as session:
        approve_payout(session, tenant_id, held.id)
        deny_payout(session, tenant_id, denied.id)
    with pytest.raises(PayoutConflict), unit_of_work(stack.engine) as session:
        approve_payout(session, tenant_id, denied.id)
    advance_until(stack, lambda: payout(stack, held.id).status == "confirmed")

    assert payout(stack, denied.id).status == "denied"
    assert accounts(stack, tenant_id, member_id) == {"available": 30, "payout:pending": 0, "payout:paid:evm": 20}


def test_idempotency_key_gives_back_the_same_payout_and_refuses_another_body(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 50)

    first = ask(stack, tenant_id, 10, key="order-7")
    again = ask(stack, tenant_id, 10, key="order-7")
    with pytest.raises(IdempotencyConflict):
        ask(stack, tenant_id, 11, key="order-7")

    assert again.id == first.id
    assert accounts(stack, tenant_id, member_id)["available"] == 40


def test_withdrawal_checks_the_checksum_and_the_daily_limit(stack: Stack) -> None:
    tenant_id, _ = tenant_with_member(stack, 5_000)
    outside = "0x52908400098527886E0F7030069857D2E4169EE7"  # an EIP-55 test vector

    with pytest.raises(InvalidAddress):
        ask(stack, tenant_id, 10, to=outside.replace("E", "e", 1))
    first = ask(stack, tenant_id, 600, to=outside.lower())
    with pytest.raises(WithdrawalLimit):
        ask(stack, tenant_id, 401, to=outside)
    ask(stack, tenant_id, 2_000)  # to the member's own custodial address: not a withdrawal

    assert first.to_address == outside and not first.custodial
    advance_until(stack, lambda: payout(stack, first.id).status == "confirmed")
    assert stack.token_balance(outside) == 600 * WEI
    assert Web3.is_checksum_address(first.to_address)


def test_automatic_payouts_pay_members_over_the_threshold_once(stack: Stack) -> None:
    tenant_id, rich = tenant_with_member(stack, 60, external_id="alice")
    with unit_of_work(stack.engine) as session:
        program = resolve_program(session, tenant_id)
        assert program.id is not None
        member, _ = upsert_member(session, tenant_id, "bob")
        assert member.id is not None
        grant_points(session, tenant_id, program.id, member.id, 40)
        set_payout_policy(session, tenant_id, None, auto_threshold=50)
    networks = {"evm": stack.chain.network}

    first = request_automatic_payouts(stack.engine, stack.keystore, networks, default_daily_limit=0)
    again = request_automatic_payouts(stack.engine, stack.keystore, networks, default_daily_limit=0)

    assert (first, again) == (1, 0)
    assert accounts(stack, tenant_id, rich)["available"] == 0
    assert accounts(stack, tenant_id, member.id)["available"] == 40


def test_racing_requests_with_one_idempotency_key_make_one_payout(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 50)

    with ThreadPoolExecutor(max_workers=5) as pool:
        ids = set(pool.map(lambda _: ask(stack, tenant_id, 10, key="double-click").id, range(5)))

    assert len(ids) == 1
    assert accounts(stack, tenant_id, member_id)["available"] == 40
