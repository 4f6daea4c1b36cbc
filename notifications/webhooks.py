"""Webhooks: subscriptions, the transactional outbox, and signed delivery with retries and a delivery log.

A notification is written to the outbox in the same transaction as the award that caused it, with an id that never
changes, so receivers can drop duplicates. Delivery happens later, from a worker: each due delivery is leased,
POSTed with an HMAC-SHA256 signature, and on failure retried with exponential backoff until it gives up.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import Engine, or_, select, update
from sqlmodel import Session, col

from chain.models import ChainTransaction
from core import stamps
from core.db import is_postgres, unit_of_work
from core.errors import InvalidInput, NotFound
from core.ids import new_id
from core.notices import Notice, notice_subscribers, publish_notices, register_outbox
from core.outbound import OutboundPolicy, OutboundRefused
from core.settings import Settings
from core.tenancy import Member
from core.types import utcnow
from notifications.models import Webhook, WebhookAttempt, WebhookDelivery
from wallets.keystore import KeyStore
from wallets.models import Payout, PayoutRecord

EVENT_TYPES = frozenset(
    {
        "points.earned",
        "points.expired",
        "points.expiring",
        "program.closing",
        "program.closed",
        "badge.awarded",
        "quest.completed",
        "level.changed",
        "payout.confirmed",
        "payout.failed",
        "payout.replaced",
        "segment.entered",
        "segment.left",
        "subscription.started",
        "subscription.renewed",
        "subscription.cancelled",
        "subscription.lapsed",
        "transfer.sent",
        "transfer.received",
        "recognition.given",
        "recognition.received",
        "goal.reached",
        "announcement.published",
        "event.reversed",
    }
)
SECRET_PURPOSE = "webhook-secret"  # noqa: S105 (a key-derivation label, not a secret)
MAX_ATTEMPTS = 12
LEASE = timedelta(seconds=60)
TIMEOUT_SECONDS = 10.0


def backoff(attempts: int, cap: float = 3600.0) -> timedelta:
    """2 s, 4 s, 8 s … capped at an hour by default: twelve attempts span about four and a half hours."""
    return timedelta(seconds=min(2**attempts, cap))


def signature(secret: bytes, timestamp: int, body: bytes) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the timestamp lets receivers refuse replays."""
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def outbound_policy(settings: Settings) -> OutboundPolicy:
    """Where webhooks may go, as the operator set it (`LAUREL_ALLOW_HTTP_WEBHOOKS`, `LAUREL_WEBHOOK_ALLOW_NETWORKS`)."""
    return OutboundPolicy.of(settings.allow_http_webhooks, settings.webhook_allow_networks)


def create_webhook(
    session: Session, keystore: KeyStore, tenant_id: str, url: str, events: Iterable[str], *, policy: OutboundPolicy
) -> tuple[Webhook, str]:
    """A subscription and its signing secret, returned once (stored only sealed). The URL must lead outward."""
    policy.check_url(url, "url")
    wanted = sorted(set(events))
    unknown = set(wanted) - EVENT_TYPES
    if unknown or not wanted:
        raise InvalidInput(f"events must be among {', '.join(sorted(EVENT_TYPES))}", field="events")
    secret = "whsec_" + secrets.token_urlsafe(32)
    hook = Webhook(
        id=new_id("wh"),
        tenant_id=tenant_id,
        url=url,
        events=wanted,
        sealed_secret=keystore.seal(secret.encode(), SECRET_PURPOSE),
    )
    session.add(hook)
    session.flush()
    stamps.bump(session, _scope(tenant_id))  # every process uses it from its next event on
    return hook, secret


def list_webhooks(session: Session, tenant_id: str) -> list[Webhook]:
    return list(
        session.scalars(select(Webhook).where(col(Webhook.tenant_id) == tenant_id).order_by(col(Webhook.created_at)))
    )


# Subscriptions are read for every batch of events; kept while the tenant's webhooks stamp stands still.
_subscriptions: stamps.StampedCache[list[Webhook]] = stamps.StampedCache()


@stamps.tenant_scope
def _scope(tenant_id: str) -> str:
    return f"webhooks:{tenant_id}"


def active_webhooks(session: Session, tenant_id: str) -> list[Webhook]:
    return _subscriptions.get(tenant_id, stamps.read(session, _scope(tenant_id)), lambda: _active(session, tenant_id))


