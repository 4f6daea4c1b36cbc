"""Blocks come on a timer or on demand, and a node restarted from its state file keeps its chain."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from tronpy import Tron
from tronpy.contract import Contract
from tronpy.exceptions import TransactionNotFound
from tronpy.keys import PrivateKey
from tronpy.providers import HTTPProvider

from chain.tron import TronClient
from chain.tron_devnet import DevnetServer, state_path

TRX = 1_000_000
NEVER = 3_600.0  # a block interval no test waits for: blocks come from /devnet/mine only

StartDevnet = Callable[..., DevnetServer]


def address_of(key: PrivateKey) -> str:
    return key.public_key.to_base58check_address()


def client(server: DevnetServer) -> Tron:
    return Tron(HTTPProvider(server.url))


def mine(server: DevnetServer, blocks: int = 1) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.post(f"{server.url}/devnet/mine", json={"blocks": blocks}).json()
    return answer


def test_blocks_are_produced_every_block_interval(start_devnet: StartDevnet) -> None:
    tron = client(start_devnet(block_interval=0.1))
    deadline = time.monotonic() + 10

    while tron.get_latest_block_number() < 3 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert tron.get_latest_block_number() >= 3
    assert tron.get_block(2)["block_header"]["raw_data"]["parentHash"] == tron.get_block(1)["blockID"]


def test_mine_seals_blocks_on_demand(start_devnet: StartDevnet) -> None:
    server = start_devnet(block_interval=NEVER)
    tron = client(server)

    mined = mine(server, blocks=3)

    assert mined["number"] == 3 == tron.get_latest_block_number()
    assert tron.get_block(3)["blockID"] == mined["blockID"] == tron.get_latest_block_id()


def test_a_transaction_has_its_receipt_once_a_block_takes_it(
    start_devnet: StartDevnet, genesis_key: PrivateKey
) -> None:
    server = start_devnet(block_interval=NEVER)
    tron = client(server)
    sent = tron.trx.transfer(address_of(genesis_key), address_of(PrivateKey.random()), TRX)
    result = sent.build().sign(genesis_key).broadcast()

    with pytest.raises(TransactionNotFound):
        tron.get_transaction_info(result.txid)
    mine(server)

    assert result.wait(timeout=5)["blockNumber"] == 1
    assert [t["txID"] for t in tron.get_block(1)["transactions"]] == [result.txid]


def test_a_pending_transaction_is_found_by_id_before_a_block_takes_it(
    start_devnet: StartDevnet, genesis_key: PrivateKey
) -> None:
    """As a full node answers from its pending state: the transaction at once, its receipt and the solidity API's
    copy only once a block holds it."""
    server = start_devnet(block_interval=NEVER)
    tron = client(server)
    sent = tron.trx.transfer(address_of(genesis_key), address_of(PrivateKey.random()), TRX)
    txid = sent.build().sign(genesis_key).broadcast().txid

    pending = tron.get_transaction(txid)
    solid = httpx.post(f"{server.url}/walletsolidity/gettransactionbyid", json={"value": txid}).json()
    assert pending["txID"] == txid and pending["ret"] == [{"contractRet": "SUCCESS"}]
    assert solid == {}
    assert TronClient(server.url).is_pending_or_mined(txid)
    with pytest.raises(TransactionNotFound):
        tron.get_transaction_info(txid)
    mine(server)

    assert tron.get_transaction(txid) == pending
    assert httpx.post(f"{server.url}/walletsolidity/gettransactionbyid", json={"value": txid}).json()["txID"] == txid
    assert not TronClient(server.url).is_pending_or_mined("00" * 32)


def test_a_restarted_node_keeps_balances_contracts_blocks_and_receipts(
    start_devnet: StartDevnet,
    deploy: Callable[..., tuple[Contract, dict[str, Any]]],
    contract_call: Callable[..., Any],
    genesis_key: PrivateKey,
    tmp_path: Path,
) -> None:
    state = state_path(tmp_path)
    first = start_devnet(state_path=state)
    tron = client(first)
    member = PrivateKey.random()
    funded = tron.trx.transfer(address_of(genesis_key), address_of(member), 50 * TRX)
    funding_txid = funded.build().sign(genesis_key).broadcast().wait()["id"]
    owner = address_of(genesis_key)
    token, _ = deploy(tron, genesis_key, "RewardToken", "Points", "PTS", 0, owner)
    contract_call(token, genesis_key, "grantRole", token.functions.MINTER_ROLE(), owner).wait()
    contract_call(token, genesis_key, "mint", address_of(member), 42).wait()
    head = tron.get_latest_block_id()
    first.stop()

    tron = client(start_devnet(state_path=state))

    assert tron.get_account_balance(address_of(member)) == 50
    assert tron.get_transaction_info(funding_txid)["blockNumber"] >= 1
    assert tron.get_latest_block_id() == head
    reopened = tron.get_contract(token.contract_address)
    assert reopened.functions.balanceOf(address_of(member)) == 42
    sent = tron.trx.transfer(address_of(member), address_of(genesis_key), 5 * TRX).build().sign(member)
    assert sent.broadcast().wait()["blockNumber"] > int(head[:16], 16)
    assert tron.get_account_balance(address_of(member)) == 45


def test_a_transaction_taken_before_a_restart_is_mined_after_it(
    start_devnet: StartDevnet, genesis_key: PrivateKey, tmp_path: Path
) -> None:
    state = state_path(tmp_path)
    first = start_devnet(block_interval=NEVER, state_path=state)
    recipient = address_of(PrivateKey.random())
    sent = client(first).trx.transfer(address_of(genesis_key), recipient, 8 * TRX).build().sign(genesis_key)
    txid = sent.broadcast().txid
    first.stop()

    second = start_devnet(block_interval=NEVER, state_path=state)
    mine(second)

    assert client(second).get_transaction_info(txid)["blockNumber"] == 1
    assert client(second).get_account_balance(recipient) == 8
