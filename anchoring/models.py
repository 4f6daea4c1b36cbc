"""Tables of anchored balances: each epoch and its root, the transactions that anchor it on each chain, the leaves
it was built from (what a proof is cut from), and each member's salt."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from core.types import UTCDateTime, utcnow


class AnchorEpoch(SQLModel, table=True):
    """One tree over every member's available balance in every program, as the balances stood at `taken_at`."""

    __tablename__ = "anchor_epochs"

    number: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    root: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    leaves: int
    taken_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime(timezone=True))


class AnchorTransaction(SQLModel, table=True):
    """An attempt to record an epoch's root on one chain: a chain transaction's `reference`. An attempt whose
    transaction failed is followed by another one; the newest attempt is the one that counts."""

    __tablename__ = "anchor_transactions"

    reference: str = Field(primary_key=True, max_length=64)
    epoch: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    chain: str = Field(max_length=16)
    contract: str = Field(max_length=64)
    planned_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime(timezone=True))


class AnchorLeaf(SQLModel, table=True):
    """A member's available balance in one program at an epoch, and its leaf hash."""

    __tablename__ = "anchor_leaves"
    __table_args__ = (Index("ix_anchor_leaves_member", "tenant_id", "member_id", "program_id", "epoch"),)

    epoch: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    leaf: bytes = Field(sa_column=Column(LargeBinary(32), primary_key=True))
    tenant_id: str = Field(max_length=40)
    member_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    program_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    balance: int = Field(sa_column=Column(BigInteger, nullable=False))


class MemberSalt(SQLModel, table=True):
    """The secret a member's leaves are salted with, so a published proof's sibling hashes reveal nobody's
    balance; the member learns it with their own proof."""

    __tablename__ = "anchor_member_salts"

    member_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    tenant_id: str = Field(max_length=40, index=True)
    salt: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
