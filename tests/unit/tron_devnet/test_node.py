"""The chain's own rules, checked on an in-memory node: signatures, expiry, TAPOS, fees, blocks, restarts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from tronpy.keys import PrivateKey, Signature

from chain.tron_devnet import TronDevnet
from chain.tron_devnet.addresses import parse_address
from chain.tron_devnet.encoding import TransferContract, transaction_id
from chain.tron_devnet.errors import ResponseCode, TransactionRejected

GENESIS = PrivateKey(b"\x31" * 32)
ALICE = PrivateKey(b"\x32" * 32)
BOB = PrivateKey(b"\x33" * 32)
TRX = 1_000_000


def address(key: PrivateKey) -> bytes:
    return parse_address(key.public_key.to_hex_address())


def transfer(devnet: TronDevnet, sender: PrivateKey, to: PrivateKey, amount: int) -> Message:
    contract = TransferContract(owner_address=address(sender), to_address=address(to), amount=amount)
    return devnet.build("TransferContract", contract)


def sign(transaction: Message, key: PrivateKey) -> Message:
    del transaction.signature[:]
    transaction.signature.append(key.sign_msg_hash(transaction_id(transaction.raw_data)).to_bytes())
    return transaction


@pytest.fixture
def devnet() -> Iterator[TronDevnet]:
    node = TronDevnet(GENESIS.to_bytes(), block_interval=0)
    yield node
    node.close()


def rejection(devnet: TronDevnet, transaction: Message) -> TransactionRejected:
    with pytest.raises(TransactionRejected) as caught:
        devnet.broadcast(transaction)
    return caught.value


def test_the_genesis_account_holds_the_initial_trx(devnet: TronDevnet) -> None:
    account = devnet.account(address(GENESIS))

    assert account is not None
    assert account.balance == 1_000_000_000 * TRX


def test_a_generated_genesis_key_controls_the_genesis_account() -> None:
    node = TronDevnet(block_interval=0)
    try:
        assert node.generated_genesis_key is not None
        assert node.genesis_address == address(PrivateKey(node.generated_genesis_key))
    finally:
        node.close()


def test_a_transfer_to_a_new_account_activates_it_for_1_1_trx(devnet: TronDevnet) -> None:
    devnet.broadcast(sign(transfer(devnet, GENESIS, ALICE, 10 * TRX), GENESIS))

    alice, genesis = devnet.account(address(ALICE)), devnet.account(address(GENESIS))
    assert alice is not None and genesis is not None
    assert alice.balance == 10 * TRX
    assert genesis.balance == 1_000_000_000 * TRX - 10 * TRX - 1_100_000


def test_a_signature_by_another_key_is_refused_and_changes_nothing(devnet: TronDevnet) -> None:
    error = rejection(devnet, sign(transfer(devnet, GENESIS, ALICE, TRX), ALICE))

    assert error.code == ResponseCode.SIGERROR
    assert devnet.account(address(ALICE)) is None


def test_a_signature_with_tronweb_style_recovery_byte_is_accepted(devnet: TronDevnet) -> None:
    transaction = transfer(devnet, GENESIS, ALICE, TRX)
    signature = Signature(GENESIS.sign_msg_hash(transaction_id(transaction.raw_data)).to_bytes())
    transaction.signature.append(bytes.fromhex(signature.tronweb_hex()))

    devnet.broadcast(transaction)

    assert devnet.account(address(ALICE)) is not None


def test_an_expired_transaction_is_refused(devnet: TronDevnet) -> None:
    transaction = transfer(devnet, GENESIS, ALICE, TRX)
    transaction.raw_data.expiration = transaction.raw_data.timestamp - 1

    assert rejection(devnet, sign(transaction, GENESIS)).code == ResponseCode.TRANSACTION_EXPIRATION_ERROR


def test_the_same_transaction_is_taken_only_once(devnet: TronDevnet) -> None:
    transaction = sign(transfer(devnet, GENESIS, ALICE, TRX), GENESIS)
    devnet.broadcast(transaction)

    assert rejection(devnet, transaction).code == ResponseCode.DUP_TRANSACTION_ERROR


def test_a_transaction_naming_an_unknown_block_fails_tapos(devnet: TronDevnet) -> None:
    transaction = transfer(devnet, GENESIS, ALICE, TRX)
    transaction.raw_data.ref_block_hash = b"\xff" * 8

    assert rejection(devnet, sign(transaction, GENESIS)).code == ResponseCode.TAPOS_ERROR


def test_spending_more_than_the_balance_is_refused(devnet: TronDevnet) -> None:
    devnet.broadcast(sign(transfer(devnet, GENESIS, ALICE, 2 * TRX), GENESIS))

    with pytest.raises(TransactionRejected, match="balance is not sufficient") as caught:
        transfer(devnet, ALICE, GENESIS, 3 * TRX)
    assert caught.value.code == ResponseCode.CONTRACT_VALIDATE_ERROR


def test_transfers_spend_free_bandwidth_first_then_burn_trx_for_it(devnet: TronDevnet) -> None:
    devnet.broadcast(sign(transfer(devnet, GENESIS, ALICE, 10 * TRX), GENESIS))
    receipts = []
    for amount in (1, 2, 3):
        txid = devnet.broadcast(sign(transfer(devnet, ALICE, GENESIS, amount), ALICE))
        info = devnet.transaction_info(txid)
        assert info is not None
        receipts.append(info)

    assert [r.receipt.net_usage > 0 for r in receipts] == [True, True, False]
    assert receipts[2].receipt.net_fee == receipts[2].fee > 0
    alice = devnet.account(address(ALICE))
    assert alice is not None
    assert alice.balance == 10 * TRX - 6 - receipts[2].fee


def test_a_receipt_appears_when_a_block_takes_the_transaction() -> None:
    devnet = TronDevnet(GENESIS.to_bytes(), block_interval=3600)  # not started: only mine() makes blocks
    try:
        txid = devnet.broadcast(sign(transfer(devnet, GENESIS, ALICE, TRX), GENESIS))
        assert devnet.transaction_info(txid) is None
        assert devnet.account(address(ALICE)) is not None  # executed already, as on java-tron's pending state

        head = devnet.mine()

        info = devnet.transaction_info(txid)
        assert info is not None and info.blockNumber == head.number
        assert [transaction_id(t.raw_data) for t in head.transactions] == [txid]
    finally:
        devnet.close()


def test_blocks_chain_by_id_and_are_signed_by_the_witness(devnet: TronDevnet) -> None:
    parent = devnet.head()
    block = devnet.mine(2)

    grandparent_link = devnet.block(block.number - 1)
    assert grandparent_link is not None
    assert block.number == parent.number + 2
    assert block.id[:8] == block.number.to_bytes(8, "big")
    assert block.header.raw_data.parentHash == grandparent_link.id
    digest = hashlib.sha256(block.header.raw_data.SerializeToString()).digest()
    signer = Signature(block.header.witness_signature).recover_public_key_from_msg_hash(digest)
    assert signer.to_hex_address() == block.header.raw_data.witness_address.hex()


def test_a_reopened_chain_keeps_accounts_blocks_and_pending_transactions(tmp_path: Path) -> None:
    state = tmp_path / "chain.sqlite3"
    node = TronDevnet(GENESIS.to_bytes(), block_interval=3600, state_path=state)
    node.broadcast(sign(transfer(node, GENESIS, ALICE, 5 * TRX), GENESIS))
    node.mine()
    pending = node.broadcast(sign(transfer(node, GENESIS, BOB, 7 * TRX), GENESIS))
    head = node.head()
    node.close()

    reopened = TronDevnet(block_interval=3600, state_path=state)
    try:
        alice, bob = reopened.account(address(ALICE)), reopened.account(address(BOB))
        assert alice is not None and alice.balance == 5 * TRX
        assert bob is not None and bob.balance == 7 * TRX
        assert reopened.head().id == head.id
        assert reopened.generated_genesis_key is None
        assert reopened.mine().transactions[0].raw_data == node_transaction_raw(reopened, pending)
    finally:
        reopened.close()


def node_transaction_raw(devnet: TronDevnet, txid: bytes) -> Message:
    transaction = devnet.transaction(txid)
    assert transaction is not None
    return transaction.raw_data


def test_reopening_a_chain_with_another_genesis_key_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "chain.sqlite3"
    TronDevnet(GENESIS.to_bytes(), block_interval=0, state_path=state).close()

    with pytest.raises(ValueError, match="another genesis account"):
        TronDevnet(ALICE.to_bytes(), block_interval=0, state_path=state)
