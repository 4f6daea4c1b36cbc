"""Tron's protobuf messages, the subset this devnet speaks, and their java-tron JSON forms.

The descriptors are built at run time (there is no protoc here) in a private pool, so they never clash with
tronpy's own `protocol.*` messages in the default pool. Field numbers and names follow java-tron's
Tron.proto and smart_contract.proto: a transaction's ID is sha256 of its serialized `raw_data`, so every byte
must match what a real node and tronpy compute.
"""

from __future__ import annotations

import hashlib
from typing import Any

from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import DecodeError, Message

from chain.tron_devnet.addresses import BadAddress, parse_address, to_base58

TYPE_URL_PREFIX = "type.googleapis.com/protocol."

# Each field is (name, number, kind); kind is a scalar, "enum <Name>", a message name, or "any", with an
# optional "repeated " in front. Names are relative to the `protocol` package.
_ABI_ENTRY = {
    "fields": [
        ("anonymous", 1, "bool"),
        ("constant", 2, "bool"),
        ("name", 3, "string"),
        ("inputs", 4, "repeated SmartContract.ABI.Entry.Param"),
        ("outputs", 5, "repeated SmartContract.ABI.Entry.Param"),
        ("type", 6, "enum SmartContract.ABI.Entry.EntryType"),
        ("payable", 7, "bool"),
        ("stateMutability", 8, "enum SmartContract.ABI.Entry.StateMutabilityType"),
    ],
    "nested": {"Param": {"fields": [("indexed", 1, "bool"), ("name", 2, "string"), ("type", 3, "string")]}},
    "enums": {
        "EntryType": ["UnknownEntryType", "Constructor", "Function", "Event", "Fallback", "Receive", "Error"],
        "StateMutabilityType": ["UnknownMutabilityType", "Pure", "View", "Nonpayable", "Payable"],
    },
}
_CONTRACT_RESULTS = [
    "DEFAULT", "SUCCESS", "REVERT", "BAD_JUMP_DESTINATION", "OUT_OF_MEMORY", "PRECOMPILED_CONTRACT",
    "STACK_TOO_SMALL", "STACK_TOO_LARGE", "ILLEGAL_OPERATION", "STACK_OVERFLOW", "OUT_OF_ENERGY",
    "OUT_OF_TIME", "JVM_STACK_OVER_FLOW", "UNKNOWN", "TRANSFER_FAILED", "INVALID_CODE",
]  # fmt: skip
_SCHEMA: dict[str, dict[str, Any]] = {
    "TransferContract": {
        "fields": [
            ("owner_address", 1, "bytes"),
            ("to_address", 2, "bytes"),
            ("amount", 3, "int64"),
        ]
    },
    "TriggerSmartContract": {
        "fields": [
            ("owner_address", 1, "bytes"),
            ("contract_address", 2, "bytes"),
            ("call_value", 3, "int64"),
            ("data", 4, "bytes"),
            ("call_token_value", 5, "int64"),
            ("token_id", 6, "int64"),
        ]
    },
    # Stake 2.0 (balance_contract.proto): TRX frozen for energy or bandwidth, unfrozen, and withdrawn after the delay.
    "FreezeBalanceV2Contract": {
        "fields": [
            ("owner_address", 1, "bytes"),
            ("frozen_balance", 2, "int64"),
            ("resource", 3, "enum ResourceCode"),
        ]
    },
    "UnfreezeBalanceV2Contract": {
        "fields": [
            ("owner_address", 1, "bytes"),
            ("unfreeze_balance", 2, "int64"),
            ("resource", 3, "enum ResourceCode"),
        ]
    },
    "WithdrawExpireUnfreezeContract": {"fields": [("owner_address", 1, "bytes")]},
    "SmartContract": {
        "fields": [
            ("origin_address", 1, "bytes"),
            ("contract_address", 2, "bytes"),
            ("abi", 3, "SmartContract.ABI"),
            ("bytecode", 4, "bytes"),
            ("call_value", 5, "int64"),
            ("consume_user_resource_percent", 6, "int64"),
            ("name", 7, "string"),
            ("origin_energy_limit", 8, "int64"),
            ("code_hash", 9, "bytes"),
            ("trx_hash", 10, "bytes"),
            ("version", 11, "int32"),
        ],
        "nested": {
            "ABI": {
                "fields": [("entrys", 1, "repeated SmartContract.ABI.Entry")],
                "nested": {"Entry": _ABI_ENTRY},
            }
        },
    },
    "CreateSmartContract": {
        "fields": [
            ("owner_address", 1, "bytes"),
            ("new_contract", 2, "SmartContract"),
            ("call_token_value", 3, "int64"),
            ("token_id", 4, "int64"),
        ]
    },
    "Transaction": {
        "fields": [
            ("raw_data", 1, "Transaction.raw"),
            ("signature", 2, "repeated bytes"),
            ("ret", 5, "repeated Transaction.Result"),
        ],
        "nested": {
            "Contract": {
                "fields": [
                    ("type", 1, "enum Transaction.Contract.ContractType"),
                    ("parameter", 2, "any"),
                    ("Permission_id", 5, "int32"),
                ],
                "enums": {
                    "ContractType": {
                        "AccountCreateContract": 0,
                        "TransferContract": 1,
                        "CreateSmartContract": 30,
                        "TriggerSmartContract": 31,
                        "FreezeBalanceV2Contract": 54,
                        "UnfreezeBalanceV2Contract": 55,
                        "WithdrawExpireUnfreezeContract": 56,
                    }
                },
            },
            "Result": {
                "fields": [("contractRet", 3, "enum Transaction.Result.contractResult")],
                "enums": {"contractResult": _CONTRACT_RESULTS},
            },
            "raw": {
                "fields": [
                    ("ref_block_bytes", 1, "bytes"),
                    ("ref_block_num", 3, "int64"),
                    ("ref_block_hash", 4, "bytes"),
                    ("expiration", 8, "int64"),
                    ("data", 10, "bytes"),
                    ("contract", 11, "repeated Transaction.Contract"),
                    ("timestamp", 14, "int64"),
                    ("fee_limit", 18, "int64"),
                ]
            },
        },
    },
    "ResourceReceipt": {
        "fields": [
            ("energy_usage", 1, "int64"),
            ("energy_fee", 2, "int64"),
            ("origin_energy_usage", 3, "int64"),
            ("energy_usage_total", 4, "int64"),
            ("net_usage", 5, "int64"),
            ("net_fee", 6, "int64"),
            ("result", 7, "enum Transaction.Result.contractResult"),
        ]
    },
    "TransactionInfo": {
        "fields": [
            ("id", 1, "bytes"),
            ("fee", 2, "int64"),
            ("blockNumber", 3, "int64"),
            ("blockTimeStamp", 4, "int64"),
            ("contractResult", 5, "repeated bytes"),
            ("contract_address", 6, "bytes"),
            ("receipt", 7, "ResourceReceipt"),
            ("log", 8, "repeated TransactionInfo.Log"),
            ("result", 9, "enum TransactionInfo.code"),
            ("resMessage", 10, "bytes"),
            ("unfreeze_amount", 16, "int64"),
            ("withdraw_expire_amount", 28, "int64"),
        ],
        "nested": {
            "Log": {
                "fields": [
                    ("address", 1, "bytes"),
                    ("topics", 2, "repeated bytes"),
                    ("data", 3, "bytes"),
                ]
            }
        },
        "enums": {"code": ["SUCESS", "FAILED"]},
    },
    "BlockHeader": {
        "fields": [("raw_data", 1, "BlockHeader.raw"), ("witness_signature", 2, "bytes")],
        "nested": {
            "raw": {
                "fields": [
                    ("timestamp", 1, "int64"),
                    ("txTrieRoot", 2, "bytes"),
                    ("parentHash", 3, "bytes"),
                    ("number", 7, "int64"),
                    ("witness_id", 8, "int64"),
                    ("witness_address", 9, "bytes"),
                    ("version", 10, "int32"),
                    ("accountStateRoot", 11, "bytes"),
                ]
            }
        },
    },
}
# Top-level enums (common.proto).
_ENUMS = {"ResourceCode": ["BANDWIDTH", "ENERGY", "TRON_POWER"]}
# java-tron prints these bytes fields as base58check when a request asks for `visible`; all others are hex.
_ADDRESS_FIELDS = {
    "protocol.TransferContract.owner_address",
    "protocol.TransferContract.to_address",
    "protocol.TriggerSmartContract.owner_address",
    "protocol.TriggerSmartContract.contract_address",
    "protocol.CreateSmartContract.owner_address",
    "protocol.FreezeBalanceV2Contract.owner_address",
    "protocol.UnfreezeBalanceV2Contract.owner_address",
    "protocol.WithdrawExpireUnfreezeContract.owner_address",
    "protocol.SmartContract.origin_address",
    "protocol.SmartContract.contract_address",
    "protocol.BlockHeader.raw.witness_address",
    "protocol.TransactionInfo.contract_address",
    "protocol.TransactionInfo.Log.address",
}
# ... and these as UTF-8 text.
_TEXT_FIELDS = {"protocol.TransactionInfo.resMessage"}
_FIELD = descriptor_pb2.FieldDescriptorProto
_SCALARS = {
    "bytes": _FIELD.TYPE_BYTES,
    "int64": _FIELD.TYPE_INT64,
    "int32": _FIELD.TYPE_INT32,
    "bool": _FIELD.TYPE_BOOL,
    "string": _FIELD.TYPE_STRING,
}


