"""`POST /v1/jobs/{name}`: run a scheduled job now, for the caller's tenant."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path

from achievements.anniversaries import award_anniversaries
from achievements.jobs import decay_xp, requalify_levels
from anchoring.service import anchor_balances, anchor_targets
from api.deps import Admin, AppState, State
from api.events import after_commit
from chain.network import configured_networks
from core.db import unit_of_work
from core.errors import NotFound
from loyalty.lifecycle import close_due_programs
from loyalty.service import award_win_backs, expire_points
from loyalty.subscriptions import lapse_subscriptions
from notifications.webhooks import deliver_due, outbound_policy
from targeting.segments import refresh_segments
from wallets.pending import release_pending
from worker.tasks import nudge_payouts, nudge_webhooks

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


def _decay(state: AppState, tenant_id: str) -> dict[str, Any]:
    with unit_of_work(state.engine) as session:
        return {"xp_taken": decay_xp(session, tenant_id, datetime.now(UTC))}


def _requalify(state: AppState, tenant_id: str) -> dict[str, Any]:
    with unit_of_work(state.engine) as session:
        return {"members_changed": requalify_levels(session, tenant_id, datetime.now(UTC))}


def _deliver(state: AppState, tenant_id: str) -> dict[str, Any]:
    policy = outbound_policy(state.settings)
    max_backoff = state.settings.webhook_max_backoff_seconds
    delivered = deliver_due(state.engine, state.keystore, policy=policy, tenant_id=tenant_id, max_backoff=max_backoff)
    return {"delivered": delivered}


def _expire(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = expire_points(state.engine, tenant_id, datetime.now(UTC))
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return {"members": report.members, "points_expired": report.points, "reminders": report.reminders}


def _win_back(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = award_win_backs(state.engine, tenant_id, datetime.now(UTC))
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return {"members": report.members, "points_awarded": report.points}


def _refresh_segments(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = refresh_segments(state.engine, tenant_id, datetime.now(UTC))
    assert report is not None
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return {"members": report.members, "entered": report.entered, "left": report.left}


def _anniversaries(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = award_anniversaries(state.engine, tenant_id, datetime.now(UTC))
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return {"birthdays": report.birthdays, "anniversaries": report.anniversaries, "points_awarded": report.points}


def _close_programs(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = close_due_programs(state.engine, datetime.now(UTC), tenant_id=tenant_id)
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return {"programs_closed": report.programs, "members": report.members, "points_expired": report.points}


def _lapse_subscriptions(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = lapse_subscriptions(state.engine, datetime.now(UTC), tenant_id=tenant_id)
    for tenant, outcome in report.outcomes:
        after_commit(state, tenant, outcome)
    if report.deliveries and state.queue is not None:
        nudge_webhooks(state.queue, report.deliveries)
    return {"subscriptions_lapsed": report.lapsed}


def _anchor_balances(state: AppState, tenant_id: str) -> dict[str, Any]:
    """A new epoch now, over every tenant's members (an epoch is one root for everybody), and failed anchors retried."""
    networks = configured_networks(state.settings)
    targets = anchor_targets(state.settings, state.keystore, networks)
    interval = timedelta(seconds=state.settings.anchor_interval_seconds)
    run = anchor_balances(state.engine, targets, interval=interval, force=True)
    if state.queue is not None:
        nudge_payouts(state.queue)  # the payout worker sends every transaction of the minter keys
    return {"epoch": run.epoch, "retried": run.retried, "chains": [t.network.name for t in targets]}


def _release_pending(state: AppState, tenant_id: str) -> dict[str, Any]:
    report = release_pending(state.engine, tenant_id, datetime.now(UTC))
    return {"members": report.members, "points_released": report.points}


JOBS: dict[str, Callable[[AppState, str], dict[str, Any]]] = {
    "decay-xp": _decay,
    "requalify-levels": _requalify,
    "deliver-webhooks": _deliver,
    "expire-points": _expire,
    "win-back": _win_back,
    "birthdays": _anniversaries,
    "close-programs": _close_programs,
    "refresh-segments": _refresh_segments,
    "lapse-subscriptions": _lapse_subscriptions,
    "anchor-balances": _anchor_balances,
    "release-pending": _release_pending,
}


@router.post("/{name}")
def run_job(name: Annotated[str, Path(max_length=64)], principal: Admin, state: State) -> dict[str, Any]:
    job = JOBS.get(name)
    if job is None:
        raise NotFound(f"no job {name!r}; jobs: {', '.join(sorted(JOBS))}")
    return {"job": name, **job(state, principal.tenant_id)}
