"""Discount and cashback helpers: exact decimal arithmetic, half-even rounding, usable from CEL rules."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achievements.expressions import EvaluationError, bind, compile_expression
from achievements.pricing import cashback, discount, discount_band, fixed_discount
from core.errors import InvalidExpression

amounts = st.integers(min_value=-(10**12), max_value=10**12)
percents = st.integers(min_value=0, max_value=100) | st.decimals(
    min_value=0, max_value=100, places=2, allow_nan=False
).map(float)


def exact(amount: int, percent: float) -> Fraction:
    return Fraction(amount) * Fraction(Decimal(str(percent))) / 100


@pytest.mark.parametrize(
    ("amount", "percent", "points"),
    [(250, 5, 12), (270, 5, 14), (1070, 2.5, 27), (1050, 2.5, 26), (99, 1, 1), (49, 1, 0), (-250, 5, -12), (0, 7, 0)],
)
def test_cashback_rounds_half_to_even(amount: int, percent: float, points: int) -> None:
    assert cashback(amount, percent) == points


@given(amounts, percents)
def test_cashback_is_the_nearest_whole_point(amount: int, percent: float) -> None:
    value = exact(amount, percent)
    result = cashback(amount, percent)
    assert abs(result - value) <= Fraction(1, 2)
    if abs(result - value) == Fraction(1, 2):
        assert result % 2 == 0  # a tie goes to the even neighbour


@given(amounts, percents)
def test_refunds_mirror_purchases(amount: int, percent: float) -> None:
    assert cashback(-amount, percent) == -cashback(amount, percent)


@given(st.integers(min_value=0, max_value=10**12), percents)
def test_a_discount_never_exceeds_the_amount_and_grows_with_it(amount: int, percent: float) -> None:
    assert 0 <= discount(amount, percent) <= amount
    assert discount(amount + 1, percent) >= discount(amount, percent)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_a_fixed_discount_is_capped_by_the_amount(amount: int, off: int) -> None:
    assert fixed_discount(amount, off) == min(amount, off)


bands_strategy = st.dictionaries(st.integers(min_value=0, max_value=10**6), st.integers(0, 100), min_size=1)


@given(st.integers(min_value=0, max_value=2 * 10**6), bands_strategy)
def test_discount_band_takes_the_highest_band_reached(spend: int, bands: dict[int, int]) -> None:
    reached = [threshold for threshold in bands if threshold <= spend]
    assert discount_band(spend, bands) == (bands[max(reached)] if reached else 0)
    assert discount_band(spend, [[t, p] for t, p in bands.items()]) == discount_band(spend, bands)


@given(bands_strategy, st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_discount_band_never_falls_as_spend_grows_when_bands_rise(bands: dict[int, int], a: int, b: int) -> None:
    rising = dict(zip(sorted(bands), sorted(bands.values()), strict=True))
    low, high = sorted((a, b))
    assert discount_band(low, rising) <= discount_band(high, rising)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: cashback(100, 101), ValueError),
        (lambda: cashback(100, -1), ValueError),
        (lambda: cashback(True, 5), TypeError),
        (lambda: cashback("100", 5), TypeError),
        (lambda: fixed_discount(100, -5), ValueError),
        (lambda: discount_band(10, []), TypeError),
        (lambda: discount_band(10, [[1, 2, 3]]), TypeError),
        (lambda: discount_band(10, {0: 120}), ValueError),
        (lambda: cashback(float("inf"), 5), ValueError),
    ],
)
def test_bad_arguments_fail(call, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error):
        call()


def test_helpers_work_inside_cel_rules() -> None:
    context = bind({"event": {"amount": 1070, "spend": 12_000}, "member": {}})
    rule = compile_expression("cashback(event.amount, 2.5)", field="points", expected=int)
    assert rule.evaluate_int(context) == 27
    accumulative = compile_expression(
        "discount(event.amount, discount_band(event.spend, {0: 0, 10000: 3, 50000: 5}))", field="points", expected=int
    )
    assert accumulative.evaluate_int(context) == 32  # 3% of 1070 = 32.1
    assert (
        compile_expression("fixed_discount(event.amount, 5000)", field="points", expected=int).evaluate_int(context)
        == 1070
    )
    plain = compile_expression("event.amount / 10", field="points", expected=int)
    assert plain.evaluate_int(context) == 107 and not plain.calls_helpers


def test_helper_misuse_is_refused_when_saved_or_skipped_when_evaluated() -> None:
    with pytest.raises(InvalidExpression, match="percent must be between 0 and 100"):
        compile_expression("cashback(100, 150)", field="points", expected=int)
    with pytest.raises(InvalidExpression):
        compile_expression("cashback(100)", field="points", expected=int)
    rule = compile_expression("cashback(event.amount, event.rate)", field="points", expected=int)
    with pytest.raises(EvaluationError):
        rule.evaluate_int(bind({"event": {"amount": 100, "rate": 300}, "member": {}}))