class EncodingError(ValueError):
    """A JSON transaction or message that cannot be turned into Tron protobuf."""


class UnsupportedContract(EncodingError):
    """A contract type this devnet does not run (it runs TRX transfers, smart contracts and Stake 2.0)."""


def _add_field(message: descriptor_pb2.DescriptorProto, name: str, number: int, kind: str) -> None:
    field = message.field.add(name=name, number=number, label=_FIELD.LABEL_OPTIONAL)
    if kind.startswith("repeated "):
        field.label = _FIELD.LABEL_REPEATED
        kind = kind.removeprefix("repeated ")
    if kind in _SCALARS:
        field.type = _SCALARS[kind]
    elif kind.startswith("enum "):
        field.type = _FIELD.TYPE_ENUM
        field.type_name = ".protocol." + kind.removeprefix("enum ")
    elif kind == "any":
        field.type = _FIELD.TYPE_MESSAGE
        field.type_name = ".google.protobuf.Any"
    else:
        field.type = _FIELD.TYPE_MESSAGE
        field.type_name = ".protocol." + kind


def _add_message(container: Any, name: str, spec: dict[str, Any]) -> None:
    message = container.add(name=name)
    for field in spec["fields"]:
        _add_field(message, *field)
    for nested_name, nested_spec in spec.get("nested", {}).items():
        _add_message(message.nested_type, nested_name, nested_spec)
    for enum_name, values in spec.get("enums", {}).items():
        numbered = values.items() if isinstance(values, dict) else ((v, i) for i, v in enumerate(values))
        enum = message.enum_type.add(name=enum_name)
        for value_name, number in numbered:
            enum.value.add(name=value_name, number=number)


