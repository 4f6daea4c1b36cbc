"""EIP-1559 fee choice: a first offer, and the bump that replaces a stuck transaction — both under a cap."""

from dataclasses import dataclass

from chain.client import FeeQuote, Fees
from chain.errors import FeesAboveCap

GWEI = 10**9


@dataclass(frozen=True)
class FeeCap:
    max_fee: int
    max_priority_fee: int

    @classmethod
    def from_gwei(cls, max_fee: float, max_priority_fee: float) -> "FeeCap":
        return cls(max_fee=int(max_fee * GWEI), max_priority_fee=int(max_priority_fee * GWEI))


def initial_fees(quote: FeeQuote, cap: FeeCap) -> Fees:
    """Room for the base fee to double while the transaction waits, a tip as asked; neither above the cap."""
    tip = min(quote.priority_fee, cap.max_priority_fee)
    if quote.base_fee + tip > cap.max_fee:
        raise FeesAboveCap(f"base fee {quote.base_fee} wei plus tip exceeds the cap of {cap.max_fee} wei")
    return Fees(max_fee=min(2 * quote.base_fee + tip, cap.max_fee), max_priority_fee=tip)


def _bump(value: int) -> int:
    # Nodes accept a replacement only if both fee fields rise by at least 10%; 12.5% clears that with room.
    return value + value // 8 + 1


def replacement_fees(previous: Fees, quote: FeeQuote, cap: FeeCap) -> Fees | None:
    """Fees for a same-nonce replacement, or None when the cap leaves no room for a bump the node would accept."""
    tip = max(_bump(previous.max_priority_fee), min(quote.priority_fee, cap.max_priority_fee))
    max_fee = min(max(_bump(previous.max_fee), 2 * quote.base_fee + tip), cap.max_fee)
    if tip > cap.max_priority_fee or max_fee < _bump(previous.max_fee) or max_fee < tip:
        return None
    return Fees(max_fee=max_fee, max_priority_fee=tip)


def outpriced(offered: Fees, quote: FeeQuote, cap: FeeCap) -> bool:
    """Whether a first offer at this quote would be dearer than `offered`: the base fee outgrew a signed version."""
    tip = min(quote.priority_fee, cap.max_priority_fee)
    return offered.max_fee < min(2 * quote.base_fee + tip, cap.max_fee)
