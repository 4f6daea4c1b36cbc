"""Engines and units of work for SQLite (embedded default, WAL) and PostgreSQL (psycopg 3)."""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    JSON,
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.types import String, TypeDecorator
from sqlmodel import Session

from core.errors import LaurelError
from core.settings import Settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
# A pooled PostgreSQL connection idle at least this long is pinged before use (see `_ping_when_idle`).
PING_AFTER_IDLE_S = 1.0
T = TypeVar("T")
# PostgreSQL inserts of more rows than this go through COPY; fewer go as one JSON document in one statement, since
# COPY costs two round trips (the statement, then the data), which is most of a small insert's time.
COPY_FROM_ROWS = 100
# PostgreSQL's deadlock_detected and serialization_failure: the transaction is safe to run again.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and pick the psycopg 3 driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


# JSON columns (event properties, effects) are written on the hot path: orjson is several times faster.
JSON_OPTIONS: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}


def create_db_engine(url: str, *, pool_size: int = 10) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, **JSON_OPTIONS)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before use only when it sat idle for `PING_AFTER_IDLE_S`: a connection that served
    a moment ago is alive, and the pool's own pre-ping costs a round trip on every checkout (a fifth of a
    single-event request's). One that fails the ping is replaced; a database restarted under a busy pool fails
    the statements that meet a dead connection, and SQLAlchemy then drops the whole pool."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(f"a pooled connection failed its ping: {exc}") from exc


def engine_from_settings(settings: Settings) -> Engine:
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return create_db_engine(settings.effective_database_url, pool_size=settings.db_pool_size)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **JSON_OPTIONS
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so that `begin` below decides the lock mode.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock up front: a deferred transaction that later writes can fail with
        # SQLITE_BUSY instead of waiting, which would turn a harmless race into an error.
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def upsert_dialect(engine: Engine | Connection) -> Any:
    """The dialect module whose `insert()` knows ON CONFLICT (both of ours do)."""
    return postgresql if is_postgres(engine) else sqlite


_sequences: dict[str, str] = {}


def allocate_ids(session: Session, table: Table, count: int) -> list[int]:
    """Primary keys for `count` rows about to be inserted, so that child rows can point at them without a
    RETURNING round trip per row (which bulk inserts cannot batch)."""
    if count == 0:
        return []
    bind = session.get_bind()
    if is_postgres(bind):
        if table.name not in _sequences:
            _sequences[table.name] = session.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            ).scalar_one()
        rows = session.execute(
            text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
            {"sequence": _sequences[table.name], "count": count},
        ).scalars()
        return [int(value) for value in rows]
    # SQLite: writers hold the database lock from BEGIN IMMEDIATE to commit, so max(id) cannot move under us.
    start = int(session.execute(_highest_id(table)).scalar_one())
    return list(range(start + 1, start + 1 + count))


@lru_cache(maxsize=64)
def _highest_id(table: Table) -> Select[Any]:
    return select(func.coalesce(func.max(table.c.id), 0))


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, on_conflict: str = ""
) -> None:
    """Insert many rows (tuples in `columns` order) as one statement, for the hot paths of ingestion.

    Core's executemany processes every parameter of every row in Python, and psycopg then sends one statement
    per row: with thousands of rows per batch that was most of a batch's time. Here PostgreSQL gets one JSON
    document (orjson writes it in C, the server parses it with `json_populate_recordset` into the table's own row
    type), and plain inserts of more than `COPY_FROM_ROWS` rows go through COPY instead (the driver's bulk path;
    a unique key raises either way). SQLite gets one driver-level executemany. Values are stored as Core would
    store them: each column type's bind processing (UTC datetimes, JSON) runs, per column and only where the type
    has any.
    `on_conflict` is a literal `ON CONFLICT ...` clause, spelt alike by both dialects; it may name the table
    and `excluded`.
    """
    if not rows:
        return
    dialect = session.get_bind().dialect
    statement, json_columns, converters = _insert_plan(table, tuple(columns), on_conflict, dialect)
    values: list[list[Any]] = [list(column) for column in zip(*rows, strict=True)]
    for index, convert in converters:
        values[index] = _converted(values[index], convert)
    if dialect.name == "postgresql" and not on_conflict and len(rows) > COPY_FROM_ROWS:  # the driver's bulk path
        statement = _copy_statement(table, tuple(columns), dialect)
        for index in json_columns:
            values[index] = [_json_dumps(value) for value in values[index]]
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            with cursor, cursor.copy(statement) as copy:
                for row in zip(*values, strict=True):
                    copy.write_row(row)
        except dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy would raise it: a taken key is an IntegrityError
            raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error) from exc
        return
    if dialect.name == "postgresql":  # one round trip; the JSON values go into the document as they are
        document = orjson.dumps([dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)])
        session.connection().exec_driver_sql(statement, (document.decode(),))
        return
    for index in json_columns:
        values[index] = [_json_dumps(value) for value in values[index]]
    session.connection().exec_driver_sql(statement, list(zip(*values, strict=True)))


