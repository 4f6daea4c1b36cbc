"""Who owns what: tenants, their hashed API keys, and the members they identify by `external_id`.

Every query in Laurel is scoped by a tenant id taken from the authenticated key, never from the request body.
"""

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Column, Engine, Integer, Select, String, UniqueConstraint, bindparam, select, update
from sqlmodel import Field, Session, SQLModel, col

from core import stamps
from core.db import is_postgres, one_of_bound, unit_of_work, upsert_dialect
from core.errors import Conflict, InvalidInput, NotFound, Unauthorized
from core.ids import new_id
from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class Scope(StrEnum):
    ADMIN = "admin"
    EVENTS_WRITE = "events:write"
    READ = "read"


class Tenant(SQLModel, table=True):
    __tablename__ = "tenants"

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(foreign_key="tenants.id", index=True, max_length=40)
    name: str = Field(default="", max_length=200)
    scopes: list[str] = Field(sa_column=Column(JsonColumn, nullable=False))
    secret_sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    rotated_to: str | None = Field(default=None, sa_column=Column(String(40), nullable=True))
    rate_limit: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


class Member(SQLModel, table=True):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("tenant_id", "external_id", name="uq_members_tenant_external"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    external_id: str = Field(sa_column=Column(String(128), nullable=False))
    display_name: str | None = Field(default=None, max_length=200)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    email: str | None = Field(default=None, sa_column=Column(String(254), nullable=True))
    locale: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    erased_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


@dataclass(frozen=True)
class Principal:
    """The caller behind a bearer token."""

    tenant_id: str
    key_id: str
    scopes: frozenset[str]
    expires_at: datetime | None = None
    rate_limit: int | None = None

    def allows(self, scope: Scope) -> bool:
        return Scope.ADMIN in self.scopes or scope in self.scopes

    def expired_at(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


def _principal(key: ApiKey) -> Principal:
    return Principal(
        tenant_id=key.tenant_id,
        key_id=key.id,
        scopes=frozenset(key.scopes),
        expires_at=key.expires_at,
        rate_limit=key.rate_limit,
    )


def _digest(secret: str) -> str:
    # Secrets are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_tenant(session: Session, name: str) -> tuple[Tenant, str]:
    """A new tenant and its first admin key; the key's token is returned once and stored only hashed."""
    tenant = Tenant(id=new_id("ten"), name=name)
    session.add(tenant)
    session.flush()
    _, token = issue_api_key(session, tenant.id, name="initial admin key", scopes=[Scope.ADMIN])
    return tenant, token


def issue_api_key(
    session: Session,
    tenant_id: str,
    *,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
    rate_limit: int | None = None,
) -> tuple[ApiKey, str]:
    scope_list = sorted({Scope(s).value for s in scopes})
    if not scope_list:
        raise InvalidInput("an API key needs at least one scope")
    if expires_at is not None and expires_at <= utcnow():
        raise InvalidInput("expires_at must be in the future", field="expires_at")
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        id=new_id("key"),
        tenant_id=tenant_id,
        name=name,
        scopes=scope_list,
        secret_sha256=_digest(secret),
        expires_at=expires_at,
        rate_limit=rate_limit,
    )
    session.add(key)
    session.flush()
    return key, f"{key.id}.{secret}"


def list_api_keys(session: Session, tenant_id: str) -> list[ApiKey]:
    return list(
        session.scalars(select(ApiKey).where(col(ApiKey.tenant_id) == tenant_id).order_by(col(ApiKey.created_at)))
    )


def _tenant_key(session: Session, tenant_id: str, key_id: str) -> ApiKey:
    key = session.scalar(select(ApiKey).where(col(ApiKey.tenant_id) == tenant_id, col(ApiKey.id) == key_id))
    if key is None:
        raise NotFound(f"API key {key_id!r} not found")
    return key


def revoke_api_key(session: Session, tenant_id: str, key_id: str) -> ApiKey:
    key = _tenant_key(session, tenant_id, key_id)
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        stamps.bump(session, stamps.API_KEYS)  # every process drops its authenticated keys before the next request
    return key


def rotate_api_key(session: Session, tenant_id: str, key_id: str, *, overlap_seconds: int) -> tuple[ApiKey, str]:
    """A successor with the same name, scopes and limit; the old key keeps working for `overlap_seconds` (or until
    its own earlier expiry), so the secret can be replaced in every client before the old one stops."""
    old = _tenant_key(session, tenant_id, key_id)
    now = utcnow()
    if not old.usable_at(now):
        raise Conflict(f"API key {key_id!r} is revoked or expired; issue a new key instead")
    if old.rotated_to is not None:
        raise Conflict(f"API key {key_id!r} was already rotated, to {old.rotated_to!r}")
    new, token = issue_api_key(
        session,
        tenant_id,
        name=old.name,
        scopes=old.scopes,
        expires_at=old.expires_at if old.expires_at is not None and old.expires_at > now else None,
        rate_limit=old.rate_limit,
    )
    overlap_end = now + timedelta(seconds=overlap_seconds)
    old.expires_at = min(old.expires_at, overlap_end) if old.expires_at is not None else overlap_end
    old.rotated_to = new.id
    session.add(old)
    stamps.bump(session, stamps.API_KEYS)  # processes that cached the old key learn its new expiry
    return new, token


def record_key_use(session: Session, key_id: str, when: datetime) -> None:
    session.execute(update(ApiKey).where(col(ApiKey.id) == key_id).values(last_used_at=when))


def authenticate(session: Session, token: str) -> Principal:
    key_id, _, secret = token.partition(".")
    key = session.get(ApiKey, key_id) if key_id and secret else None
    if key is None or not key.usable_at(utcnow()) or not hmac.compare_digest(key.secret_sha256, _digest(secret)):
        raise Unauthorized("invalid, revoked or expired API key")
    return _principal(key)


def principal_of_key(session: Session, key_id: str) -> Principal:
    """The caller behind a key already authenticated once (a console session): refused once the key is revoked."""
    key = session.get(ApiKey, key_id)
    if key is None or not key.usable_at(utcnow()):
        raise Unauthorized("the API key behind this session was revoked or expired")
    return _principal(key)


def get_member(session: Session, tenant_id: str, external_id: str) -> Member:
    member = session.scalar(
        select(Member).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == external_id)
    )
    if member is None:
        raise NotFound(f"member {external_id!r} not found")
    return member


