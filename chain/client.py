"""The `ChainClient` protocol: the little the payout pipeline needs from a chain, whatever the chain is.

Implementations: `chain.evm.EvmClient` (web3.py) and `chain.tron.TronClient` (tronpy). Signing happens locally, so a
signed transaction is data that can be stored before it is sent and sent again at any time.

Where the chains differ, the protocol says it in their common words: a "nonce" is the slot that the versions of one
intent share (the chain's own nonce on EVM; Laurel's sequence on Tron, which has none), and `replaceable` says
whether a pending transaction may be outbid by a same-nonce version with higher fees. Without that (Tron), a
version is replaced only once the chain refused it as expired (`TransactionExpired`), when it can no longer land.
"""

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class FeeQuote:
    """What the network asks right now, in the chain's smallest coin unit per gas."""

    base_fee: int
    priority_fee: int


@dataclass(frozen=True)
class Fees:
    max_fee: int
    max_priority_fee: int


@dataclass(frozen=True)
class UnsignedTx:
    sender: str
    to: str
    data: bytes
    nonce: int
    gas_limit: int
    fees: Fees


@dataclass(frozen=True)
class SignedTx:
    raw: bytes
    tx_hash: str


@dataclass(frozen=True)
class Receipt:
    tx_hash: str
    succeeded: bool
    block_number: int
    block_hash: str
    gas_used: int
    error: str | None = None
    """The node's own words for a failed transaction, when it gives any."""


class ChainClient(Protocol):
    name: str
    replaceable: bool

    def chain_id(self) -> int: ...

    def check_address(self, address: str) -> str:
        """The address in canonical form; raises InvalidAddress for a malformed or mis-checksummed one."""
        ...

    def address_of(self, private_key: bytes) -> str: ...

    def head(self) -> int:
        """The latest block number."""
        ...

    def block_hash(self, number: int) -> str | None: ...

    def fee_quote(self) -> FeeQuote: ...

    def account_nonce(self, address: str) -> int:
        """How many transactions of `address` the node knows, mined or waiting in its mempool: the next free nonce.
        Counting the mempool matters when the key also signs outside Laurel (a grant from the treasury key): a
        mined-only count would hand out the nonce of that pending transaction again."""
        ...

    def estimate_gas(self, sender: str, to: str, data: bytes) -> int:
        """Gas (EVM) or energy (Tron) the call needs. Raises CallReverted when the call would fail."""
        ...

    def sign(self, private_key: bytes, tx: UnsignedTx) -> SignedTx: ...

    def send_raw(self, raw: bytes) -> None:
        """Send signed bytes; sending bytes the node already knows is not an error. Raises NonceTooLow, or
        TransactionExpired when the bytes outlived their validity window and can never be included."""
        ...

    def is_pending_or_mined(self, tx_hash: str) -> bool: ...

    def receipt(self, tx_hash: str) -> Receipt | None: ...

    def token_balance(self, token: str, holder: str) -> int: ...

    def call(self, to: str, data: bytes) -> bytes:
        """The return data of a read-only call of contract `to` (e.g. BalanceAnchor's `roots(epoch)`)."""
        ...

    def mint_batch_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        """Call data of `mintBatch(recipients, amounts)` on the reward token."""
        ...

    def mint_packed_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        """Call data of `mintPacked` on the reward token (chain/packed_mint.py); every amount below 2**96."""
        ...
