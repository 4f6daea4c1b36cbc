"""Fixtures for the contract tests: a real anvil node, web3 on it, and freshly deployed tokens."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3
from web3.contract import Contract

from chain.devnets.anvil import ANVIL_BIN_ENV, PACKAGED_ANVIL, AnvilDevnet, free_port
from contracts.artifacts import load_artifact
from contracts.deploy import deploy_contracts

CHAIN_ID = 31337


@dataclass(frozen=True)
class Tokens:
    reward: Contract
    badge: Contract
    deployer_key: str
    minter_key: str


@pytest.fixture(scope="session")
def anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilDevnet]:
    # Only a checkout without `npm ci` skips; a broken LAUREL_ANVIL_BIN or a failing anvil is an error.
    if ANVIL_BIN_ENV not in os.environ and not PACKAGED_ANVIL.exists():
        pytest.skip(f"no anvil at {PACKAGED_ANVIL}; run `npm ci` at the repository root")
    state_dir: Path = tmp_path_factory.mktemp("anvil")
    with AnvilDevnet(port=free_port(), chain_id=CHAIN_ID, state_dir=state_dir) as node:
        yield node


@pytest.fixture(scope="session")
def w3(anvil: AnvilDevnet) -> Web3:
    return Web3(Web3.HTTPProvider(anvil.url))


@pytest.fixture
def funded_key(anvil: AnvilDevnet) -> str:
    """A fresh account with 10 ETH, so each test signs from keys no other test has used."""
    account = Account.create()
    anvil.set_balance(account.address, 10 * 10**18)
    return "0x" + bytes(account.key).hex()


@pytest.fixture
def tokens(anvil: AnvilDevnet, w3: Web3) -> Tokens:
    """Both tokens deployed by the genesis account, with a separate funded minter key."""
    minter = Account.create()
    anvil.set_balance(minter.address, 10 * 10**18)
    deployed = deploy_contracts(
        w3, anvil.genesis_key, minter=minter.address, badge_uri="https://laurel.test/badges/{id}.json"
    )
    return Tokens(
        reward=w3.eth.contract(address=deployed.reward_token, abi=load_artifact("RewardToken").abi),
        badge=w3.eth.contract(address=deployed.badge_token, abi=load_artifact("BadgeToken").abi),
        deployer_key=anvil.genesis_key,
        minter_key="0x" + bytes(minter.key).hex(),
    )
