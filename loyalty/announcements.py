"""Announcements: news and promotions a tenant shows on its members' pages between a start and an optional end.

Creating one publishes an `announcement.published` notice in the same transaction (see `core.notices`): webhooks
relay it, and an email sender can subscribe to it (the notice carries the dates, so a sender can hold a future one
until it starts)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from core.errors import InvalidInput, NotFound
from core.ids import new_id
from core.notices import notice_subscribers, publish_notices
from core.types import utcnow
from loyalty.models import Announcement

KINDS = ("news", "promotion")


@dataclass(frozen=True)
class AnnouncementView:
    id: str
    kind: str
    title: str
    body: str
    starts_at: datetime
    ends_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Announcement) -> "AnnouncementView":
        return cls(row.id, row.kind, row.title, row.body, row.starts_at, row.ends_at, row.created_at, row.updated_at)

    def notice(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
        }


def _check(kind: str, starts_at: datetime, ends_at: datetime | None) -> None:
    if kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}")
    if ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("ends_at must come after starts_at")


def create_announcement(
    session: Session,
    tenant_id: str,
    *,
    kind: str,
    title: str,
    body: str,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> AnnouncementView:
    """A new announcement (starting now when `starts_at` is left out), and its notice."""
    starts = starts_at or utcnow()
    _check(kind, starts, ends_at)
    row = Announcement(
        id=new_id("ann"), tenant_id=tenant_id, kind=kind, title=title, body=body, starts_at=starts, ends_at=ends_at
    )
    session.add(row)
    session.flush()
    view = AnnouncementView.of(row)
    hooks = notice_subscribers(session, tenant_id)
    if hooks:
        publish_notices(session, tenant_id, hooks, [("announcement.published", view.notice())])
    return view


def _row(session: Session, tenant_id: str, announcement_id: str) -> Announcement:
    row = session.get(Announcement, announcement_id)
    if row is None or row.tenant_id != tenant_id:
        raise NotFound(f"announcement {announcement_id!r} not found")
    return row


def get_announcement(session: Session, tenant_id: str, announcement_id: str) -> AnnouncementView:
    return AnnouncementView.of(_row(session, tenant_id, announcement_id))


def list_announcements(
    session: Session, tenant_id: str, *, current_at: datetime | None = None, limit: int = 100
) -> list[AnnouncementView]:
    """The tenant's announcements, newest start first; with `current_at`, only those showing at that moment."""
    query = select(Announcement).where(col(Announcement.tenant_id) == tenant_id)
    if current_at is not None:
        query = query.where(
            col(Announcement.starts_at) <= current_at,
            or_(col(Announcement.ends_at).is_(None), col(Announcement.ends_at) > current_at),
        )
    rows = session.scalars(query.order_by(col(Announcement.starts_at).desc(), col(Announcement.id)).limit(limit))
    return [AnnouncementView.of(row) for row in rows]


def update_announcement(
    session: Session, tenant_id: str, announcement_id: str, changes: dict[str, Any]
) -> AnnouncementView:
    """Change any of kind, title, body, starts_at, ends_at (None clears the end)."""
    row = _row(session, tenant_id, announcement_id)
    for name in ("kind", "title", "body", "starts_at", "ends_at"):
        if name in changes:
            if changes[name] is None and name != "ends_at":
                raise InvalidInput(f"{name} cannot be cleared")
            setattr(row, name, changes[name])
    _check(row.kind, row.starts_at, row.ends_at)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return AnnouncementView.of(row)


def delete_announcement(session: Session, tenant_id: str, announcement_id: str) -> None:
    session.delete(_row(session, tenant_id, announcement_id))
    session.flush()
