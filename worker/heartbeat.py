"""A worker's sign of life: every LAUREL_HEARTBEAT_SECONDS it records its heartbeat with what it found on each chain,
and says in its log when payouts wait on a chain it cannot reach or does not know (a silent worker is the worst kind).
"""

import os
import socket
import threading
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from chain.errors import ChainError
from core.db import unit_of_work
from core.heartbeats import forget_worker, record_heartbeat
from core.logging import get_logger
from core.types import utcnow
from wallets.models import Payout
from worker.context import WorkerContext

log = get_logger(__name__)
WAITING_PAYOUT = ("queued", "submitted")


class Heartbeat:
    def __init__(self, ctx: WorkerContext) -> None:
        self._ctx = ctx
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self._started_at: datetime = utcnow()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="laurel-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            with unit_of_work(self._ctx.engine) as session:
                forget_worker(session, self.worker)
        except Exception:  # stopping anyway; the row simply ages out
            log.warning("could not remove the heartbeat", worker=self.worker)

    def _run(self) -> None:
        while True:
            try:
                self.beat()
            except Exception as exc:  # the database may be down for a moment: say so, go on
                log.warning("heartbeat not recorded", worker=self.worker, error=f"{type(exc).__name__}: {exc}")
            if self._stop.wait(self._ctx.settings.heartbeat_seconds):
                return

    def beat(self) -> dict[str, Any]:
        """Probe each chain, record the heartbeat, and complain about chains with payouts waiting it cannot serve."""
        with unit_of_work(self._ctx.engine, read_only=True) as session:
            waiting = dict(
                session.execute(
                    select(col(Payout.chain), func.count())
                    .where(col(Payout.status).in_(WAITING_PAYOUT))
                    .group_by(col(Payout.chain))
                ).all()
            )
        chains: dict[str, Any] = {}
        for name in sorted(set(waiting) | set(self._ctx.networks)):
            report: dict[str, Any] = {"waiting": int(waiting.get(name, 0))}
            network = self._ctx.networks.get(name)
            if network is None:
                report.update(reachable=False, error="no RPC URL configured for this chain on this worker")
            else:
                try:
                    network.client.head()
                    report["reachable"] = True
                except ChainError as exc:
                    report.update(reachable=False, error=exc.detail)
            if report["waiting"] and not report["reachable"]:
                log.error(
                    "payouts wait on a chain this worker cannot reach",
                    chain=name,
                    waiting=report["waiting"],
                    reason=report["error"],
                )
            chains[name] = report
        with unit_of_work(self._ctx.engine) as session:
            record_heartbeat(session, self.worker, self._started_at, chains)
        return chains
