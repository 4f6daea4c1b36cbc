"""The Tron node HTTP API over a TronDevnet: java-tron's `/wallet/*` and `/walletsolidity/*` paths.

Requests and answers have java-tron's shapes, down to its quirks, because tronpy reads them as they are:
errors come back as HTTP 200 with `{"Error": ...}` or `{"code", "message"}`, an unknown object is `{}`,
and `"visible": true` switches addresses to base58check. `/devnet/*` adds what only a devnet needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from eth_utils.crypto import keccak
from google.protobuf.message import Message
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from chain.tron_devnet.addresses import BadAddress, from_tvm, parse_address, to_base58
from chain.tron_devnet.encoding import (
    CreateSmartContract,
    EncodingError,
    FreezeBalanceV2Contract,
    SmartContract,
    Transaction,
    TransactionContract,
    TransactionInfo,
    TransferContract,
    TriggerSmartContract,
    UnfreezeBalanceV2Contract,
    UnsupportedContract,
    WithdrawExpireUnfreezeContract,
    contract_of,
    from_json,
    parse_transaction_bytes,
    to_json,
    transaction_id,
    transaction_json,
)
from chain.tron_devnet.errors import ResponseCode, TransactionRejected
from chain.tron_devnet.evm import Execution
from chain.tron_devnet.node import BANDWIDTH, ENERGY, STAKE_RESOURCES, Account, Block, TronDevnet, contract_address

Params = dict[str, Any]
Handler = Callable[[TronDevnet, Params], Any]

ZERO_ADDRESS = from_tvm(b"\0" * 20)
DEFAULT_ORIGIN_ENERGY_LIMIT = 10_000_000


class BadRequest(ValueError):
    """A request whose parameters are missing or malformed; answered as java-tron does, `{"Error": ...}`."""


# --- parameters -----------------------------------------------------------------------------------


def _visible(params: Params) -> bool:
    return str(params.get("visible", False)).lower() == "true"


def _address(params: Params, key: str, default: bytes | None = None) -> bytes:
    value = params.get(key)
    if not value:
        if default is None:
            raise BadRequest(f"{key} is required")
        return default
    if not isinstance(value, str):
        raise BadRequest(f"{key} must be a base58check or hex address")
    try:
        return parse_address(value)
    except BadAddress as exc:
        raise BadRequest(f"{key}: {exc}") from exc


def _int(params: Params, key: str, default: int = 0) -> int:
    try:
        return int(params.get(key, default))
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"{key} must be an integer") from exc


def _hex(params: Params, key: str) -> bytes:
    try:
        return bytes.fromhex(str(params.get(key) or "").removeprefix("0x"))
    except ValueError as exc:
        raise BadRequest(f"{key} must be hex") from exc


def _call_data(params: Params) -> bytes:
    """`data` as given, or the selector of `function_selector` followed by the ABI-encoded `parameter`."""
    if params.get("data"):
        return _hex(params, "data")
    selector = str(params.get("function_selector") or "").replace(" ", "")
    if not selector:
        raise BadRequest("function_selector or data is required")
    return keccak(text=selector)[:4] + _hex(params, "parameter")


def _transaction(params: Params) -> Message:
    if "raw_data" not in params:
        raise BadRequest("raw_data is required")
    signatures = params.get("signature") or []
    return from_json(Transaction, {"raw_data": params["raw_data"], "signature": signatures})


# --- printing -------------------------------------------------------------------------------------


def _address_out(address: bytes, visible: bool) -> str:
    return to_base58(address) if visible else address.hex()


def _text_out(text: str, visible: bool) -> str:
    """java-tron prints message texts plainly under `visible`, hex-encoded otherwise."""
    return text if visible else text.encode().hex()


def _block_json(block: Block, visible: bool) -> dict[str, Any]:
    printed: dict[str, Any] = {"blockID": block.id.hex(), "block_header": to_json(block.header, visible)}
    if block.transactions:
        printed["transactions"] = [transaction_json(t, visible) for t in block.transactions]
    return printed


def _info_json(info: Message, visible: bool) -> dict[str, Any]:
    if visible:
        # A receipt stores 20-byte log addresses; under `visible` java-tron shows them as T-addresses.
        info = TransactionInfo.FromString(info.SerializeToString())
        for log in info.log:
            log.address = from_tvm(log.address)
    return to_json(info, visible)


def _owner_permission(address: bytes, visible: bool) -> dict[str, Any]:
    return {
        "permission_name": "owner",
        "threshold": 1,
        "keys": [{"address": _address_out(address, visible), "weight": 1}],
    }


def _active_operations() -> str:
    """The active permission's bitmask: one bit per contract type number this devnet runs."""
    mask = bytearray(32)
    contract_types = TransactionContract.DESCRIPTOR.enum_types_by_name["ContractType"]
    for type_value in contract_types.values:
        if type_value.number:
            mask[type_value.number // 8] |= 1 << (type_value.number % 8)
    return mask.hex()


def _rejection(code: str, message: str, visible: bool, txid: bytes | None = None) -> dict[str, Any]:
    answer = {"code": code, "message": _text_out(message, visible)}
    if txid is not None:
        answer["txid"] = txid.hex()
    return answer


# --- /wallet handlers -----------------------------------------------------------------------------


def get_node_info(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    head = devnet.head()
    block = f"Num:{head.number},ID:{head.id.hex()}"
    # One producer and no forks: every block is final, so the solidified block is the head.
    return {
        "beginSyncNum": head.number,
        "block": block,
        "solidityBlock": block,
        "currentConnectCount": 0,
        "activeConnectCount": 0,
        "passiveConnectCount": 0,
        "totalFlow": 0,
        "peerList": [],
        "configNodeInfo": {"codeVersion": "laurel-tron-devnet", "p2pVersion": str(devnet.chain_id)},
    }


def get_now_block(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    return _block_json(devnet.head(), _visible(params))


def get_block_by_num(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    block = devnet.block(_int(params, "num", -1))
    return _block_json(block, _visible(params)) if block else {}


def get_block_by_id(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    block = devnet.block_by_id(_hex(params, "value"))
    return _block_json(block, _visible(params)) if block else {}


def get_block(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    """`id_or_num` (a number or a block id; the head without it), with its transactions only under `detail`.

    TronWeb asks this (`{"detail": false}`) for the head block a new transaction refers to."""
    wanted = str(params.get("id_or_num") or "")
    if not wanted:
        block: Block | None = devnet.head()
    elif wanted.isdigit():
        block = devnet.block(int(wanted))
    else:
        block = devnet.block_by_id(_hex(params, "id_or_num"))
    if block is None:
        return {}
    printed = _block_json(block, _visible(params))
    # TronWeb reads the number as it is; protobuf's JSON leaves out the genesis block's zero.
    printed["block_header"].setdefault("raw_data", {}).setdefault("number", block.number)
    if str(params.get("detail", False)).lower() != "true":
        printed.pop("transactions", None)
    return printed


def get_account(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    visible = _visible(params)
    account = devnet.account(_address(params, "address"))
    if account is None:
        return {}
    printed: dict[str, Any] = {"address": _address_out(account.address, visible)}
    if account.balance:
        printed["balance"] = account.balance
    if account.is_contract:
        printed["type"] = "Contract"
    printed["create_time"] = account.create_time
    if account.free_net_used:
        printed["free_net_usage"] = account.free_net_used
        printed["latest_consume_free_time"] = account.latest_consume_free_time
    printed.update(_stake_json(account))
    printed["owner_permission"] = _owner_permission(account.address, visible)
    printed["active_permission"] = [
        {
            "type": "Active",
            "id": 2,
            "permission_name": "active",
            "threshold": 1,
            "operations": _active_operations(),
            "keys": printed["owner_permission"]["keys"],
        }
    ]
    return printed


def _stake_json(account: Account) -> dict[str, Any]:
    """Stake 2.0 fields of `wallet/getaccount`: frozenV2 per resource, unfrozenV2, usage of staked resources."""
    printed: dict[str, Any] = {}
    if account.bandwidth.used:
        printed["net_usage"] = account.bandwidth.used
        printed["latest_consume_time"] = account.bandwidth.latest_consume_time
    if account.energy.used:
        printed["account_resource"] = {
            "energy_usage": account.energy.used,
            "latest_consume_time_for_energy": account.energy.latest_consume_time,
        }
    if account.bandwidth.frozen or account.energy.frozen or account.unfreezing:
        # As java-tron prints it: one entry per resource, BANDWIDTH (the enum's default) and zero amounts left out.
        printed["frozenV2"] = [
            _without_defaults({"amount": account.bandwidth.frozen}),
            _without_defaults({"type": ENERGY, "amount": account.energy.frozen}),
            {"type": "TRON_POWER"},
        ]
    if account.unfreezing:
        printed["unfrozenV2"] = [
            _without_defaults(
                {
                    "type": u.resource if u.resource != BANDWIDTH else None,
                    "unfreeze_amount": u.amount,
                    "unfreeze_expire_time": u.expire_time,
                }
            )
            for u in account.unfreezing
        ]
    return printed


def _without_defaults(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value}


def get_account_net(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    account = devnet.account(_address(params, "address"))
    if account is None:
        return {}
    return _net_json(devnet, account)


def _net_json(devnet: TronDevnet, account: Account) -> dict[str, Any]:
    return _without_defaults(
        {
            "freeNetUsed": account.free_net_used,
            "freeNetLimit": devnet.parameters.free_net_limit,
            "NetUsed": account.bandwidth.used,
            "NetLimit": account.bandwidth.limit,
            "TotalNetLimit": devnet.total_limit(BANDWIDTH),
            "TotalNetWeight": devnet.total_weight(BANDWIDTH),
        }
    )


def get_account_resource(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    """Bandwidth and energy: EnergyLimit is the account's share, TotalEnergyLimit * frozen / TotalEnergyWeight."""
    account = devnet.account(_address(params, "address"))
    if account is None:
        return {}
    return _net_json(devnet, account) | _without_defaults(
        {
            "EnergyUsed": account.energy.used,
            "EnergyLimit": account.energy.limit,
            "TotalEnergyLimit": devnet.total_limit(ENERGY),
            "TotalEnergyWeight": devnet.total_weight(ENERGY),
        }
    )


def get_chain_parameters(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    return {"chainParameter": devnet.parameters.as_tron()}


def get_sign_weight(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    """tronpy asks this for a new transaction's txID, and for the keys allowed to sign it."""
    visible = _visible(params)
    transaction = _transaction(params)
    answer: dict[str, Any] = {
        "transaction": {
            "result": {"result": True},
            "txid": transaction_id(transaction.raw_data).hex(),
            "transaction": transaction_json(transaction, visible),
        }
    }
    _, contract = contract_of(transaction.raw_data)
    if devnet.account(contract.owner_address) is not None:
        answer["permission"] = _owner_permission(contract.owner_address, visible)
    return answer


def broadcast_transaction(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    visible = _visible(params)
    try:
        transaction = _transaction(params)
    except UnsupportedContract as exc:
        return _rejection(ResponseCode.CONTRACT_VALIDATE_ERROR, str(exc), visible)
    return _broadcast(devnet, transaction, visible)


def broadcast_hex(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    transaction = parse_transaction_bytes(_hex(params, "transaction"))
    answer = _broadcast(devnet, transaction, visible=False)
    answer["transaction"] = json.dumps(transaction_json(transaction, visible=False))
    return answer


def _broadcast(devnet: TronDevnet, transaction: Message, visible: bool) -> dict[str, Any]:
    try:
        txid = devnet.broadcast(transaction)
    except TransactionRejected as exc:
        return _rejection(exc.code, exc.message, visible, transaction_id(transaction.raw_data))
    return {"result": True, "txid": txid.hex()}


def create_transaction(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    contract = TransferContract(
        owner_address=_address(params, "owner_address"),
        to_address=_address(params, "to_address"),
        amount=_int(params, "amount"),
    )
    return transaction_json(devnet.build("TransferContract", contract), _visible(params))


def _resource_code(params: Params) -> int:
    """`resource` by name (java-tron's default is BANDWIDTH) or by number."""
    value = params.get("resource", BANDWIDTH)
    for code, name in STAKE_RESOURCES.items():
        if str(value).upper() == name or str(value) == str(code):
            return code
    raise BadRequest(f"resource must be one of {', '.join(STAKE_RESOURCES.values())}, got {value!r}")


def freeze_balance_v2(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    contract = FreezeBalanceV2Contract(
        owner_address=_address(params, "owner_address"),
        frozen_balance=_int(params, "frozen_balance"),
        resource=_resource_code(params),
    )
    return transaction_json(devnet.build("FreezeBalanceV2Contract", contract), _visible(params))


def unfreeze_balance_v2(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    contract = UnfreezeBalanceV2Contract(
        owner_address=_address(params, "owner_address"),
        unfreeze_balance=_int(params, "unfreeze_balance"),
        resource=_resource_code(params),
    )
    return transaction_json(devnet.build("UnfreezeBalanceV2Contract", contract), _visible(params))


def withdraw_expire_unfreeze(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    contract = WithdrawExpireUnfreezeContract(owner_address=_address(params, "owner_address"))
    return transaction_json(devnet.build("WithdrawExpireUnfreezeContract", contract), _visible(params))


def trigger_smart_contract(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    visible = _visible(params)
    contract = TriggerSmartContract(
        owner_address=_address(params, "owner_address"),
        contract_address=_address(params, "contract_address"),
        data=_call_data(params),
        call_value=_int(params, "call_value"),
    )
    try:
        transaction = devnet.build("TriggerSmartContract", contract, _int(params, "fee_limit"))
    except TransactionRejected as exc:
        return {"result": _rejection(exc.code, exc.message, visible)}
    return {"result": {"result": True}, "transaction": transaction_json(transaction, visible)}


def _constant_call(devnet: TronDevnet, params: Params) -> Execution:
    return devnet.constant_call(
        _address(params, "owner_address", ZERO_ADDRESS),
        _address(params, "contract_address"),
        _call_data(params),
        _int(params, "call_value"),
    )


def trigger_constant_contract(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    visible = _visible(params)
    try:
        execution = _constant_call(devnet, params)
    except TransactionRejected as exc:
        return {"result": _rejection(exc.code, exc.message, visible)}
    result: dict[str, Any] = {"result": True}
    if not execution.succeeded:
        # java-tron reports a failed read as a successful request whose result carries the VM's message.
        result["message"] = _text_out(execution.error, visible)
    return {
        "result": result,
        "energy_used": execution.energy_used,
        "constant_result": [execution.output.hex()],
    }


def estimate_energy(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    visible = _visible(params)
    try:
        execution = _constant_call(devnet, params)
    except TransactionRejected as exc:
        return {"result": _rejection(exc.code, exc.message, visible)}
    if not execution.succeeded:
        return {"result": _rejection("CONTRACT_EXE_ERROR", execution.error, visible)}
    return {"result": {"result": True}, "energy_required": execution.energy_used}


def deploy_contract(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    visible = _visible(params)
    owner = _address(params, "owner_address")
    abi = params.get("abi") or []
    if isinstance(abi, str):
        try:
            abi = json.loads(abi)
        except ValueError as exc:
            raise BadRequest("abi must be a JSON list of ABI entries") from exc
    entries = abi.get("entrys", []) if isinstance(abi, dict) else abi
    new_contract = from_json(SmartContract, {"abi": {"entrys": entries}, "name": params.get("name") or ""})
    new_contract.origin_address = owner
    new_contract.bytecode = _hex(params, "bytecode") + _hex(params, "parameter")
    new_contract.call_value = _int(params, "call_value")
    new_contract.consume_user_resource_percent = _int(params, "consume_user_resource_percent", 100)
    new_contract.origin_energy_limit = _int(params, "origin_energy_limit", DEFAULT_ORIGIN_ENERGY_LIMIT)
    contract = CreateSmartContract(owner_address=owner, new_contract=new_contract)
    transaction = devnet.build("CreateSmartContract", contract, _int(params, "fee_limit"))
    printed = transaction_json(transaction, visible)
    printed["contract_address"] = contract_address(transaction_id(transaction.raw_data), owner).hex()
    return printed


def get_transaction_by_id(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    """Pending transactions too, as a full node answers; the solidity API's version waits for a block."""
    transaction = devnet.transaction(_hex(params, "value"))
    return transaction_json(transaction, _visible(params)) if transaction else {}


def get_solid_transaction_by_id(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    transaction = devnet.transaction(_hex(params, "value"), solidified=True)
    return transaction_json(transaction, _visible(params)) if transaction else {}


def get_transaction_info_by_id(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    info = devnet.transaction_info(_hex(params, "value"))
    return _info_json(info, _visible(params)) if info else {}


def get_transaction_info_by_block_num(devnet: TronDevnet, params: Params) -> list[dict[str, Any]]:
    infos = devnet.block_transaction_infos(_int(params, "num"))
    return [_info_json(info, _visible(params)) for info in infos]


def get_contract(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    contract = devnet.smart_contract(_address(params, "value"))
    return to_json(contract, _visible(params)) if contract else {}


def get_contract_info(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    address = _address(params, "value")
    contract = devnet.smart_contract(address)
    if contract is None:
        return {}
    return {
        "smart_contract": to_json(contract, _visible(params)),
        "runtimecode": devnet.runtime_code(address).hex(),
    }


WALLET: dict[str, Handler] = {
    "getnodeinfo": get_node_info,
    "getnowblock": get_now_block,
    "getblockbynum": get_block_by_num,
    "getblockbyid": get_block_by_id,
    "getblock": get_block,
    "getaccount": get_account,
    "getaccountnet": get_account_net,
    "getaccountresource": get_account_resource,
    "getchainparameters": get_chain_parameters,
    "getsignweight": get_sign_weight,
    "broadcasttransaction": broadcast_transaction,
    "broadcasthex": broadcast_hex,
    "createtransaction": create_transaction,
    "freezebalancev2": freeze_balance_v2,
    "unfreezebalancev2": unfreeze_balance_v2,
    "withdrawexpireunfreeze": withdraw_expire_unfreeze,
    "triggersmartcontract": trigger_smart_contract,
    "triggerconstantcontract": trigger_constant_contract,
    "estimateenergy": estimate_energy,
    "deploycontract": deploy_contract,
    "gettransactionbyid": get_transaction_by_id,
    "gettransactioninfobyid": get_transaction_info_by_id,
    "gettransactioninfobyblocknum": get_transaction_info_by_block_num,
    "getcontract": get_contract,
    "getcontractinfo": get_contract_info,
}
# The solidity node's read API; with a single producer every block is already solid.
WALLET_SOLIDITY: dict[str, Handler] = {
    **{
        name: WALLET[name]
        for name in (
            "getnowblock",
            "getblockbynum",
            "getblockbyid",
            "getblock",
            "getaccount",
            "gettransactioninfobyid",
            "gettransactioninfobyblocknum",
            "triggerconstantcontract",
        )
    },
    "gettransactionbyid": get_solid_transaction_by_id,
}


# --- /devnet handlers -----------------------------------------------------------------------------


def mine(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    """Seal `blocks` blocks now (default 1), whatever the block interval."""
    count = _int(params, "blocks", 1)
    if not 1 <= count <= 1000:
        raise BadRequest("blocks must be between 1 and 1000")
    head = devnet.mine(count)
    return {"number": head.number, "blockID": head.id.hex()}


def info(devnet: TronDevnet, params: Params) -> dict[str, Any]:
    return {
        "genesis_address": to_base58(devnet.genesis_address),
        "witness_address": to_base58(devnet.witness_address),
        "chain_id": devnet.chain_id,
        "block_interval": devnet.block_interval,
        "head": devnet.head().number,
    }


def _endpoint(devnet: TronDevnet, handler: Handler) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> JSONResponse:
        params: Params = dict(request.query_params)
        body = await request.body()
        try:
            if body.strip():
                loaded = json.loads(body)
                if not isinstance(loaded, dict):
                    raise BadRequest("the request body must be a JSON object")
                params.update(loaded)
            answer = await run_in_threadpool(handler, devnet, params)
        except (BadRequest, EncodingError) as exc:
            answer = {"Error": f"{type(exc).__name__} : {exc}"}
        except TransactionRejected as exc:
            answer = {"Error": f"{exc.code} : {exc.message}"}
        return JSONResponse(answer)

    return endpoint


def create_app(devnet: TronDevnet) -> Starlette:
    """The ASGI app serving `devnet`; starting and stopping the devnet is the caller's business."""
    methods = ["GET", "POST"]
    routes = [Route(f"/wallet/{name}", _endpoint(devnet, h), methods=methods) for name, h in WALLET.items()]
    for name, handler in WALLET_SOLIDITY.items():
        routes.append(Route(f"/walletsolidity/{name}", _endpoint(devnet, handler), methods=methods))
    routes.append(Route("/devnet/mine", _endpoint(devnet, mine), methods=["POST"]))
    routes.append(Route("/devnet/info", _endpoint(devnet, info), methods=methods))
    return Starlette(routes=routes)