def _build_pool() -> descriptor_pool.DescriptorPool:
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    proto_file = descriptor_pb2.FileDescriptorProto(
        name="laurel/tron_devnet.proto",
        package="protocol",
        syntax="proto3",
        dependency=["google/protobuf/any.proto"],
    )
    for name, spec in _SCHEMA.items():
        _add_message(proto_file.message_type, name, spec)
    for enum_name, values in _ENUMS.items():
        enum = proto_file.enum_type.add(name=enum_name)
        for number, value_name in enumerate(values):
            enum.value.add(name=value_name, number=number)
    pool.Add(proto_file)
    return pool


_POOL = _build_pool()


def _message_class(full_name: str) -> type[Message]:
    message_class: type[Message] = message_factory.GetMessageClass(_POOL.FindMessageTypeByName(full_name))
    return message_class


Transaction = _message_class("protocol.Transaction")
TransactionRaw = _message_class("protocol.Transaction.raw")
TransactionContract = _message_class("protocol.Transaction.Contract")
TransferContract = _message_class("protocol.TransferContract")
TriggerSmartContract = _message_class("protocol.TriggerSmartContract")
CreateSmartContract = _message_class("protocol.CreateSmartContract")
SmartContract = _message_class("protocol.SmartContract")
FreezeBalanceV2Contract = _message_class("protocol.FreezeBalanceV2Contract")
UnfreezeBalanceV2Contract = _message_class("protocol.UnfreezeBalanceV2Contract")
WithdrawExpireUnfreezeContract = _message_class("protocol.WithdrawExpireUnfreezeContract")
BlockHeader = _message_class("protocol.BlockHeader")
BlockHeaderRaw = _message_class("protocol.BlockHeader.raw")
TransactionInfo = _message_class("protocol.TransactionInfo")
AnyMessage = _message_class("google.protobuf.Any")

