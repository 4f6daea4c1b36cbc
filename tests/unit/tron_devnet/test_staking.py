"""Stake 2.0 on an in-memory node: frozen TRX gives its share of the daily limit, is used before TRX burns, and
comes back through unfreeze and withdrawal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from tronpy.keys import PrivateKey

from chain.tron_devnet import ChainParameters, TronDevnet
from chain.tron_devnet.addresses import parse_address
from chain.tron_devnet.encoding import (
    FreezeBalanceV2Contract,
    TransferContract,
    UnfreezeBalanceV2Contract,
    WithdrawExpireUnfreezeContract,
    transaction_id,
)
from chain.tron_devnet.errors import TransactionRejected

GENESIS = PrivateKey(b"\x41" * 32)
ALICE = PrivateKey(b"\x42" * 32)
TRX = 1_000_000
ENERGY, BANDWIDTH = 1, 0
DAY_MS = 86_400_000


def address(key: PrivateKey) -> bytes:
    return parse_address(key.public_key.to_hex_address())


def send(devnet: TronDevnet, key: PrivateKey, contract_type: str, contract: Message) -> Message:
    """Build, sign and broadcast; returns the receipt once a block (sealed at once) holds it."""
    transaction = devnet.build(contract_type, contract)
    transaction.signature.append(key.sign_msg_hash(transaction_id(transaction.raw_data)).to_bytes())
    info = devnet.transaction_info(devnet.broadcast(transaction))
    assert info is not None
    return info


def freeze(devnet: TronDevnet, key: PrivateKey, sun: int, resource: int = ENERGY) -> Message:
    contract = FreezeBalanceV2Contract(owner_address=address(key), frozen_balance=sun, resource=resource)
    return send(devnet, key, "FreezeBalanceV2Contract", contract)


def unfreeze(devnet: TronDevnet, key: PrivateKey, sun: int, resource: int = ENERGY) -> Message:
    contract = UnfreezeBalanceV2Contract(owner_address=address(key), unfreeze_balance=sun, resource=resource)
    return send(devnet, key, "UnfreezeBalanceV2Contract", contract)


@pytest.fixture
def devnet() -> Iterator[TronDevnet]:
    node = TronDevnet(GENESIS.to_bytes(), block_interval=0)
    yield node
    node.close()


def test_frozen_trx_gives_its_share_of_the_network_energy_limit(devnet: TronDevnet) -> None:
    freeze(devnet, GENESIS, 1_000_000 * TRX)

    genesis = devnet.account(address(GENESIS))
    assert genesis is not None
    parameters = devnet.parameters
    total_weight = parameters.nominal_energy_weight + 1_000_000
    assert devnet.total_weight("ENERGY") == total_weight
    assert genesis.energy.frozen == 1_000_000 * TRX
    assert genesis.energy.limit == int(1_000_000 * (parameters.total_energy_limit / total_weight))
    assert genesis.balance < (1_000_000_000 - 1_000_000) * TRX + 1  # the stake left the balance


def test_without_other_stakers_one_stake_takes_the_whole_limit() -> None:
    node = TronDevnet(GENESIS.to_bytes(), block_interval=0, parameters=ChainParameters(nominal_energy_weight=0))
    try:
        freeze(node, GENESIS, 10 * TRX)
        genesis = node.account(address(GENESIS))
        assert genesis is not None and genesis.energy.limit == node.parameters.total_energy_limit
    finally:
        node.close()


def test_staked_bandwidth_pays_for_transactions_before_the_free_allowance(devnet: TronDevnet) -> None:
    freeze(devnet, GENESIS, 10_000_000 * TRX, BANDWIDTH)
    to_alice = TransferContract(owner_address=address(GENESIS), to_address=address(ALICE), amount=TRX)
    activation = send(devnet, GENESIS, "TransferContract", to_alice)
    before = devnet.account(address(GENESIS))

    receipt = send(devnet, GENESIS, "TransferContract", to_alice)

    after = devnet.account(address(GENESIS))
    assert before is not None and after is not None
    assert activation.receipt.net_fee == devnet.parameters.create_account_fee  # activating is always paid in TRX
    assert after.bandwidth.limit > 0
    assert receipt.receipt.net_usage > 0 and receipt.fee == 0
    assert after.bandwidth.used == before.bandwidth.used + receipt.receipt.net_usage
    assert after.free_net_used == before.free_net_used


def test_a_freeze_needs_at_least_one_trx_and_the_balance_for_it(devnet: TronDevnet) -> None:
    with pytest.raises(TransactionRejected, match="greater than or equal to 1 TRX"):
        freeze(devnet, GENESIS, TRX - 1)
    with pytest.raises(TransactionRejected, match="less than or equal to accountBalance"):
        freeze(devnet, GENESIS, 2_000_000_000 * TRX)
    with pytest.raises(TransactionRejected, match="ResourceCode"):
        freeze(devnet, GENESIS, TRX, resource=2)


def test_unfrozen_trx_waits_out_the_delay_and_the_energy_is_gone_at_once(devnet: TronDevnet) -> None:
    freeze(devnet, GENESIS, 100 * TRX)
    unfreeze(devnet, GENESIS, 40 * TRX)

    genesis = devnet.account(address(GENESIS))
    assert genesis is not None
    assert genesis.energy.frozen == 60 * TRX
    [waiting] = genesis.unfreezing
    assert waiting.amount == 40 * TRX and waiting.resource == "ENERGY"
    assert waiting.expire_time - genesis.energy.latest_consume_time >= 14 * DAY_MS - 60_000
    with pytest.raises(TransactionRejected, match="no unFreeze balance to withdraw"):
        send(
            devnet,
            GENESIS,
            "WithdrawExpireUnfreezeContract",
            WithdrawExpireUnfreezeContract(owner_address=address(GENESIS)),
        )
    with pytest.raises(TransactionRejected, match="Invalid unfreeze_balance"):
        unfreeze(devnet, GENESIS, 61 * TRX)
    with pytest.raises(TransactionRejected, match="no frozenBalance"):
        unfreeze(devnet, GENESIS, TRX, BANDWIDTH)


def test_after_the_delay_the_unfrozen_trx_is_withdrawn_to_the_balance() -> None:
    node = TronDevnet(GENESIS.to_bytes(), block_interval=0, parameters=ChainParameters(unfreeze_delay_days=0))
    try:
        freeze(node, GENESIS, 100 * TRX)
        unfreeze(node, GENESIS, 100 * TRX)
        before = node.account(address(GENESIS))
        receipt = send(
            node,
            GENESIS,
            "WithdrawExpireUnfreezeContract",
            WithdrawExpireUnfreezeContract(owner_address=address(GENESIS)),
        )
        after = node.account(address(GENESIS))
        assert before is not None and after is not None
        assert receipt.withdraw_expire_amount == 100 * TRX
        assert after.balance == before.balance + 100 * TRX - receipt.fee
        assert after.unfreezing == [] and after.energy.frozen == 0 and after.energy.limit == 0
    finally:
        node.close()


def test_stakes_and_unfreezings_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "chain.sqlite3"
    node = TronDevnet(GENESIS.to_bytes(), block_interval=0, state_path=state)
    freeze(node, GENESIS, 50 * TRX)
    unfreeze(node, GENESIS, 10 * TRX)
    node.close()

    reopened = TronDevnet(block_interval=0, state_path=state)
    try:
        genesis = reopened.account(address(GENESIS))
        assert genesis is not None
        assert genesis.energy.frozen == 40 * TRX and genesis.energy.limit > 0
        assert [u.amount for u in genesis.unfreezing] == [10 * TRX]
    finally:
        reopened.close()


def test_a_pending_transaction_is_found_before_a_block_takes_it() -> None:
    node = TronDevnet(GENESIS.to_bytes(), block_interval=3600)
    try:
        contract = FreezeBalanceV2Contract(owner_address=address(GENESIS), frozen_balance=TRX, resource=ENERGY)
        transaction = node.build("FreezeBalanceV2Contract", contract)
        transaction.signature.append(GENESIS.sign_msg_hash(transaction_id(transaction.raw_data)).to_bytes())
        txid = node.broadcast(transaction)

        assert node.transaction(txid) is not None
        assert node.transaction(txid, solidified=True) is None
        assert node.transaction_info(txid) is None
        node.mine()
        assert node.transaction(txid, solidified=True) is not None
    finally:
        node.close()


def test_alice_without_an_account_cannot_stake(devnet: TronDevnet) -> None:
    with pytest.raises(TransactionRejected, match="no OwnerAccount"):
        freeze(devnet, ALICE, TRX)
