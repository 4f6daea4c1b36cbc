"""`ChainClient` for Tron over the node HTTP API with tronpy: Laurel's devnet, or Nile and Shasta through TronGrid.

How Tron fits the pipeline of chain/transactions.py:
- No nonces. `account_nonce` is always 0, so a sender's sequence is Laurel's own: it only names the slot that the
  versions of one intent share, and orders them.
- Signed bytes are valid until their `expiration` (at most a day ahead; `expiration_s` here). Re-sending them is
  safe: a node that knows them answers DUP_TRANSACTION_ERROR, taken as "already sent". Once the chain is past their
  expiration they can never be included, so `send_raw` raises `TransactionExpired` and the pipeline signs the
  intent again. That is the only way a Tron transaction is replaced: never while the old version could still land.
- No fee market: energy has one price (`getEnergyFee`), so nothing is re-priced (`replaceable` is False).
  `fee_limit` caps what one transaction may spend on energy: the estimate with headroom, never above the setting.
- Final means solidified: `head` is the latest solid block and receipts come from the solidity API.
- Energy: TRX staked for ENERGY (Stake 2.0, `stake`) gives the minter a daily allowance that calls use before any
  TRX is burned. The fee limit still caps a call's whole energy at the fixed price, staked or not, as java-tron does,
  so it bounds the batch size either way.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
from eth_abi.abi import decode as abi_decode
from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak
from google.protobuf.any_pb2 import Any as AnyMessage
from tronpy import Tron, keys
from tronpy import exceptions as tronpy_errors
from tronpy.keys import PrivateKey
from tronpy.proto import tron_pb2
from tronpy.providers import HTTPProvider

from chain.client import FeeQuote, Receipt, SignedTx, UnsignedTx
from chain.errors import (
    CallReverted,
    ChainError,
    ChainUnavailable,
    FeeLimitExceeded,
    InvalidAddress,
    TransactionExpired,
)
from chain.packed_mint import mint_packed_data

RPC_TIMEOUT_S = 10
SUN_PER_TRX = 1_000_000
STAKE_RECEIPT_TIMEOUT_S = 90
STAKE_RESOURCES = ("ENERGY", "BANDWIDTH")
PARAMETERS_TTL_S = 60.0
_MINT_BATCH = keccak(text="mintBatch(address[],uint256[])")[:4]
# Measured on the devnet (RewardToken.mintBatch to new holders): about 27,000 energy a call plus 25,050 per recipient.
MINT_BATCH_BASE_ENERGY = 30_000
MINT_BATCH_ENERGY_PER_RECIPIENT = 25_500
REFERENCE_ENERGY_PRICE_SUN = 420
_BALANCE_OF = keccak(text="balanceOf(address)")[:4]


def tvm_address(address: str) -> bytes:
    """The 20 bytes a contract sees for a base58check `T…` address."""
    return bytes(keys.to_tvm_address(address))


def mint_batch_data(recipients: list[str], amounts: list[int]) -> bytes:
    """Call data of `mintBatch(address[], uint256[])`, with Tron addresses as the TVM sees them."""
    encoded = abi_encode(["address[]", "uint256[]"], [[tvm_address(r) for r in recipients], amounts])
    return _MINT_BATCH + encoded


def mint_batch_size(fee_limit_sun: int, energy_price_sun: int = REFERENCE_ENERGY_PRICE_SUN) -> int:
    """The most recipients one mintBatch may carry so that its energy, at `energy_price_sun`, stays 15% under the fee
    limit (which caps a call's energy whether it is staked or burned): 78 at 1,000 TRX and 420 sun per energy."""
    energy = fee_limit_sun // energy_price_sun - MINT_BATCH_BASE_ENERGY
    return max(1, energy // MINT_BATCH_ENERGY_PER_RECIPIENT * 85 // 100)


def node_message(answer: dict[str, Any]) -> str:
    """java-tron's refusal text: `message` is hex-encoded unless the request asked for `visible`."""
    message = str(answer.get("message", "") or answer.get("Error", ""))
    try:
        return bytes.fromhex(message).decode("utf-8", "replace")
    except ValueError:
        return message


def sign_transaction(private_key: bytes, raw: tron_pb2.Transaction.raw) -> SignedTx:
    """txID = sha256(raw_data); the owner signs it (65 bytes, recovery id 0 or 1)."""
    txid = hashlib.sha256(raw.SerializeToString()).digest()
    signature = PrivateKey(private_key).sign_msg_hash(txid)
    signed = tron_pb2.Transaction(raw_data=raw, signature=[signature.to_bytes()])
    return SignedTx(raw=signed.SerializeToString(), tx_hash=txid.hex())


def trigger_raw(
    owner: str, contract: str, data: bytes, *, ref_block_id: str, now_ms: int, expiration_ms: int, fee_limit: int
) -> tron_pb2.Transaction.raw:
    """An unsigned TriggerSmartContract referring to block `ref_block_id` (TAPOS: ID bytes 6-8 and 8-16)."""
    call = tron_pb2.TriggerSmartContract(
        owner_address=keys.to_raw_address(owner), contract_address=keys.to_raw_address(contract), data=data
    )
    parameter = AnyMessage(type_url="type.googleapis.com/protocol.TriggerSmartContract", value=call.SerializeToString())
    block_id = bytes.fromhex(ref_block_id)
    return tron_pb2.Transaction.raw(
        ref_block_bytes=block_id[6:8],
        ref_block_hash=block_id[8:16],
        expiration=now_ms + expiration_ms,
        timestamp=now_ms,
        fee_limit=fee_limit,
        contract=[
            tron_pb2.Transaction.Contract(
                type=tron_pb2.Transaction.Contract.ContractType.TriggerSmartContract, parameter=parameter
            )
        ],
    )


@dataclass(frozen=True)
class Resources:
    """What an account has to pay with: TRX (in sun) and energy (staked, left today)."""

    balance_sun: int
    energy_limit: int
    energy_used: int
    energy_staked_sun: int = 0
    """TRX frozen for energy (Stake 2.0), which gives `energy_limit` a day."""
    unfreezing_sun: int = 0
    """TRX unstaked and waiting out the unfreeze delay before it can be withdrawn."""

    @property
    def energy_left(self) -> int:
        return max(self.energy_limit - self.energy_used, 0)


@contextmanager
def _rpc(what: str) -> Iterator[None]:
    """Transport failures and HTTP errors (a node down, TronGrid rate-limiting) become one retriable error."""
    try:
        yield
    except (requests.ConnectionError, requests.Timeout, requests.HTTPError, ConnectionError, TimeoutError) as exc:
        raise ChainUnavailable(f"{what}: the Tron node did not answer ({type(exc).__name__})") from exc


class TronClient:
    name = "tron"
    replaceable = False

    def __init__(
        self,
        full_node_url: str,
        *,
        api_key: str | None = None,
        fee_limit: int = 1_000 * SUN_PER_TRX,
        expiration_s: float = 600.0,
    ) -> None:
        self.rpc_url = full_node_url
        self.fee_limit = fee_limit
        self.expiration_ms = int(expiration_s * 1000)
        self.provider = HTTPProvider(full_node_url, timeout=RPC_TIMEOUT_S, api_key=api_key)
        self._chain_id: int | None = None
        self._parameters: tuple[float, dict[str, int]] | None = None

    def _call(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        with _rpc(path):
            answer: dict[str, Any] = self.provider.make_request(path, params or {})
        return answer

    # --- identity and addresses ---------------------------------------------------------------

    def chain_id(self) -> int:
        """Tron's chain id: the last four bytes of the genesis block ID (what the TVM's CHAINID returns)."""
        if self._chain_id is None:
            genesis = self._call("wallet/getblockbynum", {"num": 0})
            if "blockID" not in genesis:
                raise ChainError(f"the node has no genesis block: {genesis}")
            self._chain_id = int(genesis["blockID"][-8:], 16)
        return self._chain_id

    def check_address(self, address: str) -> str:
        """A base58check `T…` address as given, or the hex form (41 and 20 bytes) in base58check."""
        try:
            if keys.is_base58check_address(address):
                return address
            if keys.is_hex_address(address) and address.startswith("41"):
                return str(keys.to_base58check_address(address))
        except ValueError:
            pass
        raise InvalidAddress(
            f"{address!r} is not a Tron address (base58check, starting with T, or hex starting with 41)",
            field="to_address",
        )

    def address_of(self, private_key: bytes) -> str:
        return str(PrivateKey(private_key).public_key.to_base58check_address())

    # --- blocks, fees, resources --------------------------------------------------------------

    def head(self) -> int:
        """The latest solidified block: on Tron, the blocks that are final."""
        block = self._call("walletsolidity/getnowblock")
        return int(block["block_header"]["raw_data"].get("number", 0))

    def block_hash(self, number: int) -> str | None:
        block = self._call("walletsolidity/getblockbynum", {"num": number})
        return str(block["blockID"]) if block.get("blockID") else None

    def chain_parameters(self) -> dict[str, int]:
        now = time.monotonic()
        if self._parameters is None or now - self._parameters[0] > PARAMETERS_TTL_S:
            listed = self._call("wallet/getchainparameters").get("chainParameter", [])
            self._parameters = (now, {p["key"]: int(p.get("value", 0)) for p in listed})
        return self._parameters[1]

    def energy_price(self) -> int:
        """Sun per unit of energy burned when no staked energy is left."""
        return self.chain_parameters().get("getEnergyFee", 420)

    def fee_quote(self) -> FeeQuote:
        return FeeQuote(base_fee=self.energy_price(), priority_fee=0)

    def account_nonce(self, address: str) -> int:
        return 0  # Tron has no nonces; see the module docstring

    def resources(self, address: str) -> Resources:
        account = self._call("wallet/getaccount", {"address": address, "visible": True})
        resource = self._call("wallet/getaccountresource", {"address": address, "visible": True})
        frozen = account.get("frozenV2", [])
        return Resources(
            balance_sun=int(account.get("balance", 0)),
            energy_limit=int(resource.get("EnergyLimit", 0)),
            energy_used=int(resource.get("EnergyUsed", 0)),
            energy_staked_sun=sum(int(f.get("amount", 0)) for f in frozen if f.get("type") == "ENERGY"),
            unfreezing_sun=sum(int(u.get("unfreeze_amount", 0)) for u in account.get("unfrozenV2", [])),
        )

    # --- staking (Stake 2.0) --------------------------------------------------------------------

    def stake(self, private_key: bytes, amount_sun: int, resource: str = "ENERGY") -> dict[str, Any]:
        """Freeze `amount_sun` of the key's TRX for ENERGY or BANDWIDTH and wait for the solidified receipt.
        An operator's step (like deploying), not part of the payout pipeline: it sends and waits in line."""
        return self._stake_step(private_key, "freeze", amount_sun, resource)

    def unstake(self, private_key: bytes, amount_sun: int, resource: str = "ENERGY") -> dict[str, Any]:
        """Unfreeze staked TRX: the resource goes at once, the TRX can be withdrawn after the network's delay."""
        return self._stake_step(private_key, "unfreeze", amount_sun, resource)

    def _stake_step(self, private_key: bytes, step: str, amount_sun: int, resource: str) -> dict[str, Any]:
        if resource not in STAKE_RESOURCES:
            raise ChainError(f"resource must be one of {', '.join(STAKE_RESOURCES)}, got {resource!r}")
        if amount_sun < SUN_PER_TRX:
            raise ChainError(f"Tron stakes whole TRX: at least 1 TRX ({SUN_PER_TRX} sun), got {amount_sun} sun")
        key = PrivateKey(private_key)
        owner = key.public_key.to_base58check_address()
        trx = Tron(self.provider).trx
        builder = (
            trx.freeze_balance(owner, amount_sun, resource)
            if step == "freeze"
            else trx.unfreeze_balance(owner, resource, unfreeze_balance=amount_sun)
        )
        with _rpc(f"{step} balance"):
            try:
                sent = builder.build().sign(key).broadcast()
                receipt: dict[str, Any] = sent.wait(timeout=STAKE_RECEIPT_TIMEOUT_S, solid=True)
            except (tronpy_errors.ValidationError, tronpy_errors.ApiError, tronpy_errors.UnknownError) as exc:
                raise ChainError(f"the node refused to {step} {amount_sun} sun for {resource}: {exc}") from exc
            except tronpy_errors.TransactionNotFound as exc:
                raise ChainUnavailable(f"no receipt within {STAKE_RECEIPT_TIMEOUT_S} s for the {step}") from exc
        return receipt

    # --- calls and transactions ---------------------------------------------------------------

    def _constant_call(self, sender: str, to: str, data: bytes) -> dict[str, Any]:
        answer = self._call(
            "wallet/triggerconstantcontract",
            {"owner_address": sender, "contract_address": to, "data": data.hex(), "visible": True},
        )
        result = answer.get("result", {})
        if "Error" in answer or not result.get("result", False):
            raise CallReverted(f"the call would fail: {node_message(result) or node_message(answer)}")
        # A call the VM refused is a successful request whose result carries the VM's message.
        if result.get("message"):
            raise CallReverted(f"the call would revert: {node_message(result)} ({_revert_reason(answer)})")
        return answer

    def estimate_gas(self, sender: str, to: str, data: bytes) -> int:
        """Energy the call needs. Raises CallReverted when it would fail, FeeLimitExceeded when it would cost more
        than the fee limit allows (a smaller batch or a higher LAUREL_TRON_FEE_LIMIT_SUN is the fix, not a retry)."""
        energy = int(self._constant_call(sender, to, data).get("energy_used", 0))
        cost = energy * self.energy_price()
        if cost > self.fee_limit:
            raise FeeLimitExceeded(
                f"the call needs about {energy} energy ({cost / SUN_PER_TRX:,.1f} TRX), above the fee limit of "
                f"{self.fee_limit / SUN_PER_TRX:,.1f} TRX"
            )
        return energy

    def sign(self, private_key: bytes, tx: UnsignedTx) -> SignedTx:
        """Build and sign a TriggerSmartContract on a recent solid block. `gas_limit` times `max_fee` (energy with
        headroom, times the price cap) is the fee limit, never above the configured one."""
        ref_block = self._call("walletsolidity/getnowblock")["blockID"]
        fee_limit = min(tx.gas_limit * tx.fees.max_fee, self.fee_limit)
        raw = trigger_raw(
            tx.sender,
            tx.to,
            tx.data,
            ref_block_id=ref_block,
            now_ms=int(time.time() * 1000),
            expiration_ms=self.expiration_ms,
            fee_limit=fee_limit,
        )
        return sign_transaction(private_key, raw)

    def send_raw(self, raw: bytes) -> None:
        answer = self._call("wallet/broadcasthex", {"transaction": raw.hex()})
        if answer.get("result") is True:
            return
        code = str(answer.get("code", ""))
        message = node_message(answer)
        if code == "DUP_TRANSACTION_ERROR":
            return  # the node already has these bytes
        if code == "TRANSACTION_EXPIRATION_ERROR":
            raise TransactionExpired(f"the node refused the transaction: {code}: {message}")
        if code in ("SERVER_BUSY", "NOT_ENOUGH_EFFECTIVE_CONNECTION", "NO_CONNECTION"):
            raise ChainUnavailable(f"the node cannot take transactions now: {code}: {message}")
        raise ChainError(f"the node refused the transaction: {code or 'error'}: {message}")

    def is_pending_or_mined(self, tx_hash: str) -> bool:
        return bool(self._call("wallet/gettransactionbyid", {"value": tx_hash}))

    def receipt(self, tx_hash: str) -> Receipt | None:
        """The receipt once the transaction is in a solidified block."""
        info = self._call("walletsolidity/gettransactioninfobyid", {"value": tx_hash})
        if not info or "blockNumber" not in info:
            return None
        number = int(info["blockNumber"])
        block_id = self.block_hash(number)
        if block_id is None:
            return None
        result = info.get("receipt", {}).get("result", "SUCCESS")
        succeeded = info.get("result") != "FAILED" and result == "SUCCESS"
        error = None
        if not succeeded:
            detail = node_message({"message": info.get("resMessage", "")}) or _revert_reason(info)
            error = f"{result}: {detail}" if detail else str(result)
        return Receipt(
            tx_hash=tx_hash,
            succeeded=succeeded,
            block_number=number,
            block_hash=block_id,
            gas_used=int(info.get("receipt", {}).get("energy_usage_total", 0)),
            error=error,
        )

    def token_balance(self, token: str, holder: str) -> int:
        data = _BALANCE_OF + abi_encode(["address"], [tvm_address(holder)])
        answer = self._constant_call(holder, token, data)
        (balance,) = abi_decode(["uint256"], bytes.fromhex(answer["constant_result"][0]))
        return int(balance)

    def mint_batch_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        return mint_batch_data(recipients, amounts)

    def mint_packed_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        return mint_packed_data([tvm_address(r) for r in recipients], amounts)

    def call(self, to: str, data: bytes) -> bytes:
        return bytes.fromhex(self._constant_call(to, to, data)["constant_result"][0])


def _revert_reason(answer: dict[str, Any]) -> str:
    """`Error(string)` from a revert's output, when there is one."""
    outputs = answer.get("constant_result") or answer.get("contractResult") or [""]
    output = bytes.fromhex(outputs[0] or "")
    if output[:4] == keccak(text="Error(string)")[:4]:
        (reason,) = abi_decode(["string"], output[4:])
        return str(reason)
    return output.hex() or "no reason given"
