"""The evaluator of events acknowledged with 202: one thread per API process.

A request that stored pending events nudges this process's evaluator, which evaluates them at once; every
evaluator also looks for due events every `pending_event_poll_seconds`, which is how events acknowledged by a
process that died (its lease ran out) or by a busy neighbour get evaluated. Which process evaluates an event does
not matter: the lease keeps two from doing it at the same time, and ingestion's idempotency makes a second harmless.
"""

import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from achievements.service import IngestOutcome, evaluate_pending
from core.logging import get_logger

log = get_logger(__name__)


class PendingEvaluator:
    def __init__(
        self, engine: Engine, after_commit: Callable[[str, IngestOutcome], None], *, lease: float, poll: float
    ) -> None:
        self._engine = engine
        self._after_commit = after_commit
        self._lease = timedelta(seconds=lease)
        self._poll = poll
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pending-events", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def nudge(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self._drain()
            except Exception as exc:  # the database may be away for a moment: the next turn tries again
                log.warning("pending events not evaluated this turn", error_type=type(exc).__name__, error=str(exc))
            self._wake.wait(self._poll)

    def _drain(self) -> None:
        while not self._stopping.is_set():
            outcomes = evaluate_pending(self._engine, lease=self._lease)
            if not outcomes:
                return
            for tenant_id, outcome in outcomes:
                self._after_commit(tenant_id, outcome)
