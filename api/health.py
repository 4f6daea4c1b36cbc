"""Health for load balancers and for people, and Prometheus metrics.

`/livez` and `/readyz` are for load balancers: they touch nothing slow (the process; one `SELECT 1`). `/healthz` is
the detailed view: the database, the work waiting and how long, the workers' heartbeats and what they see on the
chains, and the minters' coins, which a background thread refreshes so that no request ever waits on a chain.
"""

import threading
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from sqlmodel import col

from anchoring.service import anchor_health
from api.deps import AppState
from api.shared_call import SharedCall
from chain.errors import ChainError
from chain.identity import changed_genesis_warning
from chain.models import ACTIVE_STATUSES, ChainTransaction
from chain.network import Network, configured_networks
from core.db import unit_of_work
from core.heartbeats import live_workers
from core.logging import get_logger
from core.types import utcnow
from notifications.models import WebhookDelivery
from targeting.models import ImportJob
from wallets.minter import MinterStatus, minter_statuses
from wallets.models import Payout
from wallets.payouts import MINT_BATCH

router = APIRouter(tags=["operations"])
log = get_logger(__name__)
LIVE_HEARTBEATS = 3  # a worker that missed this many heartbeats is taken for gone
RETRY_AFTER_S = "5"


class ChainWatch:
    """The minters' state, read from the chains every LAUREL_CHAIN_HEALTH_TTL_SECONDS in a thread of its own."""

    def __init__(self, state: AppState) -> None:
        self._state = state
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="laurel-chain-watch", daemon=True)
        self.statuses: list[MinterStatus] | None = None  # None until the first round is done
        self.checked_at: float | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        networks = configured_networks(self._state.settings)
        while True:
            try:
                statuses = minter_statuses(self._state.settings, self._state.keystore, networks)
                self.statuses = [with_identity(self._state.engine, networks, status) for status in statuses]
                self.checked_at = time.monotonic()
            except Exception as exc:  # a broken round must not end the watch
                log.warning("chain health round failed", error=f"{type(exc).__name__}: {exc}")
            if self._stop.wait(self._state.settings.chain_health_ttl_seconds):
                return


def with_identity(engine: Engine, networks: Mapping[str, Network], status: MinterStatus) -> MinterStatus:
    """The status, not ok when the chain's node runs another chain than the one Laurel confirmed transactions on."""
    network = networks.get(status.chain)
    if network is None or not status.ok:
        return status
    try:
        warning = changed_genesis_warning(engine, network.client)
    except ChainError:
        return status  # the next round asks again
    return replace(status, ok=False, warning=warning) if warning else status


def start_chain_watch(app: FastAPI, state: AppState) -> ChainWatch:
    watch = ChainWatch(state)
    app.state.chain_watch = watch
    watch.start()
    return watch


@router.get("/livez")
async def livez() -> Response:
    """The process is up and its event loop turns."""
    return Response(b'{"status":"ok"}', media_type="application/json")


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """The database answers: the process can serve. A 503 with Retry-After takes it out of rotation."""
    status, body = await _checks(request).readiness()
    headers = {"Retry-After": RETRY_AFTER_S} if status == 503 else None
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _readiness(state: AppState) -> tuple[int, bytes]:
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # readiness reports failures instead of raising them
        return 503, f'{{"status":"unavailable","database":"{type(exc).__name__}"}}'.encode()
    return 200, b'{"status":"ok"}'


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    status, body = await _checks(request).health()
    return JSONResponse(body, status_code=status, headers={"Retry-After": RETRY_AFTER_S} if status == 503 else None)


class HealthChecks:
    """The app's checks, each run once for all the callers who ask while it runs (see `api.shared_call`)."""

    def __init__(self, app: FastAPI) -> None:
        self._app = app
        self.readiness = SharedCall(lambda: _readiness(self._state()))
        self.health = SharedCall(lambda: _health(app, self._state()))

    def _state(self) -> AppState:
        state: AppState = self._app.state.laurel  # read at each run: the lifespan replaces it after start-up
        return state


def install_checks(app: FastAPI) -> None:
    app.state.health_checks = HealthChecks(app)


def _checks(request: Request) -> HealthChecks:
    checks: HealthChecks = request.app.state.health_checks
    return checks


