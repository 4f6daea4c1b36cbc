"""`ChainClient` over JSON-RPC with web3.py, for anvil and any EVM network (Sepolia, Amoy, BSC testnet...)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests
from eth_account import Account
from web3 import Web3
from web3.exceptions import BlockNotFound, ContractLogicError, TransactionNotFound, Web3RPCError
from web3.types import RPCEndpoint, TxParams

from chain.client import FeeQuote, Receipt, SignedTx, UnsignedTx
from chain.errors import CallReverted, ChainError, ChainUnavailable, InvalidAddress, NonceTooLow
from chain.packed_mint import mint_packed_data

RPC_TIMEOUT_S = 10
to_checksum_address = Web3.to_checksum_address
_ALREADY_KNOWN = ("already known", "already imported", "known transaction")
# The token functions payouts use; chain/ stays independent of contracts/ (a test checks they match its ABI).
TOKEN_ABI: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": "balanceOf",
        "stateMutability": "view",
        "inputs": [{"name": "account", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    },
    {
        "type": "function",
        "name": "mintBatch",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "to", "type": "address[]"}, {"name": "amounts", "type": "uint256[]"}],
        "outputs": [],
    },
    {
        "type": "function",
        "name": "mintPacked",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "packed", "type": "uint256[]"}],
        "outputs": [],
    },
]


@contextmanager
def _rpc(what: str) -> Iterator[None]:
    """Turns transport failures into ChainUnavailable, so callers see one retriable error whatever the node did."""
    try:
        yield
    except (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError) as exc:
        raise ChainUnavailable(f"{what}: the EVM node did not answer ({type(exc).__name__})") from exc


def _address_bytes(address: str) -> bytes:
    try:
        raw = bytes.fromhex(address.removeprefix("0x"))
    except ValueError as exc:
        raise InvalidAddress(f"{address!r} is not an EVM address") from exc
    if len(raw) != 20:
        raise InvalidAddress(f"{address!r} is not an EVM address")
    return raw


class EvmClient:
    name = "evm"
    replaceable = True  # a same-nonce transaction with higher fees replaces a pending one

    def __init__(self, rpc_url: str, *, chain_id: int | None = None) -> None:
        self.rpc_url = rpc_url
        self.w3 = Web3(Web3.HTTPProvider(rpc_url, request_kwargs={"timeout": RPC_TIMEOUT_S}))
        self._chain_id = chain_id

    def chain_id(self) -> int:
        if self._chain_id is None:
            with _rpc("eth_chainId"):
                self._chain_id = int(self.w3.eth.chain_id)
        return self._chain_id

    def check_address(self, address: str) -> str:
        if not Web3.is_address(address):
            raise InvalidAddress(f"{address!r} is not an EVM address", field="to_address")
        if address != address.lower() and not Web3.is_checksum_address(address):
            raise InvalidAddress(f"{address!r} fails its EIP-55 checksum (a typo?)", field="to_address")
        return str(to_checksum_address(address))

    def address_of(self, private_key: bytes) -> str:
        return str(Account.from_key(private_key).address)

    def head(self) -> int:
        with _rpc("eth_blockNumber"):
            return int(self.w3.eth.block_number)

    def block_hash(self, number: int) -> str | None:
        with _rpc("eth_getBlockByNumber"):
            try:
                block = self.w3.eth.get_block(number)
            except BlockNotFound:
                return None
        return Web3.to_hex(block["hash"])

    def fee_quote(self) -> FeeQuote:
        with _rpc("fee quote"):
            base_fee = int(self.w3.eth.get_block("latest").get("baseFeePerGas", 0))
            return FeeQuote(base_fee=base_fee, priority_fee=int(self.w3.eth.max_priority_fee))

    def block_gas_limit(self) -> int:
        """Gas one block may hold: a transaction's gas limit (estimate and headroom) must stay under it."""
        with _rpc("eth_getBlockByNumber"):
            return int(self.w3.eth.get_block("latest")["gasLimit"])

    def account_nonce(self, address: str) -> int:
        with _rpc("eth_getTransactionCount"):
            return int(self.w3.eth.get_transaction_count(to_checksum_address(address), "pending"))

    def mint_packed_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        # Not checksummed again (a keccak each, a millisecond for every recipient): payouts hold checked addresses.
        return mint_packed_data([_address_bytes(r) for r in recipients], amounts)

    def estimate_gas(self, sender: str, to: str, data: bytes) -> int:
        params: TxParams = {"from": to_checksum_address(sender), "to": to_checksum_address(to), "data": data}
        with _rpc("eth_estimateGas"):
            try:
                return int(self.w3.eth.estimate_gas(params))
            except ContractLogicError as exc:
                raise CallReverted(f"the call would revert: {exc.message or exc.data}") from exc
            except Web3RPCError as exc:
                if "revert" in str(exc).lower():
                    raise CallReverted(f"the call would revert: {exc}") from exc
                raise ChainError(f"gas estimation failed: {exc}") from exc

    def sign(self, private_key: bytes, tx: UnsignedTx) -> SignedTx:
        fields: dict[str, Any] = {
            "type": 2,
            "chainId": self.chain_id(),
            "nonce": tx.nonce,
            "to": to_checksum_address(tx.to),
            "data": tx.data,
            "value": 0,
            "gas": tx.gas_limit,
            "maxFeePerGas": tx.fees.max_fee,
            "maxPriorityFeePerGas": tx.fees.max_priority_fee,
        }
        signed = Account.sign_transaction(fields, private_key)
        return SignedTx(raw=bytes(signed.raw_transaction), tx_hash=Web3.to_hex(signed.hash))

    def send_raw(self, raw: bytes) -> None:
        with _rpc("eth_sendRawTransaction"):
            try:
                self.w3.eth.send_raw_transaction(raw)
            except Web3RPCError as exc:
                message = str(exc).lower()
                if any(known in message for known in _ALREADY_KNOWN):
                    return
                if "nonce too low" in message:
                    raise NonceTooLow(str(exc)) from exc
                raise ChainError(f"the node refused the transaction: {exc}") from exc

    def is_pending_or_mined(self, tx_hash: str) -> bool:
        with _rpc("eth_getTransactionByHash"):
            try:
                self.w3.eth.get_transaction(tx_hash)  # type: ignore[arg-type]
            except TransactionNotFound:
                return False
        return True

    def receipt(self, tx_hash: str) -> Receipt | None:
        """Read raw rather than through web3's formatters, which decode every log: a mint to 1,000 recipients has
        1,000 Transfer logs, and formatting them took about a second of CPU per receipt."""
        with _rpc("eth_getTransactionReceipt"):
            answer = self.w3.provider.make_request(RPCEndpoint("eth_getTransactionReceipt"), [tx_hash])
        if "error" in answer:
            raise ChainError(f"eth_getTransactionReceipt: {answer['error']}")
        found = answer.get("result")
        if found is None or found.get("blockHash") is None:
            return None
        return Receipt(
            tx_hash=tx_hash,
            succeeded=int(found["status"], 16) == 1,
            block_number=int(found["blockNumber"], 16),
            block_hash=str(found["blockHash"]),
            gas_used=int(found["gasUsed"], 16),
        )

    def native_balance(self, address: str) -> int:
        """The account's coins in wei (what the minter pays gas with)."""
        with _rpc("eth_getBalance"):
            return int(self.w3.eth.get_balance(to_checksum_address(address)))

    def call(self, to: str, data: bytes) -> bytes:
        with _rpc("eth_call"):
            return bytes(self.w3.eth.call({"to": to_checksum_address(to), "data": data}))

    def token_balance(self, token: str, holder: str) -> int:
        contract = self.w3.eth.contract(address=to_checksum_address(token), abi=TOKEN_ABI)
        with _rpc("balanceOf"):
            return int(contract.functions.balanceOf(to_checksum_address(holder)).call())

    def mint_batch_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        contract = self.w3.eth.contract(address=to_checksum_address(token), abi=TOKEN_ABI)
        checksummed = [to_checksum_address(r) for r in recipients]
        return bytes.fromhex(contract.encode_abi("mintBatch", args=[checksummed, amounts])[2:])
