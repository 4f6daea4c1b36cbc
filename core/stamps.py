"""Version stamps that tell every process, on every machine, that its cached copy of something went stale.

A change (a key revoked, a definition saved) bumps its scope's stamp in the change's own transaction; a reader
reads the stamp before it trusts its copy, once per request or per batch, and reloads when the stamp moved. The stamp
is read before the value, so a copy is never stored under a newer stamp than the data it holds: a revoked key stops
working in every process at the next request after the revoke commits, with no time to live to wait out.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import BigInteger, Column, Connection, Engine, String, bindparam, select
from sqlmodel import Field, Session, SQLModel

from core.db import upsert_dialect

V = TypeVar("V")
API_KEYS = "api_keys"


def definitions_scope(tenant_id: str) -> str:
    return f"definitions:{tenant_id}"


class CacheStamp(SQLModel, table=True):
    """One counter per scope of cached data; a missing row is version 0."""

    __tablename__ = "cache_stamps"

    scope: str = Field(sa_column=Column(String(80), primary_key=True))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))


_table = CacheStamp.__table__  # type: ignore[attr-defined]
_read = select(_table.c.version).where(_table.c.scope == bindparam("scope"))


def bump(session: Session, scope: str) -> None:
    """Mark every cached copy of `scope` stale once the caller's transaction commits."""
    dialect = upsert_dialect(session.get_bind())
    insert = dialect.insert(_table).values(scope=scope, version=1)
    session.execute(insert.on_conflict_do_update(index_elements=["scope"], set_={"version": _table.c.version + 1}))


def read(connection: Session | Connection, scope: str) -> int:
    return int(connection.execute(_read, {"scope": scope}).scalar() or 0)


def read_now(engine: Engine, scope: str) -> int:
    """The stamp as committed now, on a connection of its own (for checks outside any unit of work)."""
    with engine.execution_options(sqlite_begin="DEFERRED").connect() as connection:  # a read takes no write lock
        return read(connection, scope)


class StampedCache(Generic[V]):
    """Values kept while the stamp they were loaded under is the current one."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._items: dict[Hashable, tuple[int, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, stamp: int, load: Callable[[], V]) -> V:
        found = self._items.get(key)
        if found is not None and found[0] == stamp:
            return found[1]
        value = load()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[key] = (stamp, value)
        return value
