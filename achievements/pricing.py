"""Discount and cashback helpers for CEL rules, with one rounding rule: exact decimal arithmetic, then half-even
(banker's) rounding to a whole unit (a point, or the smallest unit of the amount).

Half-even is unbiased: over many purchases the halves round up as often as down, so a program pays what its
percentage says on average, and the same input always gives the same answer. Amounts and percentages may be CEL
`int` or `double`; doubles are read through their shortest decimal form (2.675 is 2.675, not 2.67499…), so
`cashback(1070, 2.5)` is exactly 26.75 → 27. Refunds (negative amounts) round symmetrically: cashback(-x) is
-cashback(x). A bad argument (a percentage outside 0..100, a band list that is not a list of [threshold, percent])
fails the rule, which is then skipped and reported like any rule error; given as a constant in the rule itself
(`cashback(event.amount, 150)`), it is refused when the rule is saved (`constant_argument_error`).
"""

import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

Number = int | float


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be finite")
    return result


def _percent(value: Any) -> Decimal:
    percent = _decimal(value, "percent")
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {value}")
    return percent


def round_half_even(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def cashback(amount: Number, percent: Number) -> int:
    """`percent` % of `amount`, as whole points, rounded half-even: cashback(250, 5) = 12 (12.5 → 12),
    cashback(270, 5) = 14 (13.5 → 14)."""
    return round_half_even(_decimal(amount, "amount") * _percent(percent) / 100)


def discount(amount: Number, percent: Number) -> int:
    """The discount of `percent` % on `amount`, in the amount's smallest unit, rounded half-even; never more than
    the amount."""
    return cashback(amount, percent)


def fixed_discount(amount: Number, off: Number) -> int:
    """A fixed discount card: `off` taken from `amount` but never more than the amount and never below zero,
    rounded half-even to the amount's unit: fixed_discount(300, 500) = 300."""
    value, cap = _decimal(off, "off"), _decimal(amount, "amount")
    if value < 0:
        raise ValueError("off must not be negative")
    return round_half_even(max(Decimal(0), min(value, cap)))


def discount_band(spend: Number, bands: Any) -> Number:
    """The percentage of an accumulative discount: the band with the highest threshold not above `spend` (lifetime
    spend, however the app tracks it), 0 below the first band. `bands` is a map {threshold: percent} or a list of
    [threshold, percent] pairs: discount_band(12000, {0: 0, 10000: 3, 50000: 5}) = 3. The percentage is returned as
    given (int or double), to feed `discount` or `cashback`."""
    value = _decimal(spend, "spend")
    best: tuple[Decimal, Number] | None = None
    for threshold, percent in _bands(bands):
        if threshold <= value and (best is None or threshold > best[0]):
            best = (threshold, percent)
    return best[1] if best is not None else 0


def _bands(bands: Any) -> list[tuple[Decimal, Number]]:
    pairs = list(bands.items()) if isinstance(bands, dict) else bands
    if not isinstance(pairs, list) or not pairs:
        raise TypeError("bands must be a non-empty map {threshold: percent} or list of [threshold, percent]")
    checked = []
    for pair in pairs:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise TypeError("each band must be a [threshold, percent] pair")
        _percent(pair[1])
        checked.append((_decimal(pair[0], "threshold"), pair[1]))
    return checked


def _off(value: Any) -> None:
    if _decimal(value, "off") < 0:
        raise ValueError("off must not be negative")


def _amount(name: str) -> Callable[[Any], object]:
    return lambda value: _decimal(value, name)


CEL_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "cashback": cashback,
    "discount": discount,
    "fixed_discount": fixed_discount,
    "discount_band": discount_band,
}

# Each helper's arguments, in order, with the check a constant given for each must pass.
ARGUMENTS: dict[str, tuple[Callable[[Any], object], ...]] = {
    "cashback": (_amount("amount"), _percent),
    "discount": (_amount("amount"), _percent),
    "fixed_discount": (_amount("amount"), _off),
    "discount_band": (_amount("spend"), _bands),
}
_CALL = re.compile(r"(?<![\w.])(" + "|".join(CEL_FUNCTIONS) + r")\s*\(")
_OPEN, _CLOSE = "([{", ")]}"


def constant_argument_error(source: str, constant: Callable[[str], tuple[bool, Any]]) -> str | None:
    """Why a helper call in this CEL source cannot succeed whatever the event (a wrong number of arguments, or a
    constant argument out of range or malformed), or None. `constant(text)` evaluates an argument: (False, None)
    when it depends on the event."""
    for name, arguments in _helper_calls(source):
        checks = ARGUMENTS[name]
        if len(arguments) != len(checks):
            return f"{name}() takes {len(checks)} arguments, got {len(arguments)}"
        for position, (text, check) in enumerate(zip(arguments, checks, strict=True), start=1):
            known, value = constant(text)
            if not known:
                continue
            try:
                check(value)
            except (TypeError, ValueError) as exc:
                return f"{name}() argument {position} ({text.strip()}): {exc}"
    return None


def _helper_calls(source: str) -> list[tuple[str, list[str]]]:
    """Each call of a helper outside string literals, with its top-level arguments as source text."""
    outside = _blank_strings(source)
    calls = []
    for match in _CALL.finditer(outside):
        arguments, depth, start = [], 0, match.end()
        for index in range(match.end(), len(outside)):
            char = outside[index]
            if char in _OPEN:
                depth += 1
            elif char in _CLOSE and depth:
                depth -= 1
            elif char == ")" or (char == "," and not depth):
                arguments.append(source[start:index])
                start = index + 1
                if char == ")":
                    break
        calls.append((match.group(1), [a for a in arguments if a.strip()]))
    return calls


def _blank_strings(source: str) -> str:
    """The source with the inside of string literals blanked out (same length), so brackets and commas in them
    do not count."""
    out, quote, escaped = [], "", False
    for char in source:
        if quote:
            out.append(" " if char != quote or escaped else char)
            quote = "" if char == quote and not escaped else quote
            escaped = char == "\\" and not escaped
        else:
            out.append(char)
            quote = char if char in "'\"" else ""
    return "".join(out)
