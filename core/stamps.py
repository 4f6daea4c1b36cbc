"""Version stamps that tell every process, on every machine, that its cached copy of something went stale.

A change (a key revoked, a definition saved) bumps its scope's stamp in the change's own transaction; a reader
reads the stamp before it trusts its copy, once per request or per batch, and reloads when the stamp moved. The stamp
is read before the value, so a copy is never stored under a newer stamp than the data it holds: a revoked key stops
working in every process at the next request after the revoke commits, with no time to live to wait out.

A transaction that will consult several stamps reads them all with one statement up front (`read_many`): a stamp
read at the start of a transaction is as good as one read later in it, since whatever it then loads is at least
as new as the stamp.
"""

import threading
from collections.abc import Callable, Hashable, Iterable
from functools import cache
from typing import Any, Generic, TypeVar

from sqlalchemy import BigInteger, Column, Connection, Engine, Select, String, bindparam, select
from sqlmodel import Field, Session, SQLModel

from core.db import is_postgres, one_of_bound, upsert_dialect

V = TypeVar("V")
API_KEYS = "api_keys"
_READ_UP_FRONT = "laurel_stamps"  # session.info key: the stamps `read_many` read for the session's transaction
_tenant_scopes: list[Callable[[str], str]] = []


def tenant_scope(scope_of: Callable[[str], str]) -> Callable[[str], str]:
    """Registers a per-tenant scope, so that `tenant_scopes` lists it for the transactions that read them all."""
    _tenant_scopes.append(scope_of)
    return scope_of


def tenant_scopes(tenant_id: str) -> list[str]:
    """Every registered per-tenant scope of `tenant_id` (what an event's transaction may consult)."""
    return [scope_of(tenant_id) for scope_of in _tenant_scopes]


@tenant_scope
def definitions_scope(tenant_id: str) -> str:
    return f"definitions:{tenant_id}"


class CacheStamp(SQLModel, table=True):
    """One counter per scope of cached data; a missing row is version 0."""

    __tablename__ = "cache_stamps"

    scope: str = Field(sa_column=Column(String(80), primary_key=True))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))


_table = CacheStamp.__table__  # type: ignore[attr-defined]
_read = select(_table.c.version).where(_table.c.scope == bindparam("scope"))


@cache
def _read_many_query(postgres: bool) -> Select[Any]:
    return select(_table.c.scope, _table.c.version).where(one_of_bound(postgres, _table.c.scope, "scopes"))


def bump(session: Session, scope: str) -> None:
    """Mark every cached copy of `scope` stale once the caller's transaction commits."""
    dialect = upsert_dialect(session.get_bind())
    insert = dialect.insert(_table).values(scope=scope, version=1)
    session.execute(insert.on_conflict_do_update(index_elements=["scope"], set_={"version": _table.c.version + 1}))
    session.info.get(_READ_UP_FRONT, {}).pop(scope, None)  # read again, as this transaction now sees it


def mark(session: Session, scope: str) -> None:
    """Set `scope`'s stamp to 1 if it is 0, for good: a flag that tells every process "this happened" from the
    next transaction on. Once set, nothing is written (and no row is locked): for flags set by a hot path."""
    if read(session, scope):
        return
    insert = upsert_dialect(session.get_bind()).insert(_table).values(scope=scope, version=1)
    session.execute(insert.on_conflict_do_nothing(index_elements=["scope"]))
    session.info.get(_READ_UP_FRONT, {}).pop(scope, None)


def read(connection: Session | Connection, scope: str) -> int:
    if isinstance(connection, Session) and scope in (up_front := connection.info.get(_READ_UP_FRONT, {})):
        return int(up_front[scope])
    return int(connection.execute(_read, {"scope": scope}).scalar() or 0)


def read_many(session: Session, scopes: Iterable[str]) -> dict[str, int]:
    """The stamps of `scopes`, with one statement, kept for the session's transaction: its later `read`s of them
    cost nothing. For units of work that run one transaction per session (`core.db.unit_of_work`)."""
    wanted = list(scopes)
    query = _read_many_query(is_postgres(session.get_bind()))
    rows = session.connection().execute(query, {"scopes": wanted})
    found = dict.fromkeys(wanted, 0) | {scope: int(version) for scope, version in rows}
    session.info.setdefault(_READ_UP_FRONT, {}).update(found)
    return found


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

    def peek(self, key: Hashable) -> tuple[int, V] | None:
        """The copy held for `key` and the stamp it was loaded under, whether or not that stamp is still current."""
        return self._items.get(key)

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._items.pop(key, None)

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


class Presence:
    """Whether a tenant holds any of something (goals, event schemas, ...), kept while the tenant's stamp of it
    stands still: whatever adds one bumps that stamp, so a tenant that holds none skips the read of them on every
    event, and every process reads them again from its next event after the first one is added."""

    def __init__(self, scope_of: Callable[[str], str], exists: Callable[[Session, str], bool]) -> None:
        self.scope_of = scope_of
        self._exists = exists
        self._cache: StampedCache[bool] = StampedCache()

    def held(self, session: Session, tenant_id: str) -> bool:
        stamp = read(session, self.scope_of(tenant_id))
        return self._cache.get(tenant_id, stamp, lambda: self._exists(session, tenant_id))
