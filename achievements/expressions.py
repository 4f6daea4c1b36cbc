"""CEL expressions: compiled and checked once when a definition is saved, evaluated with limits on every event.

CEL is a sandboxed, side-effect-free language without loops; the limits left to us are the size of an expression
and of its result. Nothing here ever calls Python's `eval`. Besides CEL's own functions, rules may call the
discount and cashback helpers of `achievements.pricing` (`cashback`, `discount`, `fixed_discount`, `discount_band`).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cel

from achievements.pricing import CEL_FUNCTIONS, constant_argument_error
from achievements.windows import WINDOWS
from core.errors import InvalidExpression

MAX_POINTS = 10**12
RULE_VARIABLES = frozenset({"event", "member"})
# What `member` holds (`MemberState.context`, plus the windowed counters of `achievements.windows`).
MEMBER_FIELDS = frozenset(
    {
        "external_id",
        "attributes",
        "xp",
        "events",
        "points",
        "lifetime",
        "level",
        "badges",
        "days_since_joined",
        "last_event_at",
        "days_since_last_event",
    }
) | frozenset(WINDOWS)
MEMBER_FIELD = re.compile(r"(?<![.\w])member\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")
_VARIABLE_FIELD = r"(?<![.\w]){}\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)"
_VARIABLE = r"(?<![.\w]){}\b"
STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'" + r'|"(?:[^"\\]|\\.)*"')
HELPER_CALL = re.compile(r"\b(?:" + "|".join(CEL_FUNCTIONS) + r")\s*\(")


@dataclass(frozen=True)
class Combined:
    """Many expressions as one CEL list, run once per event: the Python around each run costs more than the run.
    `index` gives each expression's source its place in the list."""

    program: Any
    index: dict[str, int]
    calls_helpers: bool


def combine(expressions: Iterable["Expression"]) -> Combined | None:
    """The expressions as one program, or None when there are fewer than two (nothing to save) or the list does
    not compile."""
    sources = list(dict.fromkeys(e.source for e in expressions))
    if len(sources) < 2:
        return None
    try:  # each on lines of its own, so that a trailing `// comment` in one cannot swallow the next
        program = cel.compile("[" + ",".join(f"(\n{source}\n)" for source in sources) + "]")
    except ValueError:
        return None
    helpers = any(HELPER_CALL.search(source) for source in sources)
    return Combined(program, {source: i for i, source in enumerate(sources)}, helpers)


class Bound:
    """Variables bound once per event and shared by every expression it meets: converting a context costs far
    more than evaluating an expression on it. The helper functions are wired in only for expressions that call
    one, in a second context built on first need, since wiring them doubles the cost of a context.

    With `combined`, the first expression evaluated runs all of them at once and the others read their values.
    If any of them fails on this event, every expression runs on its own instead, so errors (and which rule they
    are reported against) stay exactly what they are without it."""

    __slots__ = ("_combined", "_helpers", "_plain", "_values", "_variables")

    def __init__(self, variables: dict[str, Any], combined: Combined | None = None) -> None:
        self._variables = variables
        self._plain: Any = None
        self._helpers: Any = None
        self._combined = combined
        self._values: list[Any] | None = None

    def context(self, helpers: bool) -> Any:
        if helpers:
            if self._helpers is None:
                self._helpers = cel.Context(self._variables, functions=CEL_FUNCTIONS)
            return self._helpers
        if self._plain is None:
            self._plain = cel.Context(self._variables)
        return self._plain

    def value_of(self, source: str) -> Any:
        """The combined run's value of this expression, or `NOT_COMBINED` to run it alone."""
        combined = self._combined
        if combined is None:
            return NOT_COMBINED
        return self.values()[combined.index.get(source, -1)]

    def values(self) -> list[Any]:
        """The combined run's values by place (`Combined.index`), then one `NOT_COMBINED` (the place of anything
        not in the run); all `NOT_COMBINED` when the run failed. Read by the engine's plans on every event: one
        list lookup per expression once the run is done."""
        values = self._values
        if values is None:
            values = self._values = self._run_combined()
        return values

    def _run_combined(self) -> list[Any]:
        combined = self._combined
        if combined is None:
            return [NOT_COMBINED]
        try:
            values = list(combined.program.execute(self.context(combined.calls_helpers)))
        except (KeyError, TypeError, ValueError, RuntimeError, OverflowError, ZeroDivisionError):
            return [NOT_COMBINED] * (len(combined.index) + 1)
        if len(values) != len(combined.index):
            return [NOT_COMBINED] * (len(combined.index) + 1)
        values.append(NOT_COMBINED)
        return values


NOT_COMBINED = object()


def fields_read(sources: Iterable[str], variable: str) -> frozenset[str] | None:
    """The fields of `variable` these expressions read, when each use of it is a plain `variable.field`; None when
    one uses it otherwise (`event["x"]`, passed whole to a function). Converting a context to CEL costs per field,
    far more than evaluating an expression on it, so contexts are cut down to these fields."""
    field, whole = re.compile(_VARIABLE_FIELD.format(variable)), re.compile(_VARIABLE.format(variable))
    fields: set[str] = set()
    for source in sources:
        named = field.findall(source)
        if len(named) != len(whole.findall(source)):
            return None
        fields.update(named)
    return frozenset(fields)


