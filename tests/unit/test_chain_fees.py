"""EIP-1559 fee choice and same-nonce replacement fees, always under the cap."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chain.client import FeeQuote, Fees
from chain.errors import FeesAboveCap
from chain.fees import GWEI, FeeCap, initial_fees, replacement_fees

CAP = FeeCap(max_fee=100 * GWEI, max_priority_fee=3 * GWEI)


def test_first_offer_leaves_room_for_the_base_fee_to_double() -> None:
    assert initial_fees(FeeQuote(base_fee=10 * GWEI, priority_fee=GWEI), CAP) == Fees(21 * GWEI, GWEI)


def test_first_offer_never_exceeds_the_cap() -> None:
    fees = initial_fees(FeeQuote(base_fee=60 * GWEI, priority_fee=50 * GWEI), CAP)
    assert fees == Fees(max_fee=100 * GWEI, max_priority_fee=3 * GWEI)


def test_base_fee_above_the_cap_waits_instead_of_overpaying() -> None:
    with pytest.raises(FeesAboveCap):
        initial_fees(FeeQuote(base_fee=99 * GWEI, priority_fee=2 * GWEI), CAP)


def test_replacement_raises_both_fees_by_more_than_ten_percent() -> None:
    previous = Fees(max_fee=20 * GWEI, max_priority_fee=GWEI)
    bumped = replacement_fees(previous, FeeQuote(base_fee=GWEI, priority_fee=GWEI), CAP)
    assert bumped is not None
    assert bumped.max_fee * 10 > previous.max_fee * 11
    assert bumped.max_priority_fee * 10 > previous.max_priority_fee * 11


def test_replacement_follows_a_rising_base_fee() -> None:
    bumped = replacement_fees(Fees(4 * GWEI, GWEI), FeeQuote(base_fee=30 * GWEI, priority_fee=GWEI), CAP)
    assert bumped is not None and bumped.max_fee >= 60 * GWEI


def test_no_replacement_when_the_cap_leaves_no_room() -> None:
    assert replacement_fees(Fees(95 * GWEI, GWEI), FeeQuote(base_fee=GWEI, priority_fee=GWEI), CAP) is None


@given(
    base=st.integers(0, 200 * GWEI),
    tip=st.integers(0, 10 * GWEI),
    prev_max=st.integers(1, 150 * GWEI),
    prev_tip=st.integers(0, 5 * GWEI),
)
def test_replacement_is_capped_and_accepted_by_nodes_or_absent(
    base: int, tip: int, prev_max: int, prev_tip: int
) -> None:
    previous = Fees(max_fee=prev_max, max_priority_fee=min(prev_tip, prev_max))
    bumped = replacement_fees(previous, FeeQuote(base_fee=base, priority_fee=tip), CAP)
    if bumped is not None:
        assert bumped.max_fee <= CAP.max_fee and bumped.max_priority_fee <= CAP.max_priority_fee
        assert bumped.max_priority_fee <= bumped.max_fee
        assert bumped.max_fee * 10 >= previous.max_fee * 11
        assert bumped.max_priority_fee * 10 >= previous.max_priority_fee * 11
