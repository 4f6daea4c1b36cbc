"""The OpenAPI document as the contract: every operation's error answers are added here, from the app itself, so a
route declares only its success and a new route is covered the day it is written.

Every answer that is not a success is RFC 9457 problem+json (see `api.problems`). Which `type` URIs a status may carry
is read from the typed domain errors (every `LaurelError` subclass, whatever package defines it) and from the few
problems the framework layer answers itself. Any operation may raise any domain error its services raise, so each
declares every domain status; operations behind an API key also declare 429 with its `Retry-After` and `RateLimit-*`
fields, and every success they answer carries the `RateLimit-*` fields when limits are on.
"""

import inspect
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Response
from fastapi.openapi.utils import get_openapi
from fastapi.routing import iter_route_contexts

from api.limits import RATE_LIMIT_HEADERS
from api.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE
from core.errors import LaurelError
from core.ratelimit import RateLimited
from core.strict import JSON_VALUE_SCHEMA, NO_NUL

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem: `type` names the kind of error, `detail` says what went wrong here.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Field by field, for invalid input.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}
# Problems the framework layer answers itself, beside the domain errors (see `api.problems`, `api.middleware`).
FRAMEWORK_PROBLEMS: dict[int, set[str]] = {
    400: {"http-400"},
    404: {"http-404"},
    413: {"too-large"},
    422: {"invalid-input"},
    500: {"internal"},
    503: {"database-unavailable"},
    507: {"insufficient-storage"},
}
REASONS = {
    400: "Bad request",
    401: "No API key, or an invalid, revoked or expired one",
    403: "The API key lacks the scope this needs",
    404: "Not found (another tenant's object is not found either)",
    409: "Conflict with the current state (an id reused with another body, too few points...)",
    410: "Gone: it existed and can no longer be used",
    413: "The request body is too large",
    422: "Invalid input: `errors` names each field",
    429: "Too many requests: retry after `Retry-After` seconds",
    500: "Internal error",
    502: "A chain node refused or failed the call",
    503: "Unavailable for now (the database or a chain node): retry after `Retry-After` seconds",
    507: "The database's disk is full; nothing was written",
}
HEADER_SCHEMA = {"schema": {"type": "integer", "minimum": 0}}
RATE_HEADERS = {name: {"description": text, **HEADER_SCHEMA} for name, text in RATE_LIMIT_HEADERS.items()}
RETRY_AFTER = {"description": "Seconds to wait before sending the request again.", **HEADER_SCHEMA}


# pydantic writes a bound it could not push into a number's own schema (one behind a validator, as `QueryInt`) under
# its Python name; JSON Schema knows it by another.
BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _json_schema_bounds(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            for python, json_schema in BOUNDS.items():
                if python in node:
                    node[json_schema] = node.pop(python)
        for value in node.values():
            _json_schema_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _json_schema_bounds(value)


def _without_nul(schema: dict[str, Any]) -> None:
    """A string parameter without a pattern of its own is stated without NUL (`NulUrlMiddleware` refuses it)."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and "pattern" not in branch and "enum" not in branch:
            branch["pattern"] = NO_NUL


def _subclasses(cls: type[LaurelError]) -> Iterator[type[LaurelError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def problem_types() -> dict[int, list[str]]:
    """Every problem `type` URI the API can answer, by status."""
    slugs: dict[int, set[str]] = defaultdict(set)
    errors: list[type[LaurelError]] = [LaurelError, *_subclasses(LaurelError)]
    for error in errors:
        slugs[error.status].add(error.slug)
    for status, framework in FRAMEWORK_PROBLEMS.items():
        slugs[status] |= framework
    return {status: sorted(PROBLEM_BASE + slug for slug in found) for status, found in sorted(slugs.items())}


def _problem_response(status: int, types: list[str], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    schema = {
        "allOf": [PROBLEM_REF],
        "properties": {"type": {"enum": types}, "status": {"const": status}},
    }
    response: dict[str, Any] = {
        "description": REASONS.get(status, "Error"),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _error_statuses(operation: dict[str, Any], types: dict[int, list[str]]) -> set[int]:
    statuses = set(types) - {RateLimited.status, 413, 422}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.add(422)
    if operation.get("requestBody"):
        statuses.add(413)
    if operation.get("security"):
        statuses.add(RateLimited.status)
    return statuses


def repeatable_creations(routes: list[Any]) -> set[tuple[str, str]]:
    """(path, method) of the operations that answer 201 (or 202) when they create and 200 when the same thing was
    already there: those whose endpoint takes the `Response` to change its status (the codebase's idiom for it)."""
    found = set()
    for route in iter_route_contexts(routes):
        if getattr(route, "status_code", None) in (201, 202) and route.endpoint is not None:
            parameters = inspect.signature(route.endpoint).parameters.values()
            if any(param.annotation is Response for param in parameters):
                found |= {(str(route.path_format), method.lower()) for method in route.methods or ()}
    return found


def _declare_repeat(responses: dict[str, Any]) -> None:
    created = responses.get("201") or responses.get("202", {})
    responses.setdefault(
        "200", {**created, "description": "Already there: the same object (a repeated request changes nothing)."}
    )


def complete(
    document: dict[str, Any], repeatable: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset()
) -> dict[str, Any]:
    """Declare on every operation the problems it can answer, in place of FastAPI's plain-JSON 422."""
    types = problem_types()
    _json_schema_bounds(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["JsonValue"] = JSON_VALUE_SCHEMA
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("path", "query"):
                    _without_nul(parameter.get("schema", {}))
            responses = operation.setdefault("responses", {})
            if (path, method) in repeatable:
                _declare_repeat(responses)
            secured = bool(operation.get("security"))
            for status in sorted(_error_statuses(operation, types)):
                headers = None
                if status == RateLimited.status:
                    headers = {"Retry-After": RETRY_AFTER, **RATE_HEADERS}
                elif status == 503:
                    headers = {"Retry-After": RETRY_AFTER}
                responses[str(status)] = _problem_response(status, types.get(status, []), headers)
            if secured:
                for code, response in responses.items():
                    if code.startswith("2"):
                        response.setdefault("headers", {}).update(RATE_HEADERS)
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            app.openapi_schema = complete(document, repeatable_creations(app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
