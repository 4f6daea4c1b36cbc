"""Constrained field types shared by the routers, so every endpoint rejects the same bad input the same way."""

import math
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from core.strict import JSON_VALUE_REF, NO_NUL

ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[^\x00-\x1f\x7f]+$")]
Key = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
EventType = Key
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Expression = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]

MAX_JSON_DEPTH = 16


def _check_json(value: Any, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("NaN and Infinity are not JSON numbers")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        raise ValueError("integers must fit in 64 bits")
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("text holds a NUL character (U+0000)")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_json(key, depth)
            _check_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, depth + 1)


def _plain_json(value: dict[str, Any]) -> dict[str, Any]:
    _check_json(value)
    return value


def _json_object_schema(names: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"type": "object", "propertyNames": names, "additionalProperties": {"$ref": JSON_VALUE_REF}})


JsonObject = Annotated[dict[str, Any], AfterValidator(_plain_json), _json_object_schema({"pattern": NO_NUL})]


# Member attributes as patched: a name (a CEL identifier, so `member.attributes.city` works) to a JSON value or
# null (which removes the attribute); validated like event properties.
ATTRIBUTE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
AttributeName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=ATTRIBUTE_PATTERN)]
AttributesPatch = Annotated[
    dict[AttributeName, Any],
    AfterValidator(_plain_json),
    _json_object_schema({"minLength": 1, "maxLength": 64, "pattern": ATTRIBUTE_PATTERN}),
]
