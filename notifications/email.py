"""Email to members: notices (points earned, points expiring, level reached, badge awarded, payout confirmed) and
announcements, written to an outbox in the transaction that caused them and sent later by the worker over SMTP.

The outbox has one row per notice and member, under a unique key, so one notice is never queued twice; a row is
claimed (leased) before it is sent and marked sent right after, and its Message-ID is derived from the row, so a
receiver drops the rare second copy of a send whose mark was lost to a crash. Failed sends are retried with backoff.
Points earned wait `LAUREL_EMAIL_BATCH_SECONDS` and go out as one email per member. Each email carries a signed
one-click unsubscribe link for its kind (RFC 8058 `List-Unsubscribe` and `List-Unsubscribe-Post` headers).

Email joins the notices' port (`core.notices`) beside webhooks: the registered outbox below hands webhook
subscribers to `notifications.webhooks` and, when email is on in this process (`enable_email`), writes email rows.
"""

import base64
import hashlib
import hmac
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select, update
from sqlmodel import Session, col

from core.db import unit_of_work, upsert_dialect
from core.ids import new_id
from core.notices import Notice, register_outbox
from core.settings import Settings
from core.tenancy import Member
from core.types import utcnow
from notifications import webhooks
from notifications.models import EmailOptOut, EmailOutboxRow
from notifications.smtp import plain_message, send, smtp_configured
from notifications.templates import KINDS, compose
from wallets.keystore import KeyStore

UNSUBSCRIBE_PURPOSE = "email-unsubscribe"
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=120)
SWEEP = 100


@dataclass
class _Switch:
    on: bool = False
    batch: timedelta = timedelta(seconds=300)


_email = _Switch()
EMAIL = "email"  # the subscriber that stands for the email channel among the webhook subscriptions


def enable_email(settings: Settings) -> None:
    """Turns email on in this process when SMTP is configured (the API and the worker call it at start)."""
    _email.on = smtp_configured(settings)
    _email.batch = timedelta(seconds=settings.email_batch_seconds)


class NoticeOutbox:
    """The notices' outbox: webhook deliveries for the subscriptions, email rows for the members with an address."""

    def subscribers(self, session: Session, tenant_id: str) -> list[Any]:
        hooks: list[Any] = webhooks.active_webhooks(session, tenant_id)
        return [*hooks, EMAIL] if _email.on else hooks

    def enqueue(self, session: Session, tenant_id: str, subscribers: Sequence[Any], notices: list[Notice]) -> list[str]:
        hooks = [s for s in subscribers if s != EMAIL]
        if EMAIL in subscribers:
            queue_emails(session, tenant_id, [(new_id("ntc"), kind, data) for kind, data in notices])
            for kind, data in notices:
                if kind == "announcement.published":  # to every member with an address, not one member
                    announce(session, tenant_id, str(data["id"]), str(data["title"]), str(data["body"]))
        return webhooks.enqueue(session, tenant_id, hooks, notices) if hooks else []


def queue_emails(session: Session, tenant_id: str, notices: list[tuple[str, str, dict[str, Any]]]) -> int:
    """Outbox rows for the (notice id, kind, data) whose member has an address and has not opted out of the kind;
    a notice id already queued for a member is skipped. Returns how many rows were written."""
    wanted = [(notice_id, kind, data) for notice_id, kind, data in notices if kind in KINDS and data.get("member")]
    if not wanted:
        return 0
    names = {str(data["member"]) for _, _, data in wanted}
    members = {
        m.external_id: m.id
        for m in session.scalars(
            select(Member).where(
                col(Member.tenant_id) == tenant_id,
                col(Member.external_id).in_(names),
                col(Member.email).is_not(None),
                col(Member.erased_at).is_(None),
            )
        )
    }
    if not members:
        return 0
    opted = set(
        session.execute(
            select(col(EmailOptOut.member_id), col(EmailOptOut.kind)).where(
                col(EmailOptOut.tenant_id) == tenant_id, col(EmailOptOut.member_id).in_(members.values())
            )
        ).tuples()
    )
    now = utcnow()
    rows = [
        {
            "tenant_id": tenant_id,
            "notice_id": notice_id,
            "member_id": members[str(data["member"])],
            "kind": kind,
            "data": data,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now + _email.batch if kind == "points.earned" else now,
            "created_at": now,
        }
        for notice_id, kind, data in wanted
        if str(data["member"]) in members and (members[str(data["member"])], kind) not in opted
    ]
    if not rows:
        return 0
    dialect = upsert_dialect(session.get_bind())
    stmt = dialect.insert(EmailOutboxRow).on_conflict_do_nothing(index_elements=["notice_id", "member_id"])
    session.execute(stmt, rows)
    return len(rows)


def announce(session: Session, tenant_id: str, announcement_id: str, title: str, body: str) -> int:
    """Queues an announcement for every member with an address who has not opted out of announcements, in the
    caller's transaction. Announcing the same id again queues nothing more (the outbox's unique key)."""
    names = session.scalars(
        select(col(Member.external_id)).where(
            col(Member.tenant_id) == tenant_id, col(Member.email).is_not(None), col(Member.erased_at).is_(None)
        )
    )
    notice_id = f"announcement:{announcement_id}"[:80]
    data = {"title": title, "body": body}
    return queue_emails(session, tenant_id, [(notice_id, "announcement", {**data, "member": n}) for n in names])


_MAC_BYTES = 16


