"""Transactions encode to the protobuf bytes tronpy and java-tron hash: the txID is sha256(raw_data)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from tronpy.keys import PrivateKey, Signature
from tronpy.proto import calculate_txid_from_raw_data, tron_pb2

from chain.tron_devnet.encoding import (
    CreateSmartContract,
    EncodingError,
    Transaction,
    TransactionRaw,
    UnsupportedContract,
    contract_of,
    from_json,
    to_json,
    transaction_id,
    transaction_json,
)

OWNER = PrivateKey(b"\x11" * 32)
OWNER_HEX = OWNER.public_key.to_hex_address()
OTHER_HEX = PrivateKey(b"\x22" * 32).public_key.to_hex_address()


def tronpy_raw_data(contract_type: str, value: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """raw_data shaped as tronpy's TransactionBuilder shapes it."""
    return {
        "contract": [
            {
                "parameter": {"value": value, "type_url": f"type.googleapis.com/protocol.{contract_type}"},
                "type": contract_type,
            }
        ],
        "timestamp": 1_700_000_000_123,
        "expiration": 1_700_000_060_123,
        "ref_block_bytes": "1a2b",
        "ref_block_hash": "0011223344556677",
        **extra,
    }


TRANSFER = tronpy_raw_data(
    "TransferContract",
    {"owner_address": OWNER_HEX, "to_address": OTHER_HEX, "amount": 5},
)
TRIGGER = tronpy_raw_data(
    "TriggerSmartContract",
    {
        "owner_address": OWNER_HEX,
        "contract_address": OTHER_HEX,
        "data": "a9059cbb" + "00" * 64,
        "call_token_value": 0,
        "call_value": 7,
        "token_id": 0,
    },
    fee_limit=10_000_000,
)
CREATE = tronpy_raw_data(
    "CreateSmartContract",
    {
        "owner_address": OWNER_HEX,
        "new_contract": {
            "origin_address": OWNER_HEX,
            "abi": {
                "entrys": [
                    {
                        "inputs": [{"internalType": "address", "name": "account", "type": "address"}],
                        "name": "balanceOf",
                        "outputs": [{"internalType": "uint256", "name": "", "type": "uint256"}],
                        "stateMutability": "view",
                        "type": "function",
                    },
                    {
                        "anonymous": False,
                        "inputs": [{"indexed": True, "name": "from", "type": "address"}],
                        "name": "Transfer",
                        "type": "event",
                    },
                ]
            },
            "bytecode": "6080604052",
            "call_value": 0,
            "name": "Token",
            "consume_user_resource_percent": 100,
            "origin_energy_limit": 1,
        },
    },
    fee_limit=1_000_000_000,
)


@pytest.mark.parametrize("raw_data", [TRANSFER, TRIGGER], ids=["transfer", "trigger"])
def test_txid_is_the_one_tronpy_computes_offline(raw_data: dict[str, Any]) -> None:
    raw = from_json(TransactionRaw, raw_data)

    assert transaction_id(raw).hex() == calculate_txid_from_raw_data(raw_data)


@pytest.mark.parametrize("raw_data", [TRANSFER, TRIGGER], ids=["transfer", "trigger"])
def test_raw_data_hex_decodes_with_tronpys_protobuf_to_the_same_bytes(raw_data: dict[str, Any]) -> None:
    raw_bytes = from_json(TransactionRaw, raw_data).SerializeToString()

    decoded = tron_pb2.Transaction.raw.FromString(raw_bytes)

    assert decoded.SerializeToString() == raw_bytes
    assert decoded.ref_block_hash.hex() == raw_data["ref_block_hash"]
    assert decoded.contract[0].parameter.type_url == raw_data["contract"][0]["parameter"]["type_url"]


def test_txid_is_sha256_of_raw_data_hex() -> None:
    printed = transaction_json(Transaction(raw_data=from_json(TransactionRaw, CREATE)), visible=False)

    assert printed["txID"] == hashlib.sha256(bytes.fromhex(printed["raw_data_hex"])).hexdigest()


