"""RewardToken and BadgeToken deployed on a real anvil node: minting, roles, pausing, soulbound badges."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from eth_abi import encode
from eth_account import Account
from web3 import Web3
from web3.exceptions import ContractCustomError

from chain.devnets.anvil import AnvilDevnet
from contracts.artifacts import load_artifact
from contracts.deploy import MINTER_ROLE, TransactionReverted, deploy_reward_token, sign_and_send

from .conftest import Tokens


def custom_error(signature: str, types: Sequence[str] = (), values: Sequence[Any] = ()) -> str:
    """The revert data a Solidity custom error carries: its selector, then its ABI-encoded arguments."""
    return "0x" + Web3.keccak(text=signature)[:4].hex() + encode(list(types), list(values)).hex()


def new_addresses(count: int) -> list[str]:
    return [Account.create().address for _ in range(count)]


def address_of(key: str) -> str:
    return Account.from_key(key).address


def test_mint_batch_credits_each_of_ten_recipients(w3: Web3, tokens: Tokens) -> None:
    recipients = new_addresses(10)
    amounts = [(i + 1) * 10**18 for i in range(10)]

    sign_and_send(w3, tokens.minter_key, tokens.reward.functions.mintBatch(recipients, amounts))

    assert [tokens.reward.functions.balanceOf(r).call() for r in recipients] == amounts
    assert tokens.reward.functions.totalSupply().call() == sum(amounts)


def test_mint_batch_refuses_recipients_and_amounts_that_do_not_pair_up(w3: Web3, tokens: Tokens) -> None:
    with pytest.raises(ContractCustomError) as refused:
        sign_and_send(w3, tokens.minter_key, tokens.reward.functions.mintBatch(new_addresses(2), [1]))

    assert refused.value.data == custom_error("LengthMismatch(uint256,uint256)", ["uint256", "uint256"], [2, 1])


def test_paused_token_refuses_mint_until_unpaused(w3: Web3, tokens: Tokens) -> None:
    holder = new_addresses(1)[0]
    sign_and_send(w3, tokens.deployer_key, tokens.reward.functions.pause())

    for call in (tokens.reward.functions.mint(holder, 5), tokens.reward.functions.mintBatch([holder], [5])):
        with pytest.raises(ContractCustomError) as refused:
            sign_and_send(w3, tokens.minter_key, call)
        assert refused.value.data == custom_error("EnforcedPause()")

    sign_and_send(w3, tokens.deployer_key, tokens.reward.functions.unpause())
    sign_and_send(w3, tokens.minter_key, tokens.reward.functions.mint(holder, 5))
    assert tokens.reward.functions.balanceOf(holder).call() == 5


@pytest.mark.parametrize("token", ["reward", "badge"])
def test_account_without_minter_role_cannot_mint(w3: Web3, tokens: Tokens, funded_key: str, token: str) -> None:
    contract = getattr(tokens, token)
    holder = new_addresses(1)[0]
    intruder = address_of(funded_key)

    with pytest.raises(ContractCustomError) as refused:
        sign_and_send(w3, funded_key, contract.functions.mint(holder, 1))

    assert refused.value.data == custom_error(
        "AccessControlUnauthorizedAccount(address,bytes32)", ["address", "bytes32"], [intruder, MINTER_ROLE]
    )
    assert contract.functions.hasRole(MINTER_ROLE, address_of(tokens.minter_key)).call()


def test_reward_token_decimals_come_from_the_deployment(anvil: AnvilDevnet, w3: Web3) -> None:
    address = deploy_reward_token(
        w3, anvil.genesis_key, name="Store Cents", symbol="CENT", decimals=2, minter=anvil.genesis_address
    )
    token = w3.eth.contract(address=address, abi=load_artifact("RewardToken").abi)

    assert (token.functions.name().call(), token.functions.symbol().call()) == ("Store Cents", "CENT")
    assert token.functions.decimals().call() == 2


def test_badge_mint_batch_gives_each_member_one_of_its_badge(w3: Web3, tokens: Tokens) -> None:
    members = new_addresses(3)
    badge_ids = [7, 7, 42]

    sign_and_send(w3, tokens.minter_key, tokens.badge.functions.mintBatch(members, badge_ids))

    balances = [tokens.badge.functions.balanceOf(m, i).call() for m, i in zip(members, badge_ids, strict=True)]
    assert balances == [1, 1, 1]
    assert tokens.badge.functions.balanceOf(members[0], 42).call() == 0
    assert tokens.badge.functions.uri(7).call() == "https://laurel.test/badges/{id}.json"


def test_badge_cannot_be_transferred_because_it_is_soulbound(
    anvil: AnvilDevnet, w3: Web3, tokens: Tokens, funded_key: str
) -> None:
    holder = address_of(funded_key)
    friend = new_addresses(1)[0]
    sign_and_send(w3, tokens.minter_key, tokens.badge.functions.mint(holder, 7))
    transfer = tokens.badge.functions.safeTransferFrom(holder, friend, 7, 1, b"")

    with pytest.raises(ContractCustomError) as refused:
        transfer.call({"from": holder})
    assert refused.value.data == custom_error("Soulbound(address,address)", ["address", "address"], [holder, friend])
    # Sent anyway with a fixed gas limit, the transfer is mined and fails on chain.
    with pytest.raises(TransactionReverted):
        sign_and_send(w3, funded_key, transfer, gas=200_000)

    assert tokens.badge.functions.balanceOf(holder, 7).call() == 1
    assert tokens.badge.functions.balanceOf(friend, 7).call() == 0


def test_gas_of_single_mint_against_batch_of_ten(w3: Web3, tokens: Tokens, capsys: pytest.CaptureFixture[str]) -> None:
    """Records gas figures for the benchmark notes; asserts only that the mints happened."""
    reward, badge = tokens.reward.functions, tokens.badge.functions

    def gas(call: Any) -> int:
        return int(sign_and_send(w3, tokens.minter_key, call)["gasUsed"])

    first = gas(reward.mint(new_addresses(1)[0], 10**18))
    single = gas(reward.mint(new_addresses(1)[0], 10**18))
    batch = gas(reward.mintBatch(new_addresses(10), [10**18] * 10))
    badge_single = gas(badge.mint(new_addresses(1)[0], 1))
    badge_batch = gas(badge.mintBatch(new_addresses(10), [1] * 10))

    with capsys.disabled():
        print(
            f"\ngas RewardToken: first mint {first:,}; mint to a new holder {single:,}; "
            f"mintBatch(10) {batch:,} = {batch // 10:,} per recipient"
            f"\ngas BadgeToken: mint {badge_single:,}; mintBatch(10) {badge_batch:,} = {badge_batch // 10:,} "
            "per recipient"
        )
    assert reward.totalSupply().call() == 12 * 10**18


def packed_words(recipients: Sequence[str], amounts: Sequence[int]) -> list[int]:
    return [amount << 160 | int(r, 16) for r, amount in zip(recipients, amounts, strict=True)]


def test_mint_packed_credits_each_recipient_with_a_transfer_event_and_the_supply(w3: Web3, tokens: Tokens) -> None:
    recipients = new_addresses(5)
    amounts = [(i + 1) * 10**18 for i in range(5)]
    supply_before = tokens.reward.functions.totalSupply().call()

    receipt = sign_and_send(
        w3, tokens.minter_key, tokens.reward.functions.mintPacked(packed_words(recipients, amounts))
    )

    # Read back through the ERC20 getters: the slots mintPacked writes are the ones OpenZeppelin reads.
    assert [tokens.reward.functions.balanceOf(r).call() for r in recipients] == amounts
    assert tokens.reward.functions.totalSupply().call() == supply_before + sum(amounts)
    events = tokens.reward.events.Transfer().process_receipt(receipt)
    assert [(e.args["from"], e.args["to"], e.args["value"]) for e in events] == [
        ("0x" + "00" * 20, r, a) for r, a in zip(recipients, amounts, strict=True)
    ]


def test_mint_packed_adds_to_a_balance_already_held(w3: Web3, tokens: Tokens) -> None:
    holder = new_addresses(1)[0]
    sign_and_send(w3, tokens.minter_key, tokens.reward.functions.mint(holder, 7))

    sign_and_send(
        w3, tokens.minter_key, tokens.reward.functions.mintPacked(packed_words([holder, holder], [5, 2**96 - 1]))
    )

    assert tokens.reward.functions.balanceOf(holder).call() == 7 + 5 + 2**96 - 1


def test_mint_packed_refuses_the_zero_address_a_paused_token_and_non_minters(
    w3: Web3, tokens: Tokens, funded_key: str
) -> None:
    zero = "0x" + "00" * 20
    with pytest.raises(ContractCustomError) as refused:
        sign_and_send(w3, tokens.minter_key, tokens.reward.functions.mintPacked(packed_words([zero], [1])))
    assert refused.value.data == custom_error("ERC20InvalidReceiver(address)", ["address"], [zero])

    sign_and_send(w3, tokens.deployer_key, tokens.reward.functions.pause())
    with pytest.raises(ContractCustomError) as paused:
        sign_and_send(w3, tokens.minter_key, tokens.reward.functions.mintPacked(packed_words(new_addresses(1), [1])))
    assert paused.value.data == custom_error("EnforcedPause()")
    sign_and_send(w3, tokens.deployer_key, tokens.reward.functions.unpause())

    with pytest.raises(ContractCustomError):
        sign_and_send(w3, funded_key, tokens.reward.functions.mintPacked(packed_words(new_addresses(1), [1])))


@pytest.mark.parametrize("size", [100, 500])
def test_mint_packed_costs_at_most_25000_gas_per_new_holder(w3: Web3, tokens: Tokens, size: int) -> None:
    """Gas is deterministic, so the issue's budget is asserted; mintBatch beside it costs more."""
    reward = tokens.reward.functions
    sign_and_send(w3, tokens.minter_key, reward.mint(new_addresses(1)[0], 1))  # the supply's first write, once
    packed = int(
        sign_and_send(w3, tokens.minter_key, reward.mintPacked(packed_words(new_addresses(size), [10**18] * size)))[
            "gasUsed"
        ]
    )
    batch = int(sign_and_send(w3, tokens.minter_key, reward.mintBatch(new_addresses(size), [10**18] * size))["gasUsed"])

    print(f"\ngas per new holder, {size}: mintPacked {packed / size:,.0f}, mintBatch {batch / size:,.0f}")
    assert packed / size <= 25_000
    assert packed < batch