def _health(app: FastAPI, state: AppState) -> tuple[int, dict[str, Any]]:
    body: dict[str, Any] = {"status": "ok", "database": {"dialect": state.engine.dialect.name}}
    problems: list[str] = []
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            session.execute(text("SELECT 1"))
            body["database"]["ok"] = True
            within = timedelta(seconds=state.settings.heartbeat_seconds * LIVE_HEARTBEATS)
            workers = live_workers(session, within)
            body["waiting"] = _waiting_work(session)
            body["payout_lanes"] = _payout_lanes(session)
            anchors = anchor_health(session, grace=timedelta(seconds=state.settings.anchor_grace_seconds))
    except Exception as exc:  # health reports failures instead of raising them
        body["database"].update(ok=False, error=type(exc).__name__)
        body["status"] = "degraded"
        return 503, body
    now = utcnow()
    body["workers"] = {
        "live": len(workers),
        "last_heartbeat_age_s": min((_age(now, w.seen_at) for w in workers), default=None),
        "chains": _merged_chain_reports(w.chains for w in workers),
    }
    if not workers and any(kind["count"] for kind in body["waiting"].values()):
        problems.append("work is waiting and no worker has sent a heartbeat")
    for name, report in body["workers"]["chains"].items():
        if report["waiting"] and not report["reachable"]:
            problems.append(f"payouts wait on {name}, which no live worker can reach: {report.get('error')}")
    body["chains"] = _chains(app)
    problems += [f"{name}: {chain['warning']}" for name, chain in body["chains"].items() if not chain.get("ok", True)]
    body["anchoring"] = {
        **vars(anchors),
        "latest_taken_at": anchors.latest_taken_at and anchors.latest_taken_at.isoformat(),
    }
    if not anchors.ok:
        problems.append("a balance epoch is not anchored on chain")
    if problems:
        body["status"], body["problems"] = "degraded", problems
    # Only a lost database takes the API out of rotation; a minter running dry or a missing worker is a warning.
    return 200, body


def _waiting_work(session: Session) -> dict[str, dict[str, Any]]:
    """How much work waits for a worker, and since when."""
    now = utcnow()
    kinds = {
        "payouts": select(func.count(), func.min(Payout.created_at)).where(
            col(Payout.status).in_(("queued", "submitted"))
        ),
        "webhooks": select(func.count(), func.min(WebhookDelivery.created_at)).where(
            col(WebhookDelivery.status) == "pending"
        ),
        "imports": select(func.count(), func.min(ImportJob.created_at)).where(
            col(ImportJob.status).in_(("queued", "running"))
        ),
    }
    waiting = {}
    for kind, query in kinds.items():
        count, oldest = session.execute(query).one()
        waiting[kind] = {"count": int(count), "oldest_age_s": _age(now, oldest) if oldest else None}
    return waiting


def _payout_lanes(session: Session) -> dict[str, dict[str, Any]]:
    """Per chain, the payouts queued for a batch and, per minter key (lane), the mint batches on their way
    (planned to included) and the age of the oldest: a lane whose oldest keeps ageing is stuck."""
    now = utcnow()
    lanes: dict[str, dict[str, Any]] = {}
    queued = select(col(Payout.chain), func.count()).where(col(Payout.status) == "queued").group_by(col(Payout.chain))
    for chain, count in session.execute(queued).tuples():
        lanes.setdefault(chain, {"queued": 0, "lanes": []})["queued"] = int(count)
    in_flight = (
        select(
            col(ChainTransaction.chain),
            col(ChainTransaction.sender),
            func.count(),
            func.min(ChainTransaction.created_at),
        )
        .where(col(ChainTransaction.purpose) == MINT_BATCH, col(ChainTransaction.status).in_(ACTIVE_STATUSES))
        .group_by(col(ChainTransaction.chain), col(ChainTransaction.sender))
        .order_by(col(ChainTransaction.chain), col(ChainTransaction.sender))
    )
    for chain, sender, count, oldest in session.execute(in_flight).tuples():
        lane = {"sender": sender, "batches_in_flight": int(count), "oldest_age_s": _age(now, oldest)}
        lanes.setdefault(chain, {"queued": 0, "lanes": []})["lanes"].append(lane)
    return lanes


def _merged_chain_reports(reports: Any) -> dict[str, dict[str, Any]]:
    """Per chain, what the live workers see: reachable if any of them reaches it."""
    merged: dict[str, dict[str, Any]] = {}
    for chains in reports:
        for name, report in chains.items():
            seen = merged.setdefault(name, {"reachable": False, "waiting": 0})
            seen["waiting"] = max(seen["waiting"], int(report.get("waiting", 0)))
            if report.get("reachable"):
                seen["reachable"] = True
                seen.pop("error", None)
            elif not seen["reachable"]:
                seen["error"] = report.get("error")
    return merged


def _chains(app: FastAPI) -> Mapping[str, dict[str, Any]]:
    watch: ChainWatch | None = getattr(app.state, "chain_watch", None)
    if watch is None or watch.statuses is None or watch.checked_at is None:
        return {}
    age = round(time.monotonic() - watch.checked_at, 1)
    return {
        m.chain: {**{k: v for k, v in vars(m).items() if k != "chain"}, "checked_age_s": age} for m in watch.statuses
    }


def _age(now: datetime, then: datetime) -> float:
    return round((now - then).total_seconds(), 1)


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"description": "Prometheus text format.", "content": {"text/plain": {"schema": {"type": "string"}}}}
    },
)
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