CONTRACT_TYPES: dict[str, type[Message]] = {
    "TransferContract": TransferContract,
    "TriggerSmartContract": TriggerSmartContract,
    "CreateSmartContract": CreateSmartContract,
    "FreezeBalanceV2Contract": FreezeBalanceV2Contract,
    "UnfreezeBalanceV2Contract": UnfreezeBalanceV2Contract,
    "WithdrawExpireUnfreezeContract": WithdrawExpireUnfreezeContract,
}


def transaction_id(raw: Message) -> bytes:
    """sha256 of the serialized `Transaction.raw`: what the owner signs and what every API calls txID."""
    return hashlib.sha256(raw.SerializeToString()).digest()


def parse_transaction_bytes(data: bytes) -> Message:
    try:
        return Transaction.FromString(data)
    except DecodeError as exc:
        raise EncodingError(f"not a serialized Transaction: {exc}") from exc


def new_raw(contract_type: str, contract: Message, **fields: Any) -> Message:
    """A `Transaction.raw` holding one contract, packed as Any with its `protocol.<Type>` type URL."""
    parameter = AnyMessage(type_url=TYPE_URL_PREFIX + contract_type, value=contract.SerializeToString())
    return TransactionRaw(contract=[TransactionContract(type=contract_type, parameter=parameter)], **fields)


def contract_of(raw: Message) -> tuple[str, Message]:
    """The one contract of a transaction: its type name and its unpacked message."""
    if len(raw.contract) != 1:
        raise EncodingError(f"a transaction carries exactly one contract, this one has {len(raw.contract)}")
    packed = raw.contract[0]
    type_name = packed.parameter.type_url.rsplit(".", 1)[-1]
    message_class = CONTRACT_TYPES.get(type_name)
    if message_class is None:
        raise UnsupportedContract(f"contract type {type_name or '?'} is not supported by this devnet")
    return type_name, _unpack(packed.parameter, message_class)


def _unpack(parameter: Message, message_class: type[Message]) -> Message:
    try:
        return message_class.FromString(parameter.value)
    except DecodeError as exc:
        raise EncodingError(f"{parameter.type_url} does not decode: {exc}") from exc


# --- java-tron JSON -----------------------------------------------------------------------------------


def to_json(message: Message, visible: bool) -> dict[str, Any]:
    """The message as java-tron prints it: defaults left out, bytes in hex, addresses base58 if visible."""
    return {field.name: _value_to_json(field, value, visible) for field, value in message.ListFields()}


def _value_to_json(field: FieldDescriptor, value: Any, visible: bool) -> Any:
    if field.is_repeated:
        return [_scalar_to_json(field, item, visible) for item in value]
    return _scalar_to_json(field, value, visible)


