"""The Celery app, built from Settings: Redis in production, kombu's SQLite transport as the embedded default.

Delivery is a nudge, not the record (DESIGN §8): every task re-reads what to do from the database, so a lost or
repeated message costs nothing, and beat's periodic sweep picks up whatever a killed worker left.
"""

import logging
import multiprocessing
import os
import sys
from datetime import timedelta
from typing import Any, NoReturn

from celery import Celery
from celery.signals import worker_ready, worker_shutdown
from sqlalchemy.exc import IntegrityError

from core.settings import Settings
from worker.broker import transport_for
from worker.context import context_for
from worker.heartbeat import Heartbeat

ADVANCE_PAYOUTS = "laurel.advance_payouts"
RECONCILE = "laurel.reconcile"
ANCHOR_BALANCES = "laurel.anchor_balances"
AUTOMATIC_PAYOUTS = "laurel.automatic_payouts"
DELIVER_WEBHOOKS = "laurel.deliver_webhooks"
DELIVER_EMAILS = "laurel.deliver_emails"
PROCESS_IMPORTS = "laurel.process_imports"
BIRTHDAYS = "laurel.birthdays"
EXPIRE_POINTS = "laurel.expire_points"
WIN_BACK = "laurel.win_back"
CLOSE_PROGRAMS = "laurel.close_programs"
REFRESH_SEGMENTS = "laurel.refresh_segments"
LAPSE_SUBSCRIPTIONS = "laurel.lapse_subscriptions"
EVALUATE_EVENTS = "laurel.evaluate_events"
RELEASE_PENDING = "laurel.release_pending"


class LaurelCelery(Celery):  # type: ignore[misc]
    """A Celery app that knows the settings it was built from (workers build their context from them)."""

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        super().__init__("laurel", **kwargs)
        self.laurel_settings = settings