def bind(variables: dict[str, Any], combined: Combined | None = None) -> Bound:
    return Bound(variables, combined)


class EvaluationError(Exception):
    """An expression failed on this input (missing field, wrong type, overflow): the rule is skipped."""


@dataclass(frozen=True)
class Expression:
    source: str
    program: Any
    variables: frozenset[str]
    calls_helpers: bool = False

    def evaluate(self, context: Any) -> Any:
        if type(context) is Bound:
            value = context.value_of(self.source)
            if value is not NOT_COMBINED:
                return value
            context = context.context(self.calls_helpers)
        try:
            return self.program.execute(context)
        except (KeyError, TypeError, ValueError, RuntimeError, OverflowError, ZeroDivisionError) as exc:
            raise EvaluationError(f"{self.source!r}: {type(exc).__name__}: {exc}") from exc

    def evaluate_bool(self, context: Any) -> bool:
        value = self.evaluate(context)
        if not isinstance(value, bool):
            raise EvaluationError(f"{self.source!r} gave {type(value).__name__}, not a boolean")
        return value

    def evaluate_int(self, context: Any) -> int:
        value = self.evaluate(context)
        if type(value) is int and -MAX_POINTS <= value <= MAX_POINTS:  # the usual case, checked cheaply
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise EvaluationError(f"{self.source!r} gave {type(value).__name__}, not an integer (use int(...))")
        if abs(value) > MAX_POINTS:
            raise EvaluationError(f"{self.source!r} gave {value}, beyond ±{MAX_POINTS}")
        return value


@lru_cache(maxsize=8192)
def _compile(source: str) -> Expression:
    try:
        program = cel.compile(source)
    except ValueError as exc:
        raise InvalidExpression(str(exc).replace("<input>", "expression"), expression=source) from exc
    return Expression(
        source=source,
        program=program,
        variables=frozenset(program.variables()),
        calls_helpers=HELPER_CALL.search(source) is not None,
    )


def compile_expression(
    source: str, *, field: str, expected: type, allowed: frozenset[str] = RULE_VARIABLES, max_length: int = 2000
) -> Expression:
    """Compile and check an expression: syntax (with line and column), known variables and functions, and —
    where the answer does not depend on the event — the type of its result."""
    if not source.strip():
        raise InvalidExpression(f"{field}: the expression is empty", field=field)
    if len(source) > max_length:
        raise InvalidExpression(f"{field}: the expression is longer than {max_length} characters", field=field)
    try:
        expression = _compile(source)
    except InvalidExpression as exc:
        raise InvalidExpression(f"{field}: {exc.detail}", field=field) from exc
    unknown = expression.variables - allowed
    if unknown:
        raise InvalidExpression(
            f"{field}: unknown variable(s) {', '.join(sorted(unknown))}; available: {', '.join(sorted(allowed))}",
            field=field,
        )
    strangers = set(MEMBER_FIELD.findall(_without_strings(source))) - MEMBER_FIELDS
    if strangers and "member" in expression.variables:
        available = ", ".join(sorted(MEMBER_FIELDS))
        raise InvalidExpression(
            f"{field}: unknown member field(s) {', '.join(sorted(strangers))}; available: {available}", field=field
        )
    problem = constant_argument_error(source, _constant) if expression.calls_helpers else None
    if problem is not None:
        raise InvalidExpression(f"{field}: {problem}", field=field)
    _probe(expression, field=field, expected=expected, allowed=allowed)
    return expression


def _without_strings(source: str) -> str:
    """The source with its string literals emptied, so that `"member.x"` in a string is not read as a field."""
    return STRING_LITERAL.sub('""', source)


def _constant(source: str) -> tuple[bool, Any]:
    """A helper argument's value when it is the same for every event (it reads no variable), else (False, None)."""
    try:
        argument = _compile(source.strip())
        if argument.variables:
            return False, None
        return True, argument.evaluate(bind({}))
    except (InvalidExpression, EvaluationError):
        return False, None


def _probe(expression: Expression, *, field: str, expected: type, allowed: frozenset[str]) -> None:
    """Run the expression on empty inputs. A missing field is expected (the data decides); an unknown function
    or an operation that fails whatever the data is a mistake to report now, not on every event."""
    try:
        value = expression.program.execute(bind({name: {} for name in allowed}).context(expression.calls_helpers))
    except KeyError:
        return
    except RuntimeError as exc:
        raise InvalidExpression(f"{field}: {exc}", field=field) from exc
    except (TypeError, OverflowError, ZeroDivisionError) as exc:
        raise InvalidExpression(f"{field}: {exc}", field=field) from exc
    except ValueError:
        return
    if expected is bool and not isinstance(value, bool):
        raise InvalidExpression(f"{field}: must be a boolean expression, got {type(value).__name__}", field=field)
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidExpression(
            f"{field}: must be an integer expression, got {type(value).__name__} (wrap it in int(...))", field=field
        )