def unsubscribe_token(keystore: KeyStore, tenant_id: str, member_id: int, kind: str) -> str:
    claims = f"{tenant_id}|{member_id}|{kind}"
    mac = hmac.new(keystore.derived_key(UNSUBSCRIBE_PURPOSE), claims.encode(), hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(claims.encode() + b"|" + mac).rstrip(b"=").decode()


def read_unsubscribe_token(keystore: KeyStore, token: str) -> tuple[str, int, str] | None:
    """(tenant id, member id, kind) of a token this service signed; None for anything else. The MAC is the last
    `_MAC_BYTES` bytes, found by length: its bytes may themselves be a `|`."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        claims, separator, mac = raw[: -_MAC_BYTES - 1], raw[-_MAC_BYTES - 1 : -_MAC_BYTES], raw[-_MAC_BYTES:]
        if separator != b"|":
            return None
        tenant_id, member_id, kind = claims.decode().split("|")
        expected = hmac.new(keystore.derived_key(UNSUBSCRIBE_PURPOSE), claims, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(expected, mac) or kind not in KINDS:
            return None
        return tenant_id, int(member_id), kind
    except ValueError:
        return None


def opt_out(session: Session, tenant_id: str, member_id: int, kind: str) -> None:
    """Stops emails of this kind to the member, and drops those still waiting (idempotent)."""
    dialect = upsert_dialect(session.get_bind())
    session.execute(
        dialect.insert(EmailOptOut)
        .values(tenant_id=tenant_id, member_id=member_id, kind=kind, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["tenant_id", "member_id", "kind"])
    )
    session.execute(
        update(EmailOutboxRow)
        .where(
            col(EmailOutboxRow.tenant_id) == tenant_id,
            col(EmailOutboxRow.member_id) == member_id,
            col(EmailOutboxRow.kind) == kind,
            col(EmailOutboxRow.status) == "pending",
        )
        .values(status="skipped")
    )


def deliver_due_emails(engine: Engine, keystore: KeyStore, settings: Settings) -> int:
    """Sends the due emails (a batch of points earned per member as one); returns how many were sent."""
    sent = 0
    for group in _claim_due(engine):
        sent += _send_group(engine, keystore, settings, group)
    return sent


def _claim_due(engine: Engine) -> list[list[int]]:
    """Leases the due rows (so another worker leaves them alone) and groups them: one group per email."""
    now = utcnow()
    with unit_of_work(engine) as session:
        due = list(
            session.scalars(
                select(EmailOutboxRow)
                .where(col(EmailOutboxRow.status) == "pending", col(EmailOutboxRow.next_attempt_at) <= now)
                .order_by(col(EmailOutboxRow.id))
                .limit(SWEEP)
            )
        )
        groups: dict[tuple[Any, ...], list[int]] = {}
        for row in due:
            assert row.id is not None
            key = (row.member_id, row.kind) if row.kind == "points.earned" else (row.id,)
            groups.setdefault(key, []).append(row.id)
        if due:
            ids = [row.id for row in due]
            session.execute(
                update(EmailOutboxRow).where(col(EmailOutboxRow.id).in_(ids)).values(next_attempt_at=now + LEASE)
            )
    return list(groups.values())


def _send_group(engine: Engine, keystore: KeyStore, settings: Settings, ids: list[int]) -> int:
    with unit_of_work(engine, read_only=True) as session:
        rows = list(session.scalars(select(EmailOutboxRow).where(col(EmailOutboxRow.id).in_(ids))))
        first = rows[0]
        member = session.get(Member, first.member_id)
        opted = session.get(EmailOptOut, (first.tenant_id, first.member_id, first.kind)) is not None
    if member is None or not member.email or member.erased_at is not None or opted:
        _finish(engine, ids, status="skipped")
        return 0
    data = dict(first.data)
    if first.kind == "points.earned":
        data["points"] = sum(int(row.data.get("points") or 0) for row in rows)
        data["balance"] = rows[-1].data.get("balance", data.get("balance"))
    token = unsubscribe_token(keystore, first.tenant_id, first.member_id, first.kind)
    link = f"{_base(settings)}/v1/unsubscribe?token={token}"
    subject, body = compose(first.kind, member.locale, data, link)
    message = plain_message(member.email, subject, body, name=member.display_name)
    message["List-Unsubscribe"] = f"<{link}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Message-ID"] = f"<{first.notice_id.replace(':', '.')}.{first.member_id}@laurel>"
    try:
        send(settings, message)
    except (OSError, smtplib.SMTPException) as exc:
        _retry(engine, ids, f"{type(exc).__name__}: {exc}"[:300])
        return 0
    _finish(engine, ids, status="sent")
    return 1


def _base(settings: Settings) -> str:
    return settings.public_url.rstrip("/") or "http://127.0.0.1:8000"


def _finish(engine: Engine, ids: list[int], *, status: str) -> None:
    with unit_of_work(engine) as session:
        session.execute(
            update(EmailOutboxRow).where(col(EmailOutboxRow.id).in_(ids)).values(status=status, sent_at=utcnow())
        )


def _retry(engine: Engine, ids: list[int], error: str) -> None:
    now = utcnow()
    with unit_of_work(engine) as session:
        for row in session.scalars(select(EmailOutboxRow).where(col(EmailOutboxRow.id).in_(ids))):
            row.attempts += 1
            row.error = error
            if row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
            else:
                row.next_attempt_at = now + webhooks.backoff(row.attempts, cap=1800.0)
            session.add(row)


register_outbox(NoticeOutbox())
