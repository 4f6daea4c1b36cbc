"""The `ChainClient` protocol: the little the payout pipeline needs from a chain, whatever the chain is.

Implementations: `chain.evm.EvmClient` (web3.py). Signing happens locally, so a signed transaction is data that
can be stored before it is sent and sent again at any time.
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


class ChainClient(Protocol):
    name: str

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
        """How many transactions of `address` are mined: the next nonce the chain will accept."""
        ...

    def estimate_gas(self, sender: str, to: str, data: bytes) -> int:
        """Raises CallReverted when the call would fail."""
        ...

    def sign(self, private_key: bytes, tx: UnsignedTx) -> SignedTx: ...

    def send_raw(self, raw: bytes) -> None:
        """Send signed bytes; sending bytes the node already knows is not an error. Raises NonceTooLow."""
        ...

    def is_pending_or_mined(self, tx_hash: str) -> bool: ...

    def receipt(self, tx_hash: str) -> Receipt | None: ...

    def token_balance(self, token: str, holder: str) -> int: ...

    def mint_batch_call(self, token: str, recipients: list[str], amounts: list[int]) -> bytes:
        """Call data of `mintBatch(recipients, amounts)` on the reward token."""
        ...