@lru_cache(maxsize=256)
def _insert_plan(
    table: Table, columns: tuple[str, ...], on_conflict: str, dialect: Any
) -> tuple[str, list[int], list[tuple[int, Callable[[Any], Any]]]]:
    """The statement text, the positions of JSON columns, and the other columns' bind processors."""
    quote = dialect.identifier_preparer
    target = quote.format_table(table)
    names = ", ".join(quote.quote(table.c[name].name) for name in columns)
    json_columns: list[int] = []
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        impl = table.c[name].type.dialect_impl(dialect)
        if isinstance(impl, JSON):
            json_columns.append(index)
        elif (convert := impl.bind_processor(dialect)) is not None:
            converters.append((index, convert))
    # Identifiers come from the table's metadata, quoted; every value travels as a parameter.
    if dialect.name == "postgresql":
        statement = (
            f"INSERT INTO {target} ({names}) SELECT {names}"  # noqa: S608
            f" FROM json_populate_recordset(NULL::{target}, %s::json) {on_conflict}"
        )
    else:
        marks = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {target} ({names}) VALUES ({marks}) {on_conflict}"  # noqa: S608
    return statement, json_columns, converters


@lru_cache(maxsize=64)
def _copy_statement(table: Table, columns: tuple[str, ...], dialect: Any) -> str:
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(table.c[name].name) for name in columns)
    return f"COPY {quote.format_table(table)} ({names}) FROM STDIN"


def _converted(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """Each value converted once: a batch's timestamps are mostly one `now`, and formatting one for SQLite
    costs more than looking it up."""
    seen: dict[Any, Any] = {None: None}
    for value in values:
        if value not in seen:
            seen[value] = convert(value)
    return [seen[value] for value in values]


class _JsonArray(TypeDecorator[list[Any]]):
    """A list bound as one JSON text parameter, which SQLite's `json_each` unpacks."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        return orjson.dumps(list(value)).decode()


def _json_each(parameter: Any) -> Any:
    return select(func.json_each(parameter).table_valued("value").c.value).scalar_subquery()


def one_of(bind: Engine | Connection, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`, the values travelling as one parameter: a PostgreSQL array, a JSON array that SQLite
    unpacks with `json_each`. A thousand-item IN list is a thousand parameters in a statement text that is
    rendered again on every call."""
    items = list(values)
    if is_postgres(bind):
        return column == any_(bindparam(None, items, type_=postgresql.ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(_json_each(bindparam(None, items, type_=_JsonArray())))  # type: ignore[no-any-return]


def one_of_bound(postgres: bool, column: Any, name: str) -> ColumnElement[bool]:
    """`one_of` with the values given at execution as parameter `name`, for statements built once and reused:
    building and cache-keying a select costs more than running it for the one-event transactions."""
    if postgres:
        return column == any_(bindparam(name, type_=postgresql.ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(_json_each(bindparam(name, type_=_JsonArray())))  # type: ignore[no-any-return]


def greatest(engine: Engine | Connection, *values: Any) -> ColumnElement[Any]:
    """The larger of SQL values (SQLite spells GREATEST as a two-argument max)."""
    return func.greatest(*values) if is_postgres(engine) else func.max(*values)


_READ_ONLY = "laurel_read_only"  # session.info key set by `unit_of_work`


class RetryableConflict(LaurelError):
    """A unit of work lost a race it can win by running again (e.g. a unique key taken by a concurrent insert)."""

    status, title, slug = 409, "Concurrent update", "concurrent-update"


def run_in_transaction(engine: Engine, work: Callable[[Session], T], *, attempts: int = 5) -> T:
    """Run `work` in a unit of work, starting over from scratch when it lost a race (see the exceptions below)."""
    for attempt in range(1, attempts + 1):
        try:
            with unit_of_work(engine) as session:
                return work(session)
        except (RetryableConflict, IntegrityError):
            # IntegrityError: a unique key taken by a concurrent insert; the next run reads the winner's row.
            if attempt == attempts:
                raise
        except OperationalError as exc:
            if attempt == attempts or getattr(exc.orig, "sqlstate", None) not in _RETRYABLE_SQLSTATES:
                raise
    raise AssertionError("unreachable")


class WriteNeeded(Exception):
    """Work running in a read-only unit found something it must write (see `read_then_write`)."""


def read_then_write(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run `work` in a read-only unit, and again in a writing transaction only if it raised `WriteNeeded`.

    For reads that write now and then (a member's view releases points whose return window is over and records
    derived addresses the first time): most of them find nothing to write and take no write lock, which on SQLite
    would queue them behind every ingestion batch."""
    try:
        with unit_of_work(engine, read_only=True) as session:
            return work(session)
    except WriteNeeded:
        return run_in_transaction(engine, work)


def is_read_only(session: Session) -> bool:
    return bool(session.info.get(_READ_ONLY))


def require_writable(session: Session) -> None:
    """Raises `WriteNeeded` in a read-only unit: the caller is about to write."""
    if is_read_only(session):
        raise WriteNeeded


@contextmanager
def unit_of_work(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction: commits when the block succeeds, rolls back when it raises. A read-only unit just
    closes, which ends its transaction without expiring the objects it loaded."""
    bind = engine.execution_options(sqlite_begin="DEFERRED") if read_only else engine
    with Session(bind, expire_on_commit=False, info={_READ_ONLY: read_only}) as session:
        try:
            yield session
            if not read_only:
                session.commit()
        except BaseException:
            session.rollback()
            raise
