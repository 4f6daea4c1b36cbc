"""Staking TRX for energy with unmodified tronpy: freeze, the energy limit it gives, a mint paid with staked energy
(no TRX burnt), unfreeze; and the same freeze built by the node's wallet/freezebalancev2."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tronpy import Tron
from tronpy.contract import Contract
from tronpy.keys import PrivateKey

from chain.tron_devnet import DevnetServer

TRX = 1_000_000
STAKE_TRX = 1_000_000

ContractCall = Callable[..., Any]


def address_of(key: PrivateKey) -> str:
    return key.public_key.to_base58check_address()


@pytest.fixture(scope="module")
def minter(new_account: Callable[..., PrivateKey]) -> PrivateKey:
    return new_account(STAKE_TRX + 10_000)


@pytest.fixture(scope="module")
def admin(new_account: Callable[..., PrivateKey]) -> PrivateKey:
    return new_account(20_000)


@pytest.fixture(scope="module")
def reward_token(
    tron: Tron,
    deploy: Callable[..., tuple[Contract, dict[str, Any]]],
    contract_call: ContractCall,
    admin: PrivateKey,
    minter: PrivateKey,
) -> Contract:
    token, _ = deploy(tron, admin, "RewardToken", "Laurel Points", "LRL", 6, address_of(admin))
    contract_call(token, admin, "grantRole", token.functions.MINTER_ROLE(), address_of(minter)).wait()
    return token


def test_staked_energy_pays_for_a_mint_and_comes_back_through_unfreeze(
    tron: Tron, reward_token: Contract, contract_call: ContractCall, minter: PrivateKey
) -> None:
    owner = address_of(minter)
    receipt = tron.trx.freeze_balance(owner, STAKE_TRX * TRX, "ENERGY").build().sign(minter).broadcast().wait()
    assert receipt["receipt"].get("result", "SUCCESS") == "SUCCESS"

    resources = tron.get_account_resource(owner)
    expected_limit = int(STAKE_TRX * (resources["TotalEnergyLimit"] / resources["TotalEnergyWeight"]))
    assert resources["EnergyLimit"] == expected_limit > 0
    assert {"type": "ENERGY", "amount": STAKE_TRX * TRX} in tron.get_account(owner)["frozenV2"]
    assert tron.get_energy(owner) == expected_limit
    balance_before = tron.get_account(owner)["balance"]

    mint = contract_call(reward_token, minter, "mint", address_of(PrivateKey.random()), 500).wait()

    used = mint["receipt"]["energy_usage_total"]
    assert mint["receipt"]["energy_usage"] == used > 0
    assert "energy_fee" not in mint["receipt"]  # nothing burnt for energy
    assert tron.get_account(owner)["balance"] == balance_before - mint.get("fee", 0)
    assert mint.get("fee", 0) == mint["receipt"].get("net_fee", 0)
    assert tron.get_energy(owner) == expected_limit - used

    unfrozen = tron.trx.unfreeze_balance(owner, "ENERGY", unfreeze_balance=STAKE_TRX * TRX)
    assert unfrozen.build().sign(minter).broadcast().wait()["receipt"].get("result", "SUCCESS") == "SUCCESS"

    account = tron.get_account(owner)
    [waiting] = account["unfrozenV2"]
    assert waiting["type"] == "ENERGY" and waiting["unfreeze_amount"] == STAKE_TRX * TRX
    assert "EnergyLimit" not in tron.get_account_resource(owner)


def test_a_mint_beyond_the_staked_energy_burns_trx_for_the_rest(
    tron: Tron,
    reward_token: Contract,
    contract_call: ContractCall,
    admin: PrivateKey,
    new_account: Callable[..., PrivateKey],
) -> None:
    small = new_account(2_000)
    owner = address_of(small)
    contract_call(reward_token, admin, "grantRole", reward_token.functions.MINTER_ROLE(), owner).wait()
    tron.trx.freeze_balance(owner, 1_000 * TRX, "ENERGY").build().sign(small).broadcast().wait()
    limit = tron.get_energy(owner)

    mint = contract_call(reward_token, small, "mint", address_of(PrivateKey.random()), 1).wait()

    receipt = mint["receipt"]
    assert receipt["result"] == "SUCCESS"
    assert 0 < limit == receipt["energy_usage"] < receipt["energy_usage_total"]
    assert receipt["energy_fee"] == (receipt["energy_usage_total"] - limit) * 420
    assert tron.get_energy(owner) == 0


def test_freezebalancev2_builds_a_transaction_that_broadcasts_once_signed(
    devnet_server: DevnetServer, tron: Tron, new_account: Callable[..., PrivateKey]
) -> None:
    staker = new_account(100)
    owner = address_of(staker)
    built = httpx.post(
        f"{devnet_server.url}/wallet/freezebalancev2",
        json={"owner_address": owner, "frozen_balance": 50 * TRX, "resource": "BANDWIDTH", "visible": True},
    ).json()
    assert built["raw_data"]["contract"][0]["type"] == "FreezeBalanceV2Contract"
    signature = staker.sign_msg_hash(bytes.fromhex(built["txID"])).hex()

    answer = httpx.post(
        f"{devnet_server.url}/wallet/broadcasttransaction", json={**built, "signature": [signature]}
    ).json()

    assert answer == {"result": True, "txid": built["txID"]}
    resources = tron.get_account_resource(owner)
    assert resources["NetLimit"] == int(50 * (resources["TotalNetLimit"] / resources["TotalNetWeight"]))
    refused = httpx.post(
        f"{devnet_server.url}/wallet/freezebalancev2",
        json={"owner_address": owner, "frozen_balance": 10_000 * TRX, "resource": "ENERGY", "visible": True},
    ).json()
    assert "less than or equal to accountBalance" in refused["Error"]
