"""Thin tasks: each opens its context, calls one service function, and maps a passing failure to a retry."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from celery import Task, shared_task
from sqlalchemy.exc import OperationalError

import people  # noqa: F401  (registers goal tracking with ingestion: imports run here too)
from achievements.anniversaries import award_anniversaries_everywhere
from achievements.leaderboards import mirror
from achievements.service import evaluate_pending
from anchoring.service import anchor_balances, anchor_targets, reconcile_anchors
from chain.errors import ChainUnavailable, FeesAboveCap
from core.db import RetryableConflict
from core.logging import get_logger
from loyalty.lifecycle import close_due_programs
from loyalty.service import award_win_backs_everywhere, expire_points_everywhere
from loyalty.subscriptions import lapse_subscriptions
from notifications.email import deliver_due_emails
from notifications.webhooks import deliver_due, notify_payouts_settled, outbound_policy
from targeting.imports import pending_imports, process_import
from targeting.segments import refresh_segments, refresh_segments_everywhere
from wallets.badge_nfts import advance_badge_mints
from wallets.payouts import advance_payouts, request_automatic_payouts
from wallets.pending import release_pending
from wallets.reconcile import reconcile
from worker.app import (
    ADVANCE_PAYOUTS,
    ANCHOR_BALANCES,
    AUTOMATIC_PAYOUTS,
    BIRTHDAYS,
    CLOSE_PROGRAMS,
    DELIVER_EMAILS,
    DELIVER_WEBHOOKS,
    EVALUATE_EVENTS,
    EXPIRE_POINTS,
    LAPSE_SUBSCRIPTIONS,
    PROCESS_IMPORTS,
    RECONCILE,
    REFRESH_SEGMENTS,
    RELEASE_PENDING,
    WIN_BACK,
    LaurelCelery,
)
from worker.context import WorkerContext, context_for

log = get_logger(__name__)
T = TypeVar("T")
# Failures that pass by themselves: a node restarting, fees spiking, a lock or a race lost in the database.
RETRIABLE: tuple[type[Exception], ...] = (ChainUnavailable, FeesAboveCap, RetryableConflict, OperationalError)
MAX_BACKOFF_S = 60


def backoff(retries: int) -> float:
    return float(min(2**retries, MAX_BACKOFF_S))


def laurel_task(name: str, *, max_retries: int = 5) -> Callable[[Callable[..., T]], Task]:
    """Register `body(context, *args)` as a task; the retry mapping lives here and nowhere else."""

    def register(body: Callable[..., T]) -> Task:
        @shared_task(bind=True, name=name, max_retries=max_retries)  # type: ignore[untyped-decorator]
        def task(self: Task, *args: Any, **kwargs: Any) -> T:
            app = self.app
            assert isinstance(app, LaurelCelery)
            try:
                return body(context_for(app.laurel_settings), *args, **kwargs)
            except RETRIABLE as exc:
                log.warning("task will retry", task=name, error=str(exc), retries=self.request.retries)
                raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc

        return task

    return register


@laurel_task(ADVANCE_PAYOUTS, max_retries=2)
def advance_payouts_task(ctx: WorkerContext) -> None:
    for chain in ctx.chains.values():
        progress = advance_payouts(ctx.engine, chain, on_settled=notify_payouts_settled)
        if progress.batches or progress.settled:
            log.info("payouts advanced", chain=chain.network.name, **vars(progress))
        if minted := advance_badge_mints(ctx.engine, chain, ctx.keystore, batch_size=chain.batch_size):
            log.info("badge tokens settled", chain=chain.network.name, count=minted)


@laurel_task(AUTOMATIC_PAYOUTS)
def automatic_payouts_task(ctx: WorkerContext) -> None:
    requested = request_automatic_payouts(
        ctx.engine, ctx.keystore, ctx.networks, default_daily_limit=ctx.settings.withdrawal_daily_limit
    )
    if requested:
        log.info("automatic payouts requested", count=requested)


@laurel_task(RECONCILE)
def reconcile_task(ctx: WorkerContext) -> None:
    report = reconcile(ctx.engine, ctx.networks)
    anchors = reconcile_anchors(ctx.engine, ctx.networks)
    log.info(
        "reconciled",
        addresses=report.addresses_checked,
        clean=report.clean,
        epochs=anchors.epochs_checked,
        root_drifts=len(anchors.drifts),
    )


@laurel_task(ANCHOR_BALANCES)
def anchor_balances_task(ctx: WorkerContext) -> None:
    targets = anchor_targets(ctx.settings, ctx.keystore, ctx.networks)
    interval = timedelta(seconds=ctx.settings.anchor_interval_seconds)
    run = anchor_balances(ctx.engine, targets, interval=interval)
    if run.epoch is not None or run.retried:
        log.info("balances anchored", epoch=run.epoch, retried=run.retried)


@laurel_task(DELIVER_WEBHOOKS, max_retries=2)
def deliver_webhooks_task(ctx: WorkerContext, only: list[str] | None = None) -> None:
    policy = outbound_policy(ctx.settings)
    max_backoff = ctx.settings.webhook_max_backoff_seconds
    delivered = deliver_due(ctx.engine, ctx.keystore, policy=policy, only=only, max_backoff=max_backoff)
    if delivered:
        log.info("webhooks delivered", count=delivered)


@laurel_task(DELIVER_EMAILS, max_retries=2)
def deliver_emails_task(ctx: WorkerContext) -> None:
    """Members' emails due now (each failed send is retried by a later sweep, with backoff)."""
    sent = deliver_due_emails(ctx.engine, ctx.keystore, ctx.settings)
    if sent:
        log.info("emails sent", count=sent)


