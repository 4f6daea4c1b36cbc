"""Liveness with what the service is connected to, and Prometheus metrics."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from anchoring.service import anchor_health
from api.chains import Chains
from api.deps import State
from core.db import unit_of_work
from wallets.minter import minter_statuses

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(state: State, chains: Chains) -> JSONResponse:
    body: dict[str, Any] = {"status": "ok", "database": {"dialect": state.engine.dialect.name}}
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            session.execute(text("SELECT 1"))
        body["database"]["ok"] = True
    except Exception as exc:  # health reports failures instead of raising them
        body["status"] = "degraded"
        body["database"].update(ok=False, error=type(exc).__name__)
    # The minters' coins and energy, cached for a few seconds: a minter running dry degrades health before payouts fail.
    minters = minter_statuses(state.settings, state.keystore, chains.networks)
    body["chains"] = {m.chain: {k: v for k, v in vars(m).items() if k != "chain"} for m in minters}
    if not all(m.ok for m in minters):
        body["status"] = "degraded"
    with unit_of_work(state.engine, read_only=True) as session:
        anchors = anchor_health(session, grace=timedelta(seconds=state.settings.anchor_grace_seconds))
    body["anchoring"] = {
        **vars(anchors),
        "latest_taken_at": anchors.latest_taken_at and anchors.latest_taken_at.isoformat(),
    }
    if not anchors.ok:
        body["status"] = "degraded"
    # Only a lost database takes the API out of rotation; a minter running dry is a warning, not an outage.
    return JSONResponse(body, status_code=200 if body["database"]["ok"] else 503)


@router.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
