"""Idempotent actions for operations that carry no id of their own (a reward redeemed, a promo code used at the
till): the caller names the action with a key, and the action's answer is kept under it in the same transaction.

The same key with the same body gives the kept answer back and runs nothing; the same key with another body is a
409. Two requests racing on one key both try to insert the row: the loser's transaction (with the work it did) rolls
back on the unique key, and `run_in_transaction` runs it again, which then reads the winner's answer.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Column, String, UniqueConstraint, select
from sqlmodel import Field, Session, SQLModel, col

from core.errors import IdempotencyConflict
from core.types import BigIntPK, JsonColumn, UTCDateTime, utcnow


class IdempotentAction(SQLModel, table=True):
    __tablename__ = "idempotent_actions"
    __table_args__ = (UniqueConstraint("tenant_id", "key", name="uq_idempotent_actions_tenant_key"),)

    id: int | None = Field(default=None, sa_column=Column(BigIntPK, primary_key=True, autoincrement=True))
    tenant_id: str = Field(max_length=40)
    key: str = Field(sa_column=Column(String(128), nullable=False))
    action: str = Field(sa_column=Column(String(64), nullable=False))
    body_sha256: str = Field(sa_column=Column(String(64), nullable=False))
    answer: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


def body_digest(action: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([action, body], sort_keys=True, default=str).encode()).hexdigest()


def run_once(
    session: Session,
    tenant_id: str,
    key: str,
    action: str,
    body: dict[str, Any],
    work: Callable[[], dict[str, Any]],
) -> tuple[dict[str, Any], bool]:
    """`work()`'s answer and True, or the answer kept under `key` and False when the key was used before."""
    digest = body_digest(action, body)
    kept = session.scalars(
        select(IdempotentAction).where(col(IdempotentAction.tenant_id) == tenant_id, col(IdempotentAction.key) == key)
    ).first()
    if kept is not None:
        if kept.body_sha256 != digest:
            raise IdempotencyConflict(f"idempotency key {key!r} was used for another request", key=key)
        return kept.answer, False
    answer = work()
    session.add(IdempotentAction(tenant_id=tenant_id, key=key, action=action, body_sha256=digest, answer=answer))
    session.flush()
    return answer, True
