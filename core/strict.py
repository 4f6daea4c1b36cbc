"""Input validated as strictly as the OpenAPI document states it.

pydantic's default (lax) mode coerces: `false` becomes 0, `"1"` becomes 1, a number becomes a date-time, `"yes"` a
boolean. A client reading the document cannot know that, and an input the document forbids must be refused, so every
request body derives from `StrictInput` and takes only its own JSON types. The few types JSON carries as text are
parsed from their text forms only: date-times (RFC 3339, with an offset), dates, decimals and enumerations.
Query parameters arrive as text; `QueryInt` and `QueryBool` take only the text of an integer or of `true`/`false`.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, GetCoreSchemaHandler, Strict
from pydantic_core import core_schema

RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
INTEGER_TEXT = re.compile(r"-?[0-9]+")
# PostgreSQL stores no NUL character (U+0000) in text or JSON, so no request text may hold one, on either database.
NO_NUL = r"^[^\x00]*$"
JSON_VALUE_REF = "#/components/schemas/JsonValue"
# Any JSON value holding no NUL, in its keys or its strings: a component of the document (`api.contract`). Written
# with if/then rather than a union, which SDK generators cannot take recursively.
JSON_VALUE_SCHEMA: dict[str, Any] = {
    "title": "JsonValue",
    "description": "Any JSON value; no string or key in it holds a NUL character (U+0000).",
    "if": {"type": "string"},
    "then": {"pattern": NO_NUL},
    "else": {
        "if": {"type": "array"},
        "then": {"items": {"$ref": JSON_VALUE_REF}},
        "else": {
            "if": {"type": "object"},
            "then": {"propertyNames": {"pattern": NO_NUL}, "additionalProperties": {"$ref": JSON_VALUE_REF}},
        },
    },
}


def _integral(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _json_forms(node: Any) -> Any:
    """Every `int` validator in a model's schema, behind one that turns a float such as 2.0 into the int 2; every
    `str` without a pattern of its own refuses NUL (those with one exclude it themselves)."""
    if isinstance(node, dict):
        if node.get("type") == "int":
            return core_schema.no_info_before_validator_function(_integral, node)
        if node.get("type") == "str" and "pattern" not in node:
            return {**node, "pattern": NO_NUL}
        if node.get("type") == "function-before" and node["function"].get("function") is _integral:
            return node  # a nested model's, done already
        return {
            key: value if key in ("serialization", "metadata") else _json_forms(value) for key, value in node.items()
        }
    if isinstance(node, list):
        return [_json_forms(item) for item in node]
    return node


class StrictInput(BaseModel):
    """A request body (or a part of one): no value is coerced from another JSON type. An integer may come as a
    number with no fractional part (`2.0`): JSON Schema calls that an integer, and JSON parsers give a float."""

    model_config = ConfigDict(strict=True)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        schema: core_schema.CoreSchema = _json_forms(handler(source))
        return schema


def _text_or(kind: type, pattern: re.Pattern[str], example: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, kind) or (isinstance(value, str) and pattern.fullmatch(value)):
            return value
        raise ValueError(f"expected {example}")

    return check


def _decimal_text(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number or a decimal string")
    return value


def _integer_text(value: Any) -> Any:
    if isinstance(value, str) and not INTEGER_TEXT.fullmatch(value):
        raise ValueError("expected an integer")
    return value


def _boolean_text(value: Any) -> Any:
    if isinstance(value, str) and value not in ("true", "false"):
        raise ValueError("expected `true` or `false`")
    return value


# `Strict(False)` lets pydantic parse the text the validator before it has checked the form of.
DateTime = Annotated[
    AwareDatetime,
    Strict(False),
    BeforeValidator(_text_or(datetime, RFC3339, "an RFC 3339 date-time with its offset, e.g. 2026-01-31T09:30:00Z")),
]
Date = Annotated[date, Strict(False), BeforeValidator(_text_or(date, ISO_DATE, "a date, e.g. 2026-01-31"))]
DecimalNumber = Annotated[Decimal, Strict(False), BeforeValidator(_decimal_text)]
QueryInt = Annotated[int, Strict(False), BeforeValidator(_integer_text)]
QueryBool = Annotated[bool, Strict(False), BeforeValidator(_boolean_text)]
# An enumeration taken by its value, as JSON carries it (strict mode wants the member): `Annotated[Role, ByValue]`.
ByValue = Strict(False)
