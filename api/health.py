"""Liveness with what the service is connected to, and Prometheus metrics."""

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from api.deps import State
from core.db import unit_of_work

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(state: State) -> JSONResponse:
    body: dict[str, Any] = {"status": "ok", "database": {"dialect": state.engine.dialect.name}}
    try:
        with unit_of_work(state.engine, read_only=True) as session:
            session.execute(text("SELECT 1"))
        body["database"]["ok"] = True
    except Exception as exc:  # health reports failures instead of raising them
        body["status"] = "degraded"
        body["database"].update(ok=False, error=type(exc).__name__)
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)


@router.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
