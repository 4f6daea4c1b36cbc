"""CEL expressions: checked when saved, evaluated with limits, never with eval."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from achievements.expressions import MAX_POINTS, EvaluationError, compile_expression
from core.errors import InvalidExpression


def points(source: str):  # type: ignore[no-untyped-def]
    return compile_expression(source, field="points", expected=int)


def test_cashback_expression_computes_integer_points() -> None:
    assert points("event.amount * 5 / 100").evaluate_int({"event": {"amount": 250}, "member": {}}) == 12


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("event.amount *", "1:15"),
        ("nobody.amount", "unknown variable"),
        ("launch(event)", "launch"),
        ("1.5", "integer"),
        ("'text'", "integer"),
        ("1 + 'a'", "No such overload"),
        ("", "empty"),
    ],
)
def test_bad_expressions_are_refused_with_a_reason(source: str, fragment: str) -> None:
    with pytest.raises(InvalidExpression) as caught:
        points(source)
    assert fragment in caught.value.detail


def test_condition_must_be_boolean() -> None:
    with pytest.raises(InvalidExpression):
        compile_expression("1 + 1", field="condition", expected=bool)
    assert compile_expression("event.amount > 3", field="condition", expected=bool).evaluate_bool(
        {"event": {"amount": 4}}
    )


def test_overlong_expression_is_refused() -> None:
    with pytest.raises(InvalidExpression, match="longer than"):
        compile_expression("1 + " * 600 + "1", field="points", expected=int, max_length=2000)


@pytest.mark.parametrize(
    "event",
    [{}, {"amount": 1.5}, {"amount": "12"}, {"amount": True}, {"amount": 2**62}],
)
def test_evaluation_failures_are_evaluation_errors(event: dict[str, object]) -> None:
    expression = points("event.amount * 5")
    with pytest.raises(EvaluationError):
        expression.evaluate_int({"event": event})


def test_result_beyond_the_points_limit_is_refused() -> None:
    with pytest.raises(EvaluationError, match="beyond"):
        points("event.n").evaluate_int({"event": {"n": MAX_POINTS + 1}})


@given(st.integers(min_value=0, max_value=10**9))
def test_cashback_matches_integer_arithmetic(amount: int) -> None:
    assert points("event.amount * 5 / 100").evaluate_int({"event": {"amount": amount}}) == amount * 5 // 100