def create_celery(settings: Settings) -> LaurelCelery:
    app = LaurelCelery(settings, broker=settings.effective_broker_url, include=["worker.tasks"])
    # kombu's SQLAlchemy transport hands every transport option to create_engine, so it gets none.
    transport_options: dict[str, Any] = {}
    if settings.broker_prefix:
        transport_options["global_keyprefix"] = settings.broker_prefix
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        result_backend=None,
        task_default_queue="laurel",
        broker_transport=transport_for(settings.effective_broker_url),
        broker_transport_options=transport_options,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
        beat_schedule=beat_schedule(settings),
    )
    return app


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Periodic sweeps: they are what moves payouts on when no nudge arrives (or a worker died mid-way)."""
    return {
        "advance-payouts": {
            "task": ADVANCE_PAYOUTS,
            "schedule": timedelta(seconds=settings.payout_interval_seconds),
            "options": {"expires": settings.payout_interval_seconds * 5},
        },
        "reconcile": {"task": RECONCILE, "schedule": timedelta(seconds=settings.reconcile_interval_seconds)},
        # Builds an epoch once LAUREL_ANCHOR_INTERVAL_SECONDS have passed; every run also retries failed anchors.
        "anchor-balances": {
            "task": ANCHOR_BALANCES,
            "schedule": timedelta(seconds=min(settings.anchor_interval_seconds, 60.0)),
            "options": {"expires": 300},
        },
        "automatic-payouts": {
            "task": AUTOMATIC_PAYOUTS,
            "schedule": timedelta(seconds=settings.auto_payout_interval_seconds),
        },
        "deliver-webhooks": {
            "task": DELIVER_WEBHOOKS,
            "schedule": timedelta(seconds=settings.webhook_interval_seconds),
            "options": {"expires": settings.webhook_interval_seconds * 5},
        },
        "deliver-emails": {"task": DELIVER_EMAILS, "schedule": timedelta(seconds=10), "options": {"expires": 50}},
        # Events acknowledged with 202 are evaluated by the API processes; this sweep covers a time with none running.
        "evaluate-events": {"task": EVALUATE_EVENTS, "schedule": timedelta(seconds=5), "options": {"expires": 25}},
        # Imports are nudged on upload; the sweep resumes one a killed worker left half done.
        "process-imports": {"task": PROCESS_IMPORTS, "schedule": timedelta(seconds=5), "options": {"expires": 25}},
        # Hourly: each program's day starts at its own midnight; a member is paid once a year whatever the runs.
        "birthdays": {"task": BIRTHDAYS, "schedule": timedelta(hours=1), "options": {"expires": 3600}},
        # Hourly, though points expire at midnight UTC: a run is idempotent, and a missed one is caught up soon.
        "expire-points": {"task": EXPIRE_POINTS, "schedule": timedelta(hours=1), "options": {"expires": 3600}},
        # Hourly: points become available on the hour after their window ends, or at once when a balance is read.
        "release-pending": {"task": RELEASE_PENDING, "schedule": timedelta(hours=1), "options": {"expires": 3600}},
        "win-back": {"task": WIN_BACK, "schedule": timedelta(hours=6), "options": {"expires": 3600}},
        # Closing programs whose redemption window ended; hourly is precise enough for a window of days.
        "close-programs": {"task": CLOSE_PROGRAMS, "schedule": timedelta(hours=1), "options": {"expires": 3600}},
        # Subscriptions unpaid past their grace days; a lapse is announced once however often it runs.
        "lapse-subscriptions": {
            "task": LAPSE_SUBSCRIPTIONS,
            "schedule": timedelta(hours=1),
            "options": {"expires": 3600},
        },
        # Conditions on time ("no visit in 30 days") change with no event: re-evaluated every member, hourly.
        "refresh-segments": {"task": REFRESH_SEGMENTS, "schedule": timedelta(hours=1), "options": {"expires": 3600}},
    }


def run_worker(settings: Settings, *, beat: bool, pool: str, concurrency: int | None) -> None:
    """Run a Celery worker in this process until it is stopped; with `beat`, it also runs the schedule."""
    argv = ["worker", "--loglevel", settings.log_level, "--pool", pool, "--without-mingle", "--without-gossip"]
    # A node name of its own: two workers on one host named celery@host fight over their control queue on RabbitMQ
    # (RESOURCE_LOCKED) and one of them dies.
    argv += ["--hostname", f"laurel-{os.getpid()}@%h"]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    if beat:
        argv.append("--beat")
    if settings.effective_broker_url.startswith("sqla+"):
        _declare_queue_in_child(settings)
    _keep_heartbeat(settings)
    try:
        create_celery(settings).worker_main(argv)
    except SystemExit as stopped:
        _exit_at_once(stopped.code)
    _exit_at_once(0)


def _exit_at_once(code: object) -> NoReturn:
    """Leave without tearing the interpreter down: once Celery has stopped (tasks finished, messages acked, the
    heartbeat removed) there is nothing left to clean, yet freeing the modules of web3, tronpy and SQLAlchemy one by
    one took seconds on a busy machine — most of the time a Ctrl-C of `laurel up` spent stopping its worker."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


def _keep_heartbeat(settings: Settings) -> None:
    """The worker process (not its pool children) records heartbeats from the moment it consumes until it stops."""
    heartbeats: list[Heartbeat] = []

    def start(**_: Any) -> None:
        heartbeats.append(Heartbeat(context_for(settings)))
        heartbeats[-1].start()

    def stop(**_: Any) -> None:
        for heartbeat in heartbeats:
            heartbeat.stop()

    worker_ready.connect(start, weak=False)
    worker_shutdown.connect(stop, weak=False)


def _declare_queue_in_child(settings: Settings) -> None:
    """Create the task queue before the worker and its beat process start: kombu's SQLAlchemy transport creates
    its queue row unguarded against another process doing the same, and a worker that loses that race dies.
    A forked child does it so that this process never opens the transport's engine, which kombu caches per class
    and which the beat process, forked from this one, must not inherit."""
    child = multiprocessing.get_context("fork").Process(target=_declare_queue, args=(settings,))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"could not create the task queue on {settings.effective_broker_url}")


def _declare_queue(settings: Settings, attempts: int = 3) -> None:
    app = create_celery(settings)
    for attempt in range(1, attempts + 1):
        try:
            with app.connection_for_write() as connection:
                connection.default_channel.queue_declare(queue=app.conf.task_default_queue)
            return
        except IntegrityError:
            if attempt == attempts:
                raise