def _scalar_to_json(field: FieldDescriptor, value: Any, visible: bool) -> Any:
    if field.type == FieldDescriptor.TYPE_BYTES:
        if visible and field.full_name in _ADDRESS_FIELDS and len(value) == 21:
            return to_base58(value)
        if visible and field.full_name in _TEXT_FIELDS:
            return value.decode("utf-8", "replace")
        return value.hex()
    if field.type == FieldDescriptor.TYPE_ENUM:
        enum_value = field.enum_type.values_by_number.get(value)
        return enum_value.name if enum_value else value
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        if field.message_type.full_name == "google.protobuf.Any":
            type_name = value.type_url.rsplit(".", 1)[-1]
            message_class = CONTRACT_TYPES.get(type_name)
            inner = to_json(_unpack(value, message_class), visible) if message_class else value.value.hex()
            return {"value": inner, "type_url": value.type_url}
        return to_json(value, visible)
    return value


def from_json(message_class: type[Message], data: Any) -> Message:
    """Parse java-tron JSON (either address spelling; unknown keys ignored, as java-tron does)."""
    message = message_class()
    _merge_json(message, data)
    return message


def _merge_json(message: Message, data: Any) -> None:
    if not isinstance(data, dict):
        raise EncodingError(f"{message.DESCRIPTOR.full_name} must be an object, got {type(data).__name__}")
    descriptor: Descriptor = message.DESCRIPTOR
    for key, value in data.items():
        field = descriptor.fields_by_name.get(key)
        if field is None or value is None:
            continue
        if field.is_repeated:
            if not isinstance(value, list):
                raise EncodingError(f"{field.full_name} must be a list")
            target = getattr(message, key)
            for item in value:
                if field.type == FieldDescriptor.TYPE_MESSAGE:
                    _merge_json(target.add(), item)
                else:
                    target.append(_scalar_from_json(field, item))
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.full_name == "google.protobuf.Any":
                getattr(message, key).CopyFrom(_any_from_json(value, data))
            else:
                _merge_json(getattr(message, key), value)
        else:
            setattr(message, key, _scalar_from_json(field, value))


def _scalar_from_json(field: FieldDescriptor, value: Any) -> Any:
    try:
        if field.type == FieldDescriptor.TYPE_BYTES:
            if field.full_name in _ADDRESS_FIELDS:
                return parse_address(value)
            return bytes.fromhex(value.removeprefix("0x"))
        if field.type == FieldDescriptor.TYPE_ENUM:
            return _enum_number(field, value)
        if field.type in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_INT32):
            return int(value)
        if field.type == FieldDescriptor.TYPE_BOOL:
            return bool(value)
        return str(value)
    except (BadAddress, ValueError, TypeError, AttributeError) as exc:
        raise EncodingError(f"{field.full_name}: {exc}") from exc


def _enum_number(field: FieldDescriptor, value: Any) -> int:
    """Enum values by number or by name; names case-insensitively, so solc's `view` means Tron's `View`."""
    if isinstance(value, int):
        return value
    for enum_value in field.enum_type.values:
        if enum_value.name.lower() == str(value).lower():
            return int(enum_value.number)
    if field.name == "type" and field.containing_type.name == "Contract":
        raise UnsupportedContract(f"contract type {value} is not supported by this devnet")
    raise EncodingError(f"{field.full_name}: unknown value {value!r}")


def _any_from_json(value: Any, parent: dict[str, Any]) -> Message:
    if not isinstance(value, dict):
        raise EncodingError("contract parameter must be an object with type_url and value")
    type_url = value.get("type_url") or TYPE_URL_PREFIX + str(parent.get("type", ""))
    type_name = type_url.rsplit(".", 1)[-1]
    message_class = CONTRACT_TYPES.get(type_name)
    if message_class is None:
        raise UnsupportedContract(f"contract type {type_name or '?'} is not supported by this devnet")
    inner = from_json(message_class, value.get("value", {}))
    return AnyMessage(type_url=type_url, value=inner.SerializeToString())


def transaction_json(transaction: Message, visible: bool) -> dict[str, Any]:
    """A transaction as the wallet API prints it, with txID and raw_data_hex beside the parsed fields.

    An unsigned one has no `signature` field, as in java-tron: TronWeb refuses to sign one that has it."""
    printed = to_json(transaction, visible)
    printed["txID"] = transaction_id(transaction.raw_data).hex()
    printed["raw_data_hex"] = transaction.raw_data.SerializeToString().hex()
    printed["visible"] = visible
    return printed
