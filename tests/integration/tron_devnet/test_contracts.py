"""Laurel's token contracts deploy and run on the devnet through tronpy's contract interface."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tronpy import Tron
from tronpy.abi import trx_abi
from tronpy.contract import Contract
from tronpy.exceptions import TvmError
from tronpy.keys import PrivateKey

from chain.tron_devnet import DevnetServer

ENERGY_PRICE = 420  # sun per energy, the devnet's getEnergyFee
DECIMALS = 6

ContractCall = Callable[..., Any]


def address_of(key: PrivateKey) -> str:
    return key.public_key.to_base58check_address()


@pytest.fixture(scope="module")
def admin(new_account: Callable[..., PrivateKey]) -> PrivateKey:
    return new_account(20_000)


@pytest.fixture(scope="module")
def minter(new_account: Callable[..., PrivateKey]) -> PrivateKey:
    return new_account(5_000)


@pytest.fixture(scope="module")
def reward_token_deployment(
    tron: Tron,
    deploy: Callable[..., tuple[Contract, dict[str, Any]]],
    contract_call: ContractCall,
    admin: PrivateKey,
    minter: PrivateKey,
) -> tuple[Contract, dict[str, Any]]:
    token, receipt = deploy(tron, admin, "RewardToken", "Laurel Points", "LRL", DECIMALS, address_of(admin))
    contract_call(token, admin, "grantRole", token.functions.MINTER_ROLE(), address_of(minter)).wait()
    return token, receipt


@pytest.fixture(scope="module")
def reward_token(reward_token_deployment: tuple[Contract, dict[str, Any]]) -> Contract:
    return reward_token_deployment[0]


def test_deployment_receipt_names_the_contract_and_charges_energy_at_the_fixed_price(
    tron: Tron, reward_token_deployment: tuple[Contract, dict[str, Any]]
) -> None:
    token, receipt = reward_token_deployment

    resources = receipt["receipt"]
    assert receipt["contract_address"] == token.contract_address
    assert resources["result"] == "SUCCESS"
    assert resources["energy_fee"] == resources["energy_usage_total"] * ENERGY_PRICE
    assert receipt["fee"] == resources["energy_fee"] + resources.get("net_fee", 0)
    assert token.name == "RewardToken"
    assert token.functions.symbol() == "LRL"
    assert token.functions.decimals() == DECIMALS
    assert tron.get_contract_info(token.contract_address)["runtimecode"] == receipt["contractResult"][0]


def test_minted_tokens_show_in_balance_of_and_in_the_transfer_event(
    reward_token: Contract, contract_call: ContractCall, minter: PrivateKey
) -> None:
    member = address_of(PrivateKey.random())
    supply_before = reward_token.functions.totalSupply()

    receipt = contract_call(reward_token, minter, "mint", member, 1_500).wait()

    assert reward_token.functions.balanceOf(member) == 1_500
    assert reward_token.functions.totalSupply() == supply_before + 1_500
    (event,) = reward_token.events.Transfer.process_receipt(receipt)
    assert event["args"]["to"] == member
    assert event["args"]["value"] == 1_500
    assert receipt["receipt"]["energy_fee"] == receipt["receipt"]["energy_usage_total"] * ENERGY_PRICE


def test_mint_batch_pays_every_recipient_in_one_transaction(
    reward_token: Contract, contract_call: ContractCall, minter: PrivateKey
) -> None:
    members = [address_of(PrivateKey.random()) for _ in range(3)]

    receipt = contract_call(reward_token, minter, "mintBatch", members, [10, 20, 30]).wait()

    assert [reward_token.functions.balanceOf(m) for m in members] == [10, 20, 30]
    assert [e["args"]["to"] for e in reward_token.events.Transfer.process_receipt(receipt)] == members


def test_a_holder_transfers_tokens_and_gets_the_return_value(
    tron: Tron,
    reward_token: Contract,
    contract_call: ContractCall,
    minter: PrivateKey,
    new_account: Callable[..., PrivateKey],
) -> None:
    holder, friend = new_account(100), address_of(PrivateKey.random())
    contract_call(reward_token, minter, "mint", address_of(holder), 500).wait()
    trx_before = tron.get_account(address_of(holder))["balance"]

    sent = contract_call(reward_token, holder, "transfer", friend, 200)

    assert sent.result() is True
    assert reward_token.functions.balanceOf(address_of(holder)) == 300
    assert reward_token.functions.balanceOf(friend) == 200
    receipt = tron.get_transaction_info(sent.txid)
    assert tron.get_account(address_of(holder))["balance"] == trx_before - receipt["fee"]


def test_minting_without_the_minter_role_reverts_and_still_costs_energy(
    tron: Tron, reward_token: Contract, contract_call: ContractCall, new_account: Callable[..., PrivateKey]
) -> None:
    outsider = new_account(100)
    trx_before = tron.get_account(address_of(outsider))["balance"]

    sent = contract_call(reward_token, outsider, "mint", address_of(outsider), 1_000)

    with pytest.raises(TvmError, match="REVERT"):
        sent.result()
    receipt = tron.get_transaction_info(sent.txid)
    assert receipt["result"] == "FAILED"
    assert receipt["receipt"]["result"] == "REVERT"
    assert receipt["fee"] > 0
    assert "log" not in receipt
    assert reward_token.functions.balanceOf(address_of(outsider)) == 0
    assert tron.get_account(address_of(outsider))["balance"] == trx_before - receipt["fee"]


def test_fee_limit_caps_the_energy_a_call_may_burn(
    reward_token: Contract, contract_call: ContractCall, minter: PrivateKey
) -> None:
    fee_limit = 1_000 * ENERGY_PRICE
    member = address_of(PrivateKey.random())

    receipt = contract_call(reward_token, minter, "mint", member, 5, fee_limit=fee_limit).wait()

    assert receipt["result"] == "FAILED"
    assert receipt["receipt"]["result"] == "OUT_OF_ENERGY"
    assert receipt["receipt"]["energy_fee"] == fee_limit
    assert reward_token.functions.balanceOf(member) == 0


def test_the_energy_estimate_is_what_the_call_then_burns(
    tron: Tron, reward_token: Contract, contract_call: ContractCall, minter: PrivateKey
) -> None:
    member = address_of(PrivateKey.random())
    parameter = trx_abi.encode_single("(address,uint256)", [member, 77]).hex()

    estimate = tron.get_estimated_energy(
        address_of(minter), reward_token.contract_address, "mint(address,uint256)", parameter
    )
    receipt = contract_call(reward_token, minter, "mint", member, 77).wait()

    assert estimate == receipt["receipt"]["energy_usage_total"]


def test_a_read_only_call_that_reverts_raises_tvm_error(
    tron: Tron, reward_token: Contract, new_account: Callable[..., PrivateKey]
) -> None:
    empty_handed = address_of(new_account(1))
    parameter = trx_abi.encode_single("(address,uint256)", [empty_handed, 1]).hex()

    with pytest.raises(TvmError, match="REVERT"):
        tron.trigger_constant_contract(
            empty_handed, reward_token.contract_address, "transfer(address,uint256)", parameter
        )


def test_triggersmartcontract_builds_a_call_that_broadcasts_once_signed(
    devnet_server: DevnetServer, reward_token: Contract, minter: PrivateKey
) -> None:
    member = address_of(PrivateKey.random())
    request = {
        "owner_address": address_of(minter),
        "contract_address": reward_token.contract_address,
        "function_selector": "mint(address,uint256)",
        "parameter": trx_abi.encode_single("(address,uint256)", [member, 9]).hex(),
        "fee_limit": 100_000_000,
        "visible": True,
    }
    with httpx.Client(base_url=devnet_server.url) as http:
        built = http.post("/wallet/triggersmartcontract", json=request).json()
        transaction = built["transaction"]
        signature = minter.sign_msg_hash(bytes.fromhex(transaction["txID"])).hex()
        signed = {**transaction, "signature": [signature]}
        sent = http.post("/wallet/broadcasttransaction", json=signed).json()

    assert built["result"] == {"result": True}
    assert sent == {"result": True, "txid": transaction["txID"]}
    assert reward_token.functions.balanceOf(member) == 9


def test_a_soulbound_badge_mints_but_never_moves(
    tron: Tron,
    deploy: Callable[..., tuple[Contract, dict[str, Any]]],
    contract_call: ContractCall,
    admin: PrivateKey,
    new_account: Callable[..., PrivateKey],
) -> None:
    metadata_uri = "https://laurel.example/badges/{id}.json"
    badges, _ = deploy(tron, admin, "BadgeToken", metadata_uri, address_of(admin))
    contract_call(badges, admin, "grantRole", badges.functions.MINTER_ROLE(), address_of(admin)).wait()
    member, friend = new_account(100), address_of(PrivateKey.random())

    minted = contract_call(badges, admin, "mint", address_of(member), 7).wait()
    moved = contract_call(badges, member, "safeTransferFrom", address_of(member), friend, 7, 1, b"")

    assert badges.functions.balanceOf(address_of(member), 7) == 1
    assert [e["args"]["id"] for e in badges.events.TransferSingle.process_receipt(minted)] == [7]
    with pytest.raises(TvmError, match="REVERT"):
        moved.result()
    assert badges.functions.balanceOf(friend, 7) == 0


def test_a_collectible_mints_and_changes_hands(
    tron: Tron,
    deploy: Callable[..., tuple[Contract, dict[str, Any]]],
    contract_call: ContractCall,
    new_account: Callable[..., PrivateKey],
) -> None:
    first, second = new_account(1_000), new_account(100)
    collectible, _ = deploy(tron, first, "TestCollectible")

    minted = contract_call(collectible, first, "mint", address_of(first), 42).wait()
    moved = contract_call(collectible, first, "transferFrom", address_of(first), address_of(second), 42)
    stolen = contract_call(collectible, first, "transferFrom", address_of(second), address_of(first), 42)

    # ERC-721's Transfer indexes all its arguments, so the log has no data, and, as java-tron leaves out
    # empty fields, no "data" key either: tronpy's process_receipt cannot read such a log, so read topics.
    (log,) = minted["log"]
    assert "data" not in log
    assert log["address"] == collectible.contract_address
    assert int(log["topics"][2], 16) == int(tron.to_hex_address(address_of(first))[2:], 16)
    assert int(log["topics"][3], 16) == 42
    assert moved.wait()["receipt"]["result"] == "SUCCESS"
    assert collectible.functions.ownerOf(42) == address_of(second)
    assert collectible.functions.balanceOf(address_of(second)) == 1
    with pytest.raises(TvmError, match="REVERT"):
        stolen.result()