@laurel_task(EXPIRE_POINTS)
def expire_points_task(ctx: WorkerContext) -> None:
    report = expire_points_everywhere(ctx.engine, datetime.now(UTC))
    if report.points:
        log.info("points expired", members=report.members, points=report.points)


@laurel_task(RELEASE_PENDING)
def release_pending_task(ctx: WorkerContext) -> None:
    report = release_pending(ctx.engine, None, datetime.now(UTC))
    if report.points:
        log.info("pending points released", members=report.members, points=report.points)


@laurel_task(PROCESS_IMPORTS)
def process_imports_task(ctx: WorkerContext, import_id: str | None = None) -> None:
    for job in [import_id] if import_id else pending_imports(ctx.engine):
        log.info("import started", import_id=job)
        process_import(ctx.engine, job)
        log.info("import processed", import_id=job)


@laurel_task(BIRTHDAYS)
def birthdays_task(ctx: WorkerContext) -> None:
    report = award_anniversaries_everywhere(ctx.engine, datetime.now(UTC))
    if report.points:
        log.info("birthday and anniversary points", birthdays=report.birthdays, anniversaries=report.anniversaries)


def nudge_imports(app: LaurelCelery, import_id: str) -> None:
    """Start an import now rather than at the next sweep. Best effort: beat's sweep starts it anyway."""
    try:
        app.send_task(PROCESS_IMPORTS, args=[import_id], ignore_result=True)
    except Exception as exc:  # the upload is committed; the sweep picks it up
        log.warning("could not nudge the worker", error=type(exc).__name__)


@laurel_task(REFRESH_SEGMENTS)
def refresh_segments_task(ctx: WorkerContext, tenant_id: str | None = None) -> None:
    now = datetime.now(UTC)
    report = refresh_segments(ctx.engine, tenant_id, now) if tenant_id else refresh_segments_everywhere(ctx.engine, now)
    if report is not None and (report.entered or report.left):
        log.info("segments refreshed", members=report.members, entered=report.entered, left=report.left)


def nudge_segments(app: LaurelCelery, tenant_id: str) -> None:
    """Back-fill a tenant's segments now rather than at the next hourly refresh. Best effort, like the others."""
    try:
        app.send_task(REFRESH_SEGMENTS, args=[tenant_id], ignore_result=True)
    except Exception as exc:  # the segment is saved; the hourly refresh fills it anyway
        log.warning("could not nudge the worker", error=type(exc).__name__)


@laurel_task(WIN_BACK)
def win_back_task(ctx: WorkerContext) -> None:
    report = award_win_backs_everywhere(ctx.engine, datetime.now(UTC))
    if report.points:
        log.info("win-back bonuses paid", members=report.members, points=report.points)


@laurel_task(CLOSE_PROGRAMS)
def close_programs_task(ctx: WorkerContext) -> None:
    report = close_due_programs(ctx.engine, datetime.now(UTC))
    if report.programs or report.points:
        log.info("programs closed", programs=report.programs, members=report.members, points=report.points)


@laurel_task(LAPSE_SUBSCRIPTIONS)
def lapse_subscriptions_task(ctx: WorkerContext) -> None:
    report = lapse_subscriptions(ctx.engine, datetime.now(UTC), redis=ctx.redis, redis_prefix=ctx.settings.redis_prefix)
    if report.lapsed:
        log.info("subscriptions lapsed", count=report.lapsed)  # their webhooks go out with the next delivery sweep


@laurel_task(EVALUATE_EVENTS)
def evaluate_events_task(ctx: WorkerContext) -> None:
    """Pending events no API process took up (none running, or all busy), under the same leases they use."""
    lease = timedelta(seconds=ctx.settings.pending_event_lease_seconds)
    evaluated = 0
    while outcomes := evaluate_pending(ctx.engine, lease=lease):
        for tenant_id, outcome in outcomes:
            evaluated += len(outcome.results)
            for program_id, deltas in outcome.score_deltas if ctx.redis is not None else []:
                mirror(ctx.redis, ctx.settings.redis_prefix, tenant_id, program_id, deltas)
    if evaluated:
        log.info("pending events evaluated", count=evaluated)  # their webhooks go out with the next delivery sweep


def nudge_webhooks(app: LaurelCelery, deliveries: list[str]) -> None:
    """Deliver these outbox rows now rather than at the next beat. Best effort, like `nudge_payouts`."""
    try:
        app.send_task(DELIVER_WEBHOOKS, args=[deliveries], ignore_result=True)
    except Exception as exc:  # the awards are committed; beat delivers them anyway
        log.warning("could not nudge the worker", error=type(exc).__name__)


def nudge_payouts(app: LaurelCelery) -> None:
    """Ask a worker to advance payouts now rather than at the next beat. Best effort: beat does it anyway."""
    try:
        app.send_task(ADVANCE_PAYOUTS, ignore_result=True)
    except Exception as exc:  # a broker hiccup must not fail the request that already committed its payout
        log.warning("could not nudge the worker", error=type(exc).__name__)
