"""Event schemas: a JSON Schema per event type that the `properties` of incoming events must match.

Schemas are versioned like definitions (an edit adds a version; the current one applies). Compiled validators are
cached by row identity, as the rulebook's definitions are: a row never changes, so an entry never goes stale.
Events of a type without a schema pass unchecked.
"""

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import orjson
from jsonschema import FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing.exceptions import Unresolvable
from sqlalchemy import Select, bindparam, select, update
from sqlmodel import Session, col

from core import stamps
from core.db import is_postgres, one_of_bound
from core.errors import Conflict, InvalidInput, NotFound
from targeting.models import EventSchema

MAX_SCHEMA_BYTES = 65_536


@dataclass(frozen=True)
class SavedSchema:
    type: str
    schema: dict[str, Any]
    version: int
    created_at: datetime
    created: bool


def save_event_schema(
    session: Session, tenant_id: str, event_type: str, schema: dict[str, Any], *, replace: bool
) -> SavedSchema:
    """Create the schema of an event type (or, with `replace`, add a version). The same schema again changes
    nothing; another schema over an existing type without `replace` is a conflict."""
    check_schema(schema)
    current = _current(session, tenant_id, event_type)
    if current is not None:
        if current.body == schema:
            return SavedSchema(event_type, current.body, current.version, current.created_at, created=False)
        if not replace:
            raise Conflict(f"event type {event_type!r} has another schema; PUT it to add a version")
        session.execute(update(EventSchema).where(col(EventSchema.id) == current.id).values(is_current=False))
    elif replace:
        raise NotFound(f"no schema for event type {event_type!r}")
    row = EventSchema(tenant_id=tenant_id, type=event_type, version=current.version + 1 if current else 1, body=schema)
    session.add(row)
    session.flush()
    stamps.bump(session, _schemas_scope(tenant_id))  # every process validates against it from its next event on
    return SavedSchema(event_type, schema, row.version, row.created_at, created=True)


def check_schema(schema: dict[str, Any]) -> None:
    """A schema must be valid for its draft (2020-12 when it names none), small, and self-contained: a `$ref`
    outside the document would make ingestion fetch or fail."""
    if len(orjson.dumps(schema)) > MAX_SCHEMA_BYTES:
        raise InvalidInput(f"the schema is larger than {MAX_SCHEMA_BYTES} bytes", field="schema")
    for ref in _refs(schema):
        if not ref.startswith("#"):
            raise InvalidInput(f"$ref {ref[:200]!r} points outside the schema; only local refs (#...)", field="schema")
    try:
        cls = validator_for(schema)
        cls.check_schema(schema)
        cls(schema).is_valid({})  # resolves what a first validation would
    except SchemaError as exc:
        where = ".".join(str(part) for part in exc.absolute_path)
        raise InvalidInput(
            f"not a valid JSON Schema: {exc.message}" + (f" (at {where})" if where else ""), field="schema"
        ) from exc
    except Unresolvable as exc:
        raise InvalidInput(f"not a valid JSON Schema: unresolvable $ref ({exc})", field="schema") from exc


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _current(session: Session, tenant_id: str, event_type: str) -> EventSchema | None:
    return session.scalar(
        select(EventSchema).where(
            col(EventSchema.tenant_id) == tenant_id,
            col(EventSchema.type) == event_type,
            col(EventSchema.is_current).is_(True),
        )
    )


def list_event_schemas(session: Session, tenant_id: str) -> list[EventSchema]:
    return list(
        session.scalars(
            select(EventSchema)
            .where(col(EventSchema.tenant_id) == tenant_id, col(EventSchema.is_current).is_(True))
            .order_by(col(EventSchema.type))
        )
    )


def event_schema_history(session: Session, tenant_id: str, event_type: str) -> list[EventSchema]:
    rows = list(
        session.scalars(
            select(EventSchema)
            .where(col(EventSchema.tenant_id) == tenant_id, col(EventSchema.type) == event_type)
            .order_by(col(EventSchema.version).desc())
        )
    )
    if not rows:
        raise NotFound(f"no schema for event type {event_type!r}")
    return rows


class _ValidatorCache:
    """Compiled validators by row identity (tenant and version in the key, so two databases cannot collide)."""

    def __init__(self, size: int = 1024) -> None:
        self._items: OrderedDict[tuple[int, str, str, int], Validator] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, row: EventSchema) -> Validator:
        assert row.id is not None
        identity = (row.id, row.tenant_id, row.type, row.version)
        with self._lock:
            if identity in self._items:
                self._items.move_to_end(identity)
                return self._items[identity]
        cls = validator_for(row.body)
        validator: Validator = cls(row.body, format_checker=FormatChecker())
        with self._lock:
            self._items[identity] = validator
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return validator


_validators = _ValidatorCache()


def validate_properties(
    session: Session, tenant_id: str, events: Iterable[tuple[int, str, dict[str, Any]]]
) -> dict[int, InvalidInput]:
    """Check `(index, type, properties)` against the current schemas of their types, with one query; the
    failures by index, each naming the failing field (`properties.<path>`)."""
    items = list(events)
    types = {event_type for _, event_type, _ in items}
    if not items or not _any_schemas.held(session, tenant_id):
        return {}
    query = _current_schemas_query(is_postgres(session.get_bind()))
    rows = session.scalars(query, {"tenant_id": tenant_id, "types": list(types)})
    validators = {row.type: (_validators.get(row), row.version) for row in rows}
    failures: dict[int, InvalidInput] = {}
    for index, event_type, properties in items:
        if event_type not in validators:
            continue
        validator, version = validators[event_type]
        error = best_match(validator.iter_errors(properties))
        if error is not None:
            failures[index] = _describe(error, event_type, version)
    return failures


@stamps.tenant_scope
def _schemas_scope(tenant_id: str) -> str:
    return f"event_schemas:{tenant_id}"


def _holds_schemas(session: Session, tenant_id: str) -> bool:
    query = select(col(EventSchema.id)).where(col(EventSchema.tenant_id) == tenant_id).limit(1)
    return session.scalar(query) is not None


_any_schemas = stamps.Presence(_schemas_scope, _holds_schemas)


@cache
def _current_schemas_query(postgres: bool) -> Select[EventSchema]:
    """Read by every batch of events: built once per dialect (building a select costs more than running it)."""
    return select(EventSchema).where(
        col(EventSchema.tenant_id) == bindparam("tenant_id"),
        one_of_bound(postgres, col(EventSchema.type), "types"),
        col(EventSchema.is_current).is_(True),
    )


def _describe(error: ValidationError, event_type: str, version: int) -> InvalidInput:
    path = [str(part) for part in error.absolute_path]
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        path += missing[:1]
    field = ".".join(["properties", *path])
    return InvalidInput(
        f"{field}: {error.message[:300]} (schema of {event_type!r}, version {version})",
        field=field,
        schema_version=version,
    )
