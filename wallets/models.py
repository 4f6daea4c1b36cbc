"""Tables of the ledger, the programs whose currencies it counts, and the sealed key material."""

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import BigInteger, Column, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class Program(SQLModel, table=True):
    """A loyalty or incentive scheme and its point currency. Every tenant has one keyed `default`."""

    __tablename__ = "programs"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_programs_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    key: str = Field(max_length=64)
    name: str = Field(max_length=200)
    symbol: str = Field(default="PTS", max_length=16)
    decimals: int = Field(default=0)
    status: str = Field(default="active", max_length=16)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    budget: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    budget_used: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0"))
    closes_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class LedgerTransaction(SQLModel, table=True):
    """A balanced set of postings; its idempotency key makes a retried write a no-op."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (UniqueConstraint("tenant_id", "idempotency_key", name="uq_ledger_tx_idempotency"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    kind: str = Field(max_length=32)
    idempotency_key: str = Field(sa_column=Column(String(200), nullable=False))
    memo: str = Field(default="", max_length=500)
    event_id: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Posting(SQLModel, table=True):
    """One leg of a ledger transaction. Append-only: never updated, never deleted."""

    __tablename__ = "ledger_postings"
    __table_args__ = (Index("ix_postings_account", "tenant_id", "program_id", "account", "id"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    transaction_id: int = Field(
        sa_column=Column(BigInteger, ForeignKey("ledger_transactions.id"), nullable=False, index=True)
    )
    tenant_id: str = Field(max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    account: str = Field(sa_column=Column(String(120), nullable=False))
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Balance(SQLModel, table=True):
    """A cache of sum(postings) per account, kept in the posting's transaction and re-derivable at any time."""

    __tablename__ = "ledger_balances"

    tenant_id: str = Field(primary_key=True, max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    account: str = Field(sa_column=Column(String(120), primary_key=True))
    balance: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    lifetime: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class SealedSecret(SQLModel, table=True):
    """Key material encrypted with AES-GCM under the master key, which never enters the database."""

    __tablename__ = "sealed_secrets"

    name: str = Field(primary_key=True, max_length=64)
    kdf: str = Field(max_length=16)
    salt: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    nonce: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class MemberWallet(SQLModel, table=True):
    """A member's custodial address on one chain, derived from the HD seed (the key itself is never stored)."""

    __tablename__ = "member_wallets"
    __table_args__ = (UniqueConstraint("chain", "address", name="uq_member_wallets_address"),)

    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), primary_key=True))
    chain: str = Field(primary_key=True, max_length=16)
    tenant_id: str = Field(max_length=40, index=True)
    address: str = Field(max_length=64)
    derivation_path: str = Field(max_length=64)


class Payout(SQLModel, table=True):
    """Points leaving the ledger as tokens: reserved at once, settled or released when the chain has spoken.

    `token_amount` is a decimal string: token units (points x the program's rate) overflow 64-bit integers.
    """

    __tablename__ = "payouts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key", name="uq_payouts_idempotency"),
        Index("ix_payouts_chain_status", "chain", "status", "created_at"),
        Index("ix_payouts_member_time", "tenant_id", "member_id", "created_at"),
    )

    id: str = Field(primary_key=True, max_length=40)
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    program_id: int = Field(sa_column=Column(BigInteger, ForeignKey("programs.id"), nullable=False))
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    chain: str = Field(max_length=16)
    to_address: str = Field(max_length=64)
    custodial: bool
    token_address: str = Field(max_length=64)
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    token_amount: str = Field(sa_column=Column(String(80), nullable=False))
    status: str = Field(max_length=16)
    idempotency_key: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    request_sha256: str = Field(max_length=64)
    batch_id: str | None = Field(default=None, sa_column=Column(String(40), nullable=True, index=True))
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class PayoutRecord(Protocol):
    """What a settlement reads of a payout: a `Payout`, or the few columns a settlement reads without loading one."""

    @property
    def id(self) -> str: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def program_id(self) -> int: ...
    @property
    def member_id(self) -> int: ...
    @property
    def chain(self) -> str: ...
    @property
    def to_address(self) -> str: ...
    @property
    def points(self) -> int: ...
    @property
    def token_amount(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def error(self) -> str | None: ...


class BadgeMint(SQLModel, table=True):
    """A soulbound badge token owed to a member's custodial address on one chain: queued when the badge is awarded
    (in the award's transaction), batched into `mintBatch`, and marked minted or failed when the chain has spoken."""

    __tablename__ = "badge_mints"
    __table_args__ = (
        UniqueConstraint("tenant_id", "member_id", "badge", "chain", name="uq_badge_mints_once"),
        Index("ix_badge_mints_chain_status", "chain", "status", "created_at"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(foreign_key="tenants.id", max_length=40)
    member_id: int = Field(sa_column=Column(BigInteger, ForeignKey("members.id"), nullable=False))
    badge: str = Field(max_length=64)
    token_id: str = Field(max_length=80)
    chain: str = Field(max_length=16)
    status: str = Field(default="queued", max_length=16)
    batch_id: str | None = Field(default=None, sa_column=Column(String(40), nullable=True, index=True))
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
