"""TRX moves on the devnet the way tronpy expects a Tron node to move it, and bad transactions bounce."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from tronpy import AsyncTron, Tron
from tronpy.exceptions import (
    AddressNotFound,
    BadKey,
    BadSignature,
    TaposError,
    TransactionError,
    UnknownError,
    ValidationError,
)
from tronpy.keys import PrivateKey
from tronpy.proto import tron_pb2
from tronpy.providers.async_http import AsyncHTTPProvider

from chain.tron_devnet import DevnetServer

TRX = 1_000_000
NEW_ACCOUNT_FEE = 1_100_000


def address_of(key: PrivateKey) -> str:
    return key.public_key.to_base58check_address()


def test_genesis_sends_trx_to_a_new_address(tron: Tron, genesis_key: PrivateKey) -> None:
    genesis, recipient = address_of(genesis_key), address_of(PrivateKey.random())
    genesis_before = tron.get_account(genesis)["balance"]

    sent = tron.trx.transfer(genesis, recipient, 25 * TRX).build().sign(genesis_key).broadcast()
    receipt = sent.wait()

    assert receipt["id"] == sent.txid
    assert receipt["blockNumber"] >= 1
    assert receipt["fee"] == NEW_ACCOUNT_FEE
    assert tron.get_account_balance(recipient) == 25
    assert tron.get_account(genesis)["balance"] == genesis_before - 25 * TRX - NEW_ACCOUNT_FEE
    transaction = tron.get_transaction(sent.txid)
    assert transaction["ret"] == [{"contractRet": "SUCCESS"}]
    assert transaction["raw_data"]["contract"][0]["parameter"]["value"]["to_address"] == recipient


def test_a_transfer_between_existing_accounts_is_paid_with_free_bandwidth(
    tron: Tron, new_account: Callable[..., PrivateKey], genesis_key: PrivateKey
) -> None:
    sender = new_account(10)
    bandwidth_before = tron.get_bandwidth(address_of(sender))

    sent = tron.trx.transfer(address_of(sender), address_of(genesis_key), TRX).build().sign(sender)
    receipt = sent.broadcast().wait()

    assert "fee" not in receipt
    assert receipt["receipt"]["net_usage"] > 0
    assert tron.get_bandwidth(address_of(sender)) == bandwidth_before - receipt["receipt"]["net_usage"]
    assert tron.get_account_balance(address_of(sender)) == 9


def test_the_receipt_is_also_served_as_solidified(tron: Tron, genesis_key: PrivateKey) -> None:
    sent = tron.trx.transfer(address_of(genesis_key), address_of(PrivateKey.random()), TRX)

    receipt = sent.build().sign(genesis_key).broadcast().wait(solid=True)

    assert receipt["blockNumber"] <= tron.get_latest_solid_block_number()


def test_tronpy_will_not_sign_with_a_key_outside_the_owner_permission(
    tron: Tron,
    genesis_key: PrivateKey,
) -> None:
    intruder = PrivateKey.random()
    transaction = tron.trx.transfer(address_of(genesis_key), address_of(intruder), TRX).build()

    with pytest.raises(BadKey):
        transaction.sign(intruder)


def test_a_signature_by_another_key_is_rejected(tron: Tron, genesis_key: PrivateKey) -> None:
    intruder = PrivateKey.random()
    transaction = tron.trx.transfer(address_of(genesis_key), address_of(intruder), TRX).build()
    transaction.set_signature([intruder.sign_msg_hash(bytes.fromhex(transaction.txid)).hex()])

    with pytest.raises(BadSignature, match="signed by"):
        transaction.broadcast()
    with pytest.raises(AddressNotFound):
        tron.get_account(address_of(intruder))


def test_broadcasting_the_same_transaction_twice_is_rejected(tron: Tron, genesis_key: PrivateKey) -> None:
    transaction = tron.trx.transfer(address_of(genesis_key), address_of(PrivateKey.random()), TRX)
    signed = transaction.build().sign(genesis_key)
    signed.broadcast().wait()

    with pytest.raises(UnknownError) as caught:
        signed.broadcast()
    assert caught.value.args[1] == "DUP_TRANSACTION_ERROR"


def test_an_expired_transaction_is_rejected(tron: Tron, genesis_key: PrivateKey) -> None:
    builder = tron.trx.transfer(address_of(genesis_key), address_of(PrivateKey.random()), TRX)
    builder.expiration(-1_000)
    transaction = builder.build(offline=True, ref_block_id=tron.get_latest_solid_block_id())
    transaction.set_signature([genesis_key.sign_msg_hash(bytes.fromhex(transaction.txid)).hex()])

    with pytest.raises(TransactionError, match="expired"):
        tron.broadcast(transaction)


def test_spending_more_than_the_balance_is_rejected(
    tron: Tron, new_account: Callable[..., PrivateKey], genesis_key: PrivateKey
) -> None:
    poor = new_account(1)

    with pytest.raises(ValidationError, match="balance is not sufficient"):
        tron.trx.transfer(address_of(poor), address_of(genesis_key), 5 * TRX).build().sign(poor).broadcast()
    assert tron.get_account_balance(address_of(poor)) == 1


def test_a_transaction_built_offline_by_tronpy_is_accepted(tron: Tron, genesis_key: PrivateKey) -> None:
    recipient = address_of(PrivateKey.random())
    builder = tron.trx.transfer(address_of(genesis_key), recipient, 3 * TRX)
    transaction = builder.build(offline=True, ref_block_id=tron.get_latest_solid_block_id()).sign(genesis_key)

    result = tron.broadcast(transaction)

    assert result == {"result": True, "txid": transaction.txid}
    assert tron.get_transaction_info(transaction.txid)["blockNumber"] >= 1
    assert tron.get_account_balance(recipient) == 3


def test_a_transaction_naming_a_block_of_another_chain_fails_tapos(
    tron: Tron,
    genesis_key: PrivateKey,
) -> None:
    foreign_block_id = "00000000000000010123456789abcdef" + "00" * 16
    builder = tron.trx.transfer(address_of(genesis_key), address_of(PrivateKey.random()), TRX)
    transaction = builder.build(offline=True, ref_block_id=foreign_block_id).sign(genesis_key)

    with pytest.raises(TaposError):
        tron.broadcast(transaction)


def test_createtransaction_builds_what_broadcasttransaction_takes(
    devnet_server: DevnetServer, tron: Tron, genesis_key: PrivateKey
) -> None:
    recipient = PrivateKey.random()
    request: dict[str, Any] = {
        "owner_address": address_of(genesis_key),
        "to_address": address_of(recipient),
        "amount": 2 * TRX,
        "visible": True,
    }
    with httpx.Client(base_url=devnet_server.url) as http:
        transaction = http.post("/wallet/createtransaction", json=request).json()
        signature = genesis_key.sign_msg_hash(bytes.fromhex(transaction["txID"])).hex()
        signed = {**transaction, "signature": [signature]}
        sent = http.post("/wallet/broadcasttransaction", json=signed).json()
        unfunded = {**request, "owner_address": address_of(PrivateKey.random())}
        refused = http.post("/wallet/createtransaction", json=unfunded).json()

    assert sent == {"result": True, "txid": transaction["txID"]}
    assert tron.get_account_balance(address_of(recipient)) == 2
    assert "no OwnerAccount" in refused["Error"]


def test_broadcasthex_takes_a_signed_transaction_serialized_by_tronpys_protobuf(
    devnet_server: DevnetServer, tron: Tron, genesis_key: PrivateKey
) -> None:
    recipient = address_of(PrivateKey.random())
    built = tron.trx.transfer(address_of(genesis_key), recipient, 4 * TRX).build().sign(genesis_key)
    raw = tron_pb2.Transaction.raw.FromString(
        bytes.fromhex(tron.get_sign_weight(built)["transaction"]["transaction"]["raw_data_hex"])
    )
    signed = tron_pb2.Transaction(raw_data=raw, signature=[bytes.fromhex(built.to_json()["signature"][0])])

    with httpx.Client(base_url=devnet_server.url) as http:
        body = {"transaction": signed.SerializeToString().hex()}
        sent = http.post("/wallet/broadcasthex", json=body).json()

    assert sent["result"] is True and sent["txid"] == built.txid
    assert tron.get_account_balance(recipient) == 4


def test_account_queries_answer_as_java_tron_does(tron: Tron, new_account: Callable[..., PrivateKey]) -> None:
    key = new_account(7)

    account = tron.get_account(address_of(key))
    resource = tron.get_account_resource(address_of(key))

    assert account["address"] == address_of(key)
    assert account["balance"] == 7 * TRX
    owner_keys = tron.get_account_permission(address_of(key))["owner"]["keys"]
    assert owner_keys == [{"address": address_of(key), "weight": 1}]
    assert resource["freeNetLimit"] == 600
    assert tron.get_energy(address_of(key)) == 0
    parameters = {p["key"]: p["value"] for p in tron.get_chain_parameters()}
    assert parameters["getEnergyFee"] == 420
    with pytest.raises(AddressNotFound):
        tron.get_account(address_of(PrivateKey.random()))


def test_tronpys_async_client_transfers_too(devnet_server: DevnetServer, genesis_key: PrivateKey) -> None:
    recipient = address_of(PrivateKey.random())

    async def transfer() -> tuple[dict[str, Any], Any]:
        async with AsyncTron(AsyncHTTPProvider(devnet_server.url)) as client:
            built = await client.trx.transfer(address_of(genesis_key), recipient, 6 * TRX).build()
            receipt = await (await built.sign(genesis_key).broadcast()).wait()
            return receipt, await client.get_account_balance(recipient)

    receipt, balance = asyncio.run(transfer())

    assert receipt["blockNumber"] >= 1
    assert balance == 6