def _active(session: Session, tenant_id: str) -> list[Webhook]:
    """Loaded, then taken out of the session: a copy shared by later sessions must not expire with this one's
    rollback (a lost race for an event id rolls back, and an expired, detached copy can no longer be read)."""
    hooks = list(
        session.scalars(select(Webhook).where(col(Webhook.tenant_id) == tenant_id, col(Webhook.active).is_(True)))
    )
    for hook in hooks:
        session.expunge(hook)
    return hooks


def enqueue(
    session: Session, tenant_id: str, hooks: list[Webhook], notifications: list[tuple[str, dict[str, Any]]]
) -> list[str]:
    """Write the outbox rows for these notifications (in the caller's transaction); returns the delivery ids."""
    now = utcnow()
    rows = []
    for event_type, data in notifications:
        subscribed = [hook for hook in hooks if event_type in hook.events]
        if not subscribed:
            continue
        payload = {"id": new_id("whe"), "type": event_type, "created_at": now.isoformat(), "data": data}
        rows += [
            {
                "id": new_id("whd"),
                "tenant_id": tenant_id,
                "webhook_id": hook.id,
                "event_type": event_type,
                "payload": payload,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for hook in subscribed
        ]
    if rows:
        session.execute(WebhookDelivery.__table__.insert(), rows)  # type: ignore[attr-defined]
    return [str(row["id"]) for row in rows]


def notify_payouts_settled(session: Session, payouts: Sequence[PayoutRecord]) -> None:
    """`payout.confirmed` or `payout.failed` for each payout, written in the settlement's own transaction (a
    settlement hook, called once per settled batch), through the notices' port so members' emails go out too.
    Asks once per tenant who listens, and reads the members' ids once: a batch settles a thousand payouts."""
    by_tenant: dict[str, list[PayoutRecord]] = {}
    for payout in payouts:
        by_tenant.setdefault(payout.tenant_id, []).append(payout)
    for tenant_id, settled in by_tenant.items():
        subscribers = notice_subscribers(session, tenant_id)
        if subscribers:
            external = _external_ids(session, [p.member_id for p in settled])
            notices = [(f"payout.{p.status}", _payout_data(p, external.get(p.member_id))) for p in settled]
            publish_notices(session, tenant_id, subscribers, notices)


def notify_payout_replaced(session: Session, payout: Payout, old: ChainTransaction, new: ChainTransaction) -> None:
    """`payout.replaced`: the payout's transaction has a new hash (re-priced while stuck, or signed again after it
    expired), written in the replacement's own transaction (a replacement hook)."""
    hooks = active_webhooks(session, payout.tenant_id)
    if hooks:
        member = _external_ids(session, [payout.member_id]).get(payout.member_id)
        data = {**_payout_data(payout, member), "tx_hash": new.tx_hash, "replaced_tx_hash": old.tx_hash}
        enqueue(session, payout.tenant_id, hooks, [("payout.replaced", data)])


def _external_ids(session: Session, member_ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(
        select(col(Member.id), col(Member.external_id)).where(col(Member.id).in_(sorted(set(member_ids))))
    ).tuples()
    return {member_id: external_id for member_id, external_id in rows if member_id is not None}


def _payout_data(payout: PayoutRecord, member: str | None) -> dict[str, Any]:
    return {
        "payout_id": payout.id,
        "member": member,
        "status": payout.status,
        "chain": payout.chain,
        "points": payout.points,
        "token_amount": payout.token_amount,
        "to_address": payout.to_address,
        "error": payout.error,
    }


def deliveries(session: Session, tenant_id: str, webhook_id: str, limit: int = 50) -> list[WebhookDelivery]:
    hook = session.get(Webhook, webhook_id)
    if hook is None or hook.tenant_id != tenant_id:
        raise NotFound(f"webhook {webhook_id!r} not found")
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(col(WebhookDelivery.webhook_id) == webhook_id)
            .order_by(col(WebhookDelivery.created_at).desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class _Claimed:
    id: str
    url: str
    sealed_secret: bytes
    body: bytes
    attempts: int
    event_type: str
    event_id: str


def _claim(engine: Engine, limit: int, only: list[str] | None, tenant_id: str | None) -> list[_Claimed]:
    now = utcnow()
    with unit_of_work(engine) as session:
        stmt = (
            select(WebhookDelivery, Webhook)
            .join(Webhook, col(Webhook.id) == col(WebhookDelivery.webhook_id))
            .where(
                col(WebhookDelivery.status) == "pending",
                col(WebhookDelivery.next_attempt_at) <= now,
                or_(col(WebhookDelivery.lease_until).is_(None), col(WebhookDelivery.lease_until) < now),
            )
            .order_by(col(WebhookDelivery.next_attempt_at))
            .limit(limit)
        )
        if only is not None:
            stmt = stmt.where(col(WebhookDelivery.id).in_(only))
        if tenant_id is not None:
            stmt = stmt.where(col(WebhookDelivery.tenant_id) == tenant_id)
        if is_postgres(engine):
            stmt = stmt.with_for_update(skip_locked=True, of=WebhookDelivery)
        claimed = []
        for delivery, hook in session.execute(stmt).tuples():
            delivery.lease_until = now + LEASE
            claimed.append(
                _Claimed(
                    delivery.id,
                    hook.url,
                    hook.sealed_secret,
                    orjson.dumps(delivery.payload),
                    delivery.attempts,
                    delivery.event_type,
                    delivery.payload["id"],
                )
            )
        return claimed


def deliver_due(
    engine: Engine,
    keystore: KeyStore,
    *,
    policy: OutboundPolicy,
    limit: int = 100,
    only: list[str] | None = None,
    tenant_id: str | None = None,
    max_backoff: float = 3600.0,
) -> int:
    """Deliver what is due (or just `only` these deliveries, or one tenant's); returns how many were delivered.
    Safe to run from many workers at once: each delivery is leased to one of them. Each request goes to the address
    the policy checked, never through a redirect."""
    claimed = _claim(engine, limit, only, tenant_id)
    if not claimed:  # the usual sweep: no client (building its TLS context was most of an idle sweep's CPU)
        return 0
    delivered = 0
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as http:
        for item in claimed:
            delivered += _attempt(engine, keystore, policy, http, item, max_backoff)
    return delivered


def _attempt(
    engine: Engine, keystore: KeyStore, policy: OutboundPolicy, http: httpx.Client, item: _Claimed, max_backoff: float
) -> int:
    secret = keystore.unseal(item.sealed_secret, SECRET_PURPOSE)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "Laurel-Signature": signature(secret, timestamp, item.body),
        "Laurel-Event-Id": item.event_id,
        "Laurel-Event-Type": item.event_type,
        "User-Agent": "Laurel-Webhooks/1",
    }
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        target = policy.connect_target(item.url)
        extensions = {"sni_hostname": target.server_name} if target.server_name else {}
        response = http.post(
            target.url, content=item.body, headers={**headers, "Host": target.host_header}, extensions=extensions
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except OutboundRefused as exc:
        error = str(exc)[:500]
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    now = utcnow()
    attempts = item.attempts + 1
    values: dict[str, Any] = {
        "attempts": attempts,
        "lease_until": None,
        "last_status_code": status_code,
        "last_error": error,
    }
    if error is None:
        values.update(status="delivered", delivered_at=now)
    elif attempts >= MAX_ATTEMPTS:
        values.update(status="failed")
    else:
        values.update(next_attempt_at=now + backoff(attempts, max_backoff))
    with unit_of_work(engine) as session:
        session.execute(update(WebhookDelivery).where(col(WebhookDelivery.id) == item.id).values(**values))
        session.add(
            WebhookAttempt(
                delivery_id=item.id,
                attempted_at=now,
                status_code=status_code,
                error=error,
                duration_ms=int((time.perf_counter() - started) * 1000),
            )
        )
    return 1 if error is None else 0


class WebhookOutbox:
    """The notice outbox (core.notices) as webhook deliveries: each notice becomes one delivery per subscription."""

    def subscribers(self, session: Session, tenant_id: str) -> list[Webhook]:
        return active_webhooks(session, tenant_id)

    def enqueue(self, session: Session, tenant_id: str, subscribers: Sequence[Any], notices: list[Notice]) -> list[str]:
        return enqueue(session, tenant_id, list(subscribers), notices)


register_outbox(WebhookOutbox())