def test_a_tronpy_signature_over_the_txid_recovers_the_owner() -> None:
    txid = transaction_id(from_json(TransactionRaw, TRIGGER))

    signature = OWNER.sign_msg_hash(txid)

    assert Signature(signature.to_bytes()).recover_public_key_from_msg_hash(txid) == OWNER.public_key
    assert contract_of(from_json(TransactionRaw, TRIGGER))[1].owner_address.hex() == OWNER_HEX


def test_create_smart_contract_prints_back_to_json_that_encodes_the_same_bytes() -> None:
    raw = from_json(TransactionRaw, CREATE)

    printed = to_json(raw, visible=False)

    assert from_json(TransactionRaw, printed).SerializeToString() == raw.SerializeToString()
    entry = printed["contract"][0]["parameter"]["value"]["new_contract"]["abi"]["entrys"][0]
    assert entry == {
        "name": "balanceOf",
        "inputs": [{"name": "account", "type": "address"}],
        "outputs": [{"type": "uint256"}],
        "type": "Function",
        "stateMutability": "View",
    }


def test_visible_prints_addresses_in_base58_and_other_bytes_in_hex() -> None:
    value = to_json(from_json(TransactionRaw, TRIGGER), visible=True)["contract"][0]["parameter"]["value"]

    assert value["owner_address"] == OWNER.public_key.to_base58check_address()
    assert value["data"] == TRIGGER["contract"][0]["parameter"]["value"]["data"]


def test_the_contract_unpacks_from_its_any_parameter() -> None:
    contract_type, contract = contract_of(from_json(TransactionRaw, CREATE))

    assert contract_type == "CreateSmartContract"
    assert isinstance(contract, CreateSmartContract)
    assert contract.new_contract.bytecode == bytes.fromhex("6080604052")


def test_a_contract_type_the_devnet_does_not_run_is_refused() -> None:
    raw_data = tronpy_raw_data("DelegateResourceContract", {"owner_address": OWNER_HEX, "balance": 1})

    with pytest.raises(UnsupportedContract, match="DelegateResourceContract"):
        from_json(TransactionRaw, raw_data)


def test_a_freeze_as_tronpy_shapes_it_encodes_to_balance_contract_proto_field_numbers() -> None:
    value = {"owner_address": OWNER_HEX, "frozen_balance": 300, "resource": "ENERGY"}
    raw = from_json(TransactionRaw, tronpy_raw_data("FreezeBalanceV2Contract", value))

    contract_type, contract = contract_of(raw)
    owner = bytes.fromhex(OWNER_HEX)
    # owner_address = 1 (bytes), frozen_balance = 2 (varint 300), resource = 3 (ENERGY = 1)
    assert contract.SerializeToString() == b"\x0a\x15" + owner + b"\x10\xac\x02" + b"\x18\x01"
    assert contract_type == "FreezeBalanceV2Contract"
    assert raw.contract[0].type == 54
    assert to_json(raw, visible=False)["contract"][0]["parameter"]["value"]["resource"] == "ENERGY"


def test_an_unfreeze_of_bandwidth_leaves_the_default_resource_out_as_java_tron_prints_it() -> None:
    value = {"owner_address": OWNER_HEX, "unfreeze_balance": 5, "resource": "BANDWIDTH"}
    raw = from_json(TransactionRaw, tronpy_raw_data("UnfreezeBalanceV2Contract", value))

    assert raw.contract[0].type == 55
    assert to_json(raw, visible=False)["contract"][0]["parameter"]["value"] == {
        "owner_address": OWNER_HEX,
        "unfreeze_balance": 5,
    }


def test_malformed_fields_are_encoding_errors() -> None:
    with pytest.raises(EncodingError, match="owner_address"):
        bad_owner = {"owner_address": "nonsense", "amount": 1}
        from_json(TransactionRaw, tronpy_raw_data("TransferContract", bad_owner))
    with pytest.raises(EncodingError, match="ref_block_hash"):
        from_json(TransactionRaw, {**TRANSFER, "ref_block_hash": "xyz"})