def upsert_member(
    session: Session, tenant_id: str, external_id: str, display_name: str | None = None
) -> tuple[Member, bool]:
    """The member with this external id, created if new. Safe under concurrent calls: a unique key decides."""
    dialect = upsert_dialect(session.get_bind())
    stmt = (
        dialect.insert(Member)
        .values(
            tenant_id=tenant_id, external_id=external_id, display_name=display_name, attributes={}, created_at=utcnow()
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "external_id"])
        .returning(Member.id)
    )
    created = session.execute(stmt).first() is not None
    return get_member(session, tenant_id, external_id), created


MAX_ATTRIBUTE_BYTES = 16_384
CONTACT_FIELDS = frozenset({"email", "locale"})


def update_contact(session: Session, tenant_id: str, external_id: str, changes: dict[str, str | None]) -> Member:
    """Sets the member's `email` and `locale` (validated by the caller); None removes one."""
    member = get_member(session, tenant_id, external_id)
    for name, value in changes.items():
        if name not in CONTACT_FIELDS:
            raise InvalidInput(f"unknown contact field {name!r}", field=name)
        setattr(member, name, value)
    session.add(member)
    session.flush()
    return member


def update_attributes(session: Session, tenant_id: str, external_id: str, changes: dict[str, Any]) -> Member:
    """Merge `changes` into the member's attributes: a key set to None is removed. The row is locked for the
    read-modify-write (PostgreSQL; SQLite writers hold the database lock), so concurrent patches both land."""
    stmt = select(Member).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == external_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    member = session.scalar(stmt)
    if member is None:
        raise NotFound(f"member {external_id!r} not found")
    merged = {**member.attributes, **changes}
    attributes = {key: value for key, value in merged.items() if value is not None}
    size = len(json.dumps(attributes, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_ATTRIBUTE_BYTES:
        raise InvalidInput(f"attributes would take {size} bytes; at most {MAX_ATTRIBUTE_BYTES}", field="attributes")
    member.attributes = attributes
    session.add(member)
    session.flush()
    return member


def resolve_member_ids(session: Session, tenant_id: str, external_ids: Iterable[str]) -> dict[str, int]:
    """Internal ids for many external ids, creating the members that do not exist yet (events name new members)."""
    wanted = set(external_ids)
    if not wanted:
        return {}
    found = _member_ids(session, tenant_id, wanted)
    missing = wanted - found.keys()
    if missing:
        _create_members(session, tenant_id, missing)
        found |= _member_ids(session, tenant_id, missing)
    return found


class MemberRow(NamedTuple):
    id: int
    external_id: str
    attributes: dict[str, Any]
    created_at: datetime


def lock_members(session: Session, tenant_id: str, external_ids: Iterable[str]) -> list[MemberRow]:
    """`resolve_member_ids` for ingestion: the members' rows, locked in id order on PostgreSQL (as
    `achievements.state.load_states` locks them), read with the same statement that finds their ids. Members that
    do not exist yet are created, then read (and locked) with a second statement."""
    wanted = set(external_ids)
    if not wanted:
        return []
    query = _member_rows_query(is_postgres(session.get_bind()))
    conn = session.connection()
    rows = [MemberRow(*row) for row in conn.execute(query, {"tenant_id": tenant_id, "ids": list(wanted)})]
    missing = wanted - {row.external_id for row in rows}
    if missing:
        _create_members(session, tenant_id, missing)
        rows += [MemberRow(*row) for row in conn.execute(query, {"tenant_id": tenant_id, "ids": list(missing)})]
    return rows


@cache
def _member_rows_query(postgres: bool) -> Select[int, str, dict[str, Any], datetime]:
    query = (
        select(col(Member.id), col(Member.external_id), col(Member.attributes), col(Member.created_at))
        .where(col(Member.tenant_id) == bindparam("tenant_id"), one_of_bound(postgres, col(Member.external_id), "ids"))
        .order_by(col(Member.id))
    )
    return query.with_for_update() if postgres else query


def _create_members(session: Session, tenant_id: str, external_ids: set[str]) -> None:
    """Members for these external ids, skipping any a concurrent transaction created first."""
    now = utcnow()
    session.execute(
        upsert_dialect(session.get_bind())
        .insert(Member.__table__)  # type: ignore[attr-defined]
        .on_conflict_do_nothing(index_elements=["tenant_id", "external_id"]),
        [
            {"tenant_id": tenant_id, "external_id": e, "display_name": None, "attributes": {}, "created_at": now}
            for e in sorted(external_ids)
        ],
    )


def _member_ids(session: Session, tenant_id: str, external_ids: set[str]) -> dict[str, int]:
    query = _member_ids_query(is_postgres(session.get_bind()))
    rows = session.connection().execute(query, {"tenant_id": tenant_id, "ids": list(external_ids)})
    return {external_id: member_id for external_id, member_id in rows.all() if member_id is not None}


@cache
def _member_ids_query(postgres: bool) -> Select[str, int | None]:
    """Read by every batch of events: built once per dialect (building a select costs more than running it)."""
    return select(col(Member.external_id), col(Member.id)).where(
        col(Member.tenant_id) == bindparam("tenant_id"), one_of_bound(postgres, col(Member.external_id), "ids")
    )


class KeyUseRecorder:
    """Writes an API key's `last_used_at` at most once per `resolution` seconds per process: a write per request
    would put every read behind the database's write lock on SQLite, and to the minute is what an operator needs."""

    def __init__(self, engine: Engine, resolution: float) -> None:
        self.engine = engine
        self.resolution = resolution
        self._written: dict[str, float] = {}
        self._lock = threading.Lock()

    def due(self, key_id: str) -> bool:
        """Whether `used` would write now."""
        last = self._written.get(key_id)
        return last is None or time.monotonic() - last >= self.resolution

    def used(self, key_id: str) -> None:
        now = time.monotonic()
        with self._lock:
            last = self._written.get(key_id)
            if last is not None and now - last < self.resolution:
                return
            if len(self._written) >= 100_000:
                self._written.clear()
            self._written[key_id] = now
        with unit_of_work(self.engine) as session:
            record_key_use(session, key_id, utcnow())
