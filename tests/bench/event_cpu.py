"""What one single-event ingestion costs in CPU, beside the cheapest transaction that stores the same row.

The open-loop latency figures depend on how busy the machine is; CPU time of the thread doing the work much less so,
which makes this the figure to compare changes of the event path by. In process: the app is started (migrations, a
tenant, the cashback rule and a badge, through the API), then, on the thread that measures:

- laurel: one purchase through the app's group committer alone, as a single POST /v1/events that had no company
  runs (its stamps read up front, its key confirmed, `ingest_now`, the commit): the CPU of the whole process, since
  the committer's own thread does the work (the app's other threads idle meanwhile);
- baseline: one row shaped like `events` inserted by SQLAlchemy Core in its own transaction on the same database.

Both are the median CPU time of `SAMPLES` runs after `WARMUP`. Run alone with
`python -m tests.bench.run --only event_cpu` (merged into bench/results.json).
"""

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from rich.table import Table

from achievements.ingest import EventInput
from api.app import create_app
from core.db import create_db_engine
from core.settings import Settings
from tests.bench.run import (
    ADMIN_TOKEN,
    BADGE,
    MASTER_KEY,
    MEMBERS,
    RULE,
    JsonDict,
    console,
    ratio,
    raw_events_table,
    raw_row,
)

WARMUP = 100
SAMPLES = 400


@contextmanager
def app_with_tenant(data_dir: Path, database_url: str) -> Iterator[tuple[FastAPI, TestClient, JsonDict]]:
    """The app started in process (migrations included) with a tenant holding the cashback rule and a badge, made
    through the API: the app, its client and the tenant as created (`id`, `api_key`)."""
    settings = Settings(
        data_dir=data_dir,
        database_url=database_url,
        admin_token=ADMIN_TOKEN,
        master_key=MASTER_KEY,
        log_level="WARNING",
    )
    app = create_app(settings)
    with TestClient(app) as client:
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        tenant = client.post("/v1/tenants", json={"name": "Bench"}, headers=admin).json()
        headers = {"Authorization": f"Bearer {tenant['api_key']}"}
        client.post("/v1/rules", json=RULE, headers=headers).raise_for_status()
        client.post("/v1/badges", json=BADGE, headers=headers).raise_for_status()
        yield app, client, tenant


def bench_event_cpu(data_dir: Path, database_url: str) -> JsonDict:
    with app_with_tenant(data_dir, database_url) as (app, _, tenant):
        state, tenant_id = app.state.laurel, tenant["id"]

        def one_event(n: int) -> None:
            event = EventInput(id=f"cpu-{n}", member=f"member-{n % MEMBERS}", type="purchase", properties={"amount": n})
            state.committer.ingest(tenant_id, event)

        laurel = _median_cpu_time(one_event, time.process_time)
    baseline = _median_cpu_time(_raw_insert(database_url), time.thread_time)
    return {
        "laurel_ms": round(laurel * 1000, 3),
        "baseline_ms": round(baseline * 1000, 3),
        "ratio": ratio(laurel, baseline),
        "samples": SAMPLES,
        "what": "CPU per single-event transaction through the group committer (process time), median; baseline: "
        "one Core insert of the same row shape in its own transaction (thread time)",
    }


def _raw_insert(database_url: str) -> Callable[[int], None]:
    engine = create_db_engine(database_url)
    table = raw_events_table()
    table.create(engine, checkfirst=True)
    now = datetime.now(UTC)

    def insert(n: int) -> None:
        with engine.begin() as connection:
            connection.execute(table.insert(), raw_row(f"raw-{n}", n, now))

    return insert


def _median_cpu_time(work: Callable[[int], None], clock: Callable[[], float]) -> float:
    samples = []
    for n in range(WARMUP + SAMPLES):
        started = clock()
        work(n)
        if n >= WARMUP:
            samples.append(clock() - started)
    return statistics.median(samples)


def print_event_cpu(figures: JsonDict) -> None:
    table = Table(title="CPU per single-event transaction (median)")
    for column in ("backend", "laurel ms", "baseline ms", "ratio"):
        table.add_column(column, justify="right" if column != "backend" else "left")
    for backend, measured in figures.items():
        if isinstance(measured, dict) and "laurel_ms" in measured:
            table.add_row(backend, str(measured["laurel_ms"]), str(measured["baseline_ms"]), str(measured["ratio"]))
    console.print(table)
