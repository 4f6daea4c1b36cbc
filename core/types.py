"""Column types that behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Integer
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.types import TypeDecorator

JsonColumn = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")


class _SQLiteDateTime(SQLITE_DATETIME):
    """SQLite's datetime text read by `datetime.fromisoformat` (C), not a regular expression: batches read
    thousands of timestamps. Text it does not take falls back to SQLAlchemy's own parsing."""

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        slow = super().result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                return datetime.fromisoformat(value)
            except (TypeError, ValueError):
                return slow(value) if slow else value

        return process


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes in UTC and always hands back aware UTC datetimes (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLiteDateTime(timezone=True))  # type: ignore[no-untyped-call]
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is UTC:
            return value
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _given(field: str) -> dict[str, Any]:
    return {"required": [field], "properties": {field: {"not": {"type": "null"}}}}


def at_least_one_of(*fields: str) -> dict[str, Any]:
    """JSON Schema for "at least one of these fields, not null" (see `exactly_one_of`)."""
    return {"anyOf": [_given(field) for field in fields]}


def exactly_one_of(*fields: str) -> dict[str, Any]:
    """JSON Schema for "exactly one of these fields, not null": a request schema that states what the model's own
    validator enforces, so a client generated from the OpenAPI document learns it too."""
    return {"oneOf": [_given(field) for field in fields]}
