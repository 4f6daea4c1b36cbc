"""The Tron adapter's pure parts: call data, signing, transaction building, the node's messages."""

import hashlib

import pytest
from eth_account import Account
from tronpy import keys
from tronpy.keys import PrivateKey, Signature
from tronpy.proto import tron_pb2

from chain.errors import InvalidAddress
from chain.evm import EvmClient
from chain.tron import (
    MINT_BATCH_BASE_ENERGY,
    MINT_BATCH_ENERGY_PER_RECIPIENT,
    REFERENCE_ENERGY_PRICE_SUN,
    SUN_PER_TRX,
    TronClient,
    mint_batch_data,
    mint_batch_size,
    node_message,
    sign_transaction,
    trigger_raw,
    tvm_address,
)

KEY = b"\x11" * 32
OWNER = PrivateKey(KEY).public_key.to_base58check_address()
TOKEN = PrivateKey(b"\x22" * 32).public_key.to_base58check_address()


def test_mint_batch_data_is_the_evm_encoding_of_the_same_20_byte_addresses() -> None:
    recipients = [PrivateKey(bytes([i]) * 32).public_key.to_base58check_address() for i in (3, 4)]
    evm = EvmClient("http://127.0.0.1:1")
    as_evm = ["0x" + tvm_address(r).hex() for r in recipients]
    assert mint_batch_data(recipients, [5, 6]) == evm.mint_batch_call("0x" + "00" * 20, as_evm, [5, 6])
    # The same key has the same 20 bytes on both chains.
    assert "0x" + tvm_address(OWNER).hex() == Account.from_key(KEY).address.lower()


def test_signed_transaction_id_is_sha256_of_raw_data_and_the_signature_recovers_the_owner() -> None:
    raw = trigger_raw(
        OWNER, TOKEN, b"\x01\x02", ref_block_id="00" * 6 + "0a0b" + "cc" * 8 + "00" * 16,
        now_ms=1_000, expiration_ms=600_000, fee_limit=42,
    )  # fmt: skip
    signed = sign_transaction(KEY, raw)
    parsed = tron_pb2.Transaction.FromString(signed.raw)

    assert signed.tx_hash == hashlib.sha256(parsed.raw_data.SerializeToString()).hexdigest()
    assert parsed.raw_data.ref_block_bytes == bytes.fromhex("0a0b") and parsed.raw_data.ref_block_hash == b"\xcc" * 8
    assert parsed.raw_data.expiration == 601_000 and parsed.raw_data.fee_limit == 42
    signer = Signature(parsed.signature[0]).recover_public_key_from_msg_hash(bytes.fromhex(signed.tx_hash))
    assert signer.to_base58check_address() == OWNER


def test_node_messages_are_decoded_from_hex_and_plain_text_is_kept() -> None:
    assert node_message({"message": b"Transaction expired".hex()}) == "Transaction expired"
    assert node_message({"Error": "class BadRequest : oops"}) == "class BadRequest : oops"


def test_addresses_are_base58check_and_typos_are_refused() -> None:
    client = TronClient("http://127.0.0.1:1")
    assert client.check_address(OWNER) == OWNER
    assert client.address_of(KEY) == OWNER
    assert not client.replaceable and client.account_nonce(OWNER) == 0
    for bad in (OWNER[:-1] + ("1" if OWNER[-1] != "1" else "2"), "0x" + "11" * 20, "T123"):
        with pytest.raises(InvalidAddress):
            client.check_address(bad)


def test_a_hex_tron_address_is_taken_in_its_base58check_form() -> None:
    client = TronClient("http://127.0.0.1:1")
    hex_address = keys.to_hex_address(OWNER)

    assert hex_address.startswith("41")
    assert client.check_address(hex_address) == OWNER
    with pytest.raises(InvalidAddress):
        client.check_address("42" + hex_address[2:])


def test_the_default_tron_batch_is_what_the_fee_limit_pays_for_with_headroom() -> None:
    size = mint_batch_size(1_000 * SUN_PER_TRX)
    energy = MINT_BATCH_BASE_ENERGY + size * MINT_BATCH_ENERGY_PER_RECIPIENT

    assert size == 78
    assert energy * REFERENCE_ENERGY_PRICE_SUN < 0.9 * 1_000 * SUN_PER_TRX
    assert mint_batch_size(2_000 * SUN_PER_TRX) > 2 * size - 2  # a higher fee limit allows bigger batches
    assert mint_batch_size(1) == 1
