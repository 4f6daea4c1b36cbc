"""Tables of the transaction pipeline: every transaction Laurel signs, and the next nonce of each sender."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Index, LargeBinary, String
from sqlmodel import Field, SQLModel

from core.types import BigIntPK, UTCDateTime, utcnow


class TxStatus(StrEnum):
    PLANNED = "planned"
    SIGNED = "signed"
    BROADCAST = "broadcast"
    INCLUDED = "included"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    REPLACED = "replaced"


ACTIVE_STATUSES = (TxStatus.PLANNED, TxStatus.SIGNED, TxStatus.BROADCAST, TxStatus.INCLUDED)
FINAL_STATUSES = (TxStatus.CONFIRMED, TxStatus.FAILED)


class ChainTransaction(SQLModel, table=True):
    """One signed version of an intent (`reference`). A re-priced replacement is a new row with the same
    sender and nonce; whichever of them is mined stays, the others end `replaced`.

    `due_at` is both the schedule and the lease: a worker that claims a row pushes it forward by the lease
    time, and sets it to the next poll when done. A worker that dies leaves a row that falls due again.
    """

    __tablename__ = "chain_transactions"
    __table_args__ = (
        Index("ix_chain_tx_due", "chain", "status", "due_at"),
        Index("ix_chain_tx_sender_nonce", "chain", "sender", "nonce"),
    )

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    chain: str = Field(max_length=16)
    purpose: str = Field(max_length=32)
    reference: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    sender: str = Field(max_length=64)
    to_address: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    status: str = Field(default=TxStatus.PLANNED, max_length=16)
    nonce: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    gas_limit: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    max_fee: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    max_priority_fee: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    raw: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    tx_hash: str | None = Field(default=None, sa_column=Column(String(80), nullable=True, index=True))
    replaces_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    succeeded: bool | None = None
    block_number: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    block_hash: str | None = Field(default=None, sa_column=Column(String(80), nullable=True))
    gas_used: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    broadcast_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    due_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


class ChainSender(SQLModel, table=True):
    """The nonce sequence of one signing key; rows are locked while a nonce is taken."""

    __tablename__ = "chain_senders"

    chain: str = Field(primary_key=True, max_length=16)
    address: str = Field(primary_key=True, max_length=64)
    next_nonce: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class ChainIdentity(SQLModel, table=True):
    """The genesis block of the chain Laurel confirmed transactions on, per configured chain: a node answering with
    another genesis under the same name (a devnet wiped and started afresh) runs another chain, where the recorded
    history does not exist."""

    __tablename__ = "chain_identities"

    chain: str = Field(primary_key=True, max_length=16)
    genesis_hash: str = Field(max_length=80)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
