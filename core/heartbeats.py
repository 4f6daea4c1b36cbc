"""Workers say they are alive: each writes its row every few seconds with what it found on the chains it serves,
so that the API can tell "work is waiting and nobody is there to do it" from "work is being done"."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, String, delete, select
from sqlmodel import Field, Session, SQLModel, col

from core.types import JsonColumn, UTCDateTime, utcnow


class WorkerHeartbeat(SQLModel, table=True):
    __tablename__ = "worker_heartbeats"

    worker: str = Field(sa_column=Column(String(200), primary_key=True))  # host:pid
    started_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    seen_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    # Per chain with payouts waiting or configured: {"reachable": bool, "error"?: str, "waiting"?: int}.
    chains: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JsonColumn, nullable=False))


def record_heartbeat(session: Session, worker: str, started_at: datetime, chains: dict[str, Any]) -> None:
    row = session.get(WorkerHeartbeat, worker)
    if row is None:
        session.add(WorkerHeartbeat(worker=worker, started_at=started_at, seen_at=utcnow(), chains=chains))
    else:
        row.seen_at, row.chains = utcnow(), chains
    # Rows of workers long gone would otherwise pile up across restarts.
    session.execute(delete(WorkerHeartbeat).where(col(WorkerHeartbeat.seen_at) < utcnow() - timedelta(days=1)))


def forget_worker(session: Session, worker: str) -> None:
    """A worker stopping on purpose leaves no heartbeat behind that would look alive for a while."""
    session.execute(delete(WorkerHeartbeat).where(col(WorkerHeartbeat.worker) == worker))


def live_workers(session: Session, within: timedelta) -> list[WorkerHeartbeat]:
    since = utcnow() - within
    query = select(WorkerHeartbeat).where(col(WorkerHeartbeat.seen_at) >= since).order_by(WorkerHeartbeat.worker)
    return list(session.scalars(query))
