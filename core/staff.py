"""Staff: the people who run a tenant's program from the console, each with one role.

An owner invites someone by email and role; the invitee sets a password (hashed with argon2) from the invitation
link. Removing a user bumps their `session_version`, which every console session names and every request checks,
so a removed user is signed out everywhere at once. Removed users are kept (marked) so the audit log can still
name them.

What a role may do is a set of capabilities; pages and actions ask for a capability, never for a role.
"""

from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, Index, String, func, select
from sqlmodel import Field, Session, SQLModel, col

from core.audit import record
from core.errors import Conflict, InvalidInput, NotFound, Unauthorized
from core.ids import new_id
from core.types import UTCDateTime, utcnow


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MODERATOR = "moderator"
    CASHIER = "cashier"
    VIEWER = "viewer"


class Capability(StrEnum):
    READ = "read"  # see the console's pages
    CONTENT = "content"  # definitions, segments, moderation: nothing that moves points or money
    MONEY = "money"  # anything that moves points, prices or programs (promo codes, rewards, passes, adjustments)
    TILL = "till"  # the till: find a member, record a purchase, redeem
    AUDIT = "audit"  # read the audit log
    STAFF = "staff"  # invite and remove staff


CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.OWNER: frozenset(Capability),
    Role.ADMIN: frozenset(Capability) - {Capability.STAFF},
    Role.MODERATOR: frozenset({Capability.READ, Capability.CONTENT}),
    Role.CASHIER: frozenset({Capability.TILL}),
    Role.VIEWER: frozenset({Capability.READ}),
}

MIN_PASSWORD = 10
_hasher = PasswordHasher()


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_users"
    __table_args__ = (Index("ix_staff_users_email", "email"),)

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(foreign_key="tenants.id", index=True, max_length=40)
    email: str = Field(sa_column=Column(String(254), nullable=False))
    role: str = Field(max_length=16)
    password_hash: str | None = Field(default=None, max_length=200)
    session_version: int = 1
    invited_by: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    accepted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    removed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))

    @property
    def capabilities(self) -> frozenset[Capability]:
        return CAPABILITIES[Role(self.role)]


# What `normal_email` takes, as a JSON Schema pattern for request bodies: a name, an @, a domain with a dot, no spaces.
EMAIL_PATTERN = r"^[^@\s\x00]+@[^\s\x00]*\.[^\s\x00]*$"


def normal_email(email: str) -> str:
    email = email.strip().lower()
    name, at, domain = email.partition("@")
    if not (name and at and "." in domain) or len(email) > 254 or any(c.isspace() for c in email):
        raise InvalidInput("email must be an address like name@example.com", field="email")
    return email


def _active(session: Session, tenant_id: str, email: str) -> StaffUser | None:
    return session.scalars(
        select(StaffUser).where(
            col(StaffUser.tenant_id) == tenant_id,
            func.lower(col(StaffUser.email)) == email,
            col(StaffUser.removed_at).is_(None),
        )
    ).first()


def invite(session: Session, tenant_id: str, email: str, role: str, invited_by: str) -> StaffUser:
    """A new console user awaiting their password. The same address twice in one tenant is a 409."""
    email = normal_email(email)
    try:
        role = Role(role).value
    except ValueError as exc:
        raise InvalidInput(f"role must be one of {', '.join(r.value for r in Role)}", field="role") from exc
    if _active(session, tenant_id, email):
        raise Conflict(f"{email} is already on this tenant's staff")
    user = StaffUser(id=new_id("stf"), tenant_id=tenant_id, email=email, role=role, invited_by=invited_by)
    session.add(user)
    session.flush()
    return user


def list_staff(session: Session, tenant_id: str) -> list[StaffUser]:
    query = select(StaffUser).where(col(StaffUser.tenant_id) == tenant_id, col(StaffUser.removed_at).is_(None))
    return list(session.scalars(query.order_by(col(StaffUser.created_at))))


def get_staff(session: Session, tenant_id: str, staff_id: str) -> StaffUser:
    user = session.get(StaffUser, staff_id)
    if user is None or user.tenant_id != tenant_id or user.removed_at is not None:
        raise NotFound(f"no staff user {staff_id!r}")
    return user


def remove(session: Session, tenant_id: str, staff_id: str) -> StaffUser:
    """Marks the user removed and ends every session they hold."""
    user = get_staff(session, tenant_id, staff_id)
    user.removed_at = utcnow()
    user.session_version += 1
    session.add(user)
    session.flush()
    return user


def accept(session: Session, staff_id: str, version: int, password: str) -> StaffUser:
    """Sets the password from an invitation; an invitation works once, and not after the user was removed."""
    user = session.get(StaffUser, staff_id)
    if user is None or user.removed_at is not None or user.password_hash or user.session_version != version:
        raise NotFound("this invitation is no longer valid")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"the password needs at least {MIN_PASSWORD} characters", field="password")
    user.password_hash = _hasher.hash(password)
    user.accepted_at = utcnow()
    session.add(user)
    session.flush()
    record(session, user.tenant_id, f"staff:{user.id}", "staff.accept", f"staff:{user.id}")
    return user


def sign_in(session: Session, email: str, password: str) -> StaffUser:
    """The active user with this address and password (one address may serve several tenants: the first that
    matches). Every failure is the same 401, so the answer does not tell which part was wrong."""
    refused = Unauthorized("wrong email or password")
    try:
        email = normal_email(email)
    except InvalidInput as exc:
        raise refused from exc
    candidates = session.scalars(
        select(StaffUser).where(
            func.lower(col(StaffUser.email)) == email,
            col(StaffUser.removed_at).is_(None),
            col(StaffUser.password_hash).is_not(None),
        )
    )
    for user in candidates:
        try:
            _hasher.verify(str(user.password_hash), password)
        except (VerificationError, InvalidHashError):
            continue
        return user
    raise refused


def active_session_user(session: Session, staff_id: str, version: int) -> StaffUser:
    """The user a console session names, while that session still stands."""
    user = session.get(StaffUser, staff_id)
    if user is None or user.removed_at is not None or user.session_version != version:
        raise Unauthorized("this session has ended")
    return user
