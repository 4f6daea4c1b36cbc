"""The anvil wrapper: a funded genesis account only, state kept across restarts, clear failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from web3 import Web3

from chain.devnets.anvil import AnvilDevnet, DevnetError, free_port
from contracts.deploy import deploy_contracts


def test_genesis_account_is_the_only_holder_of_coins(anvil: AnvilDevnet, w3: Web3) -> None:
    assert w3.eth.chain_id == anvil.chain_id
    assert w3.eth.accounts == []
    assert w3.eth.get_balance(Web3.to_checksum_address(anvil.genesis_address)) > 0


def test_restart_from_state_dir_keeps_contracts_and_does_not_refill_genesis(anvil: AnvilDevnet, tmp_path: Path) -> None:
    # `anvil` is requested only for its skip when the binary is missing; this test runs two nodes of its own.
    first = AnvilDevnet(port=free_port(), chain_id=1337, state_dir=tmp_path, genesis_balance_wei=10**20)
    with first:
        w3 = Web3(Web3.HTTPProvider(first.url))
        deployed = deploy_contracts(w3, first.genesis_key, minter=first.genesis_address, badge_uri="")
        balance_after_deploy = w3.eth.get_balance(Web3.to_checksum_address(first.genesis_address))
    assert balance_after_deploy < 10**20

    second = AnvilDevnet(port=free_port(), chain_id=1337, state_dir=tmp_path, genesis_key=first.genesis_key)
    with second:
        w3 = Web3(Web3.HTTPProvider(second.url))
        assert w3.eth.get_code(deployed.reward_token) != b""
        assert w3.eth.get_balance(Web3.to_checksum_address(second.genesis_address)) == balance_after_deploy


def test_starting_on_a_busy_port_fails_with_the_reason(anvil: AnvilDevnet) -> None:
    with pytest.raises(DevnetError, match="already in use"):
        AnvilDevnet(port=anvil.port).start()
