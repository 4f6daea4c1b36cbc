"""Notices: what happened that apps may subscribe to (`badge.awarded`, `points.expired`, ...), published by the domain
packages inside the transaction that caused it, so a notice is written if and only if its cause is.

The packages that publish (the engine, targeting, loyalty) sit below or beside the one that delivers them
(notifications), so they reach it through this port: notifications registers its outbox when it is imported, as the
API and the worker do. Publishing with no outbox registered raises, rather than losing notices in silence.
"""

from collections.abc import Sequence
from typing import Any, Protocol

from sqlmodel import Session

Notice = tuple[str, dict[str, Any]]


class Outbox(Protocol):
    def subscribers(self, session: Session, tenant_id: str) -> Sequence[Any]:
        """The tenant's active subscriptions; empty when nobody listens, so callers can skip building notices."""
        ...

    def enqueue(self, session: Session, tenant_id: str, subscribers: Sequence[Any], notices: list[Notice]) -> list[str]:
        """Write the notices for these subscribers in the caller's transaction; returns the delivery ids."""
        ...


_outbox: Outbox | None = None


def register_outbox(outbox: Outbox) -> None:
    global _outbox
    _outbox = outbox


def _registered() -> Outbox:
    if _outbox is None:
        raise RuntimeError("no notice outbox is registered: import the notifications package first")
    return _outbox


def notice_subscribers(session: Session, tenant_id: str) -> Sequence[Any]:
    return _registered().subscribers(session, tenant_id)


def publish_notices(session: Session, tenant_id: str, subscribers: Sequence[Any], notices: list[Notice]) -> list[str]:
    return _registered().enqueue(session, tenant_id, subscribers, notices)
