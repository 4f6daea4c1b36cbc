"""Event ingestion on SQLite and PostgreSQL, each figure beside a baseline measured in the same run (DESIGN §7).

Run as `python -m tests.bench.run` (what `make bench` does). For each backend the API runs in a uvicorn
subprocess, so this load generator never shares its GIL, and:

- batch throughput: sequential POSTs of 1000-event batches to /v1/events/batch (one rule, one badge), beside two
  baselines writing as many rows into a scratch table shaped like `events`, on the same database, a commit per
  1000 rows: SQLAlchemy Core's executemany, and the driver's own fastest bulk path (sqlite3 `executemany`,
  psycopg `COPY`);
- single-event latency: POST /v1/events paced open-loop at 500 requests/s against `laurel serve` as a deployment
  runs it (one API process per core on PostgreSQL, one on SQLite), beside GET /livez (the bare liveness answer:
  what the web stack alone costs) and GET /healthz paced the same way on the same server. Latency runs from each
  request's scheduled start, so a stall that delays the requests queued behind it shows up in the percentiles
  instead of being hidden (coordinated omission). The load generator (`tests/bench/load.py`: one asyncio loop over
  keep-alive connections, requests encoded before the clock starts) runs in a process of its own on the same
  machine: its CPU share is reported beside the figures.

Writes bench/results.json and prints a table. The targets are printed beside the figures, never asserted.
"""

import argparse
import hashlib
import json
import os
import pickle
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
import orjson
import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table
from sqlalchemy import BigInteger, Column, Index, MetaData, String, UniqueConstraint
from sqlalchemy import Table as SqlTable

from achievements.ingest import EVENT_COLUMNS
from core.db import create_db_engine
from core.types import BigIntPK, JsonColumn, UTCDateTime
from tests.bench.load import Plan, encode

REPO = Path(__file__).resolve().parents[2]
RESULTS_PATH = REPO / "bench" / "results.json"
PG_ADMIN_URL = os.environ.get("LAUREL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
HOST = "127.0.0.1"  # all load stays on the loopback interface
ADMIN_TOKEN = "bench-admin-token"
MASTER_KEY = os.urandom(32).hex()  # one per run, shared by the API and worker processes it starts
RULE = {"key": "cashback", "event_type": "purchase", "points": "event.amount * 5 / 100"}
BADGE = {"key": "regular", "name": "Regular", "criteria": {"event_type": "purchase", "count": 5}}

MEMBERS = 1000
BATCH_SIZE = 1000
BATCHES = 20
BATCH_BUDGET_S = 40.0  # stop sending batches after this long and report what was measured
RATE = 500  # paced requests per second
LATENCY_SECONDS = 10.0
CONNECTIONS = 32  # keep-alive connections of the paced load generator: at most this many requests in flight
READY_TIMEOUT_S = 180  # a start (migrations included) on a machine busy with other work can take a minute or more
HARD_LIMIT_S = 1200  # the whole run (imports take a few minutes); SIGALRM ends it, and cleanup still runs

TARGET_BATCH_EVENTS_PER_S = 15_000  # on SQLite
TARGET_BATCH_RATIO = 0.4  # of Core's executemany, on both databases
TARGET_P99_MS = 25.0

JsonDict = dict[str, Any]
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
console = Console()


# --- Infrastructure: the database and the API process ------------------------------------------------------


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the machine's PostgreSQL, dropped (even with open connections) afterwards."""
    name = f"laurel_bench_{os.urandom(6).hex()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def laurel_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Laurel process for this run: only LAUREL_* settings of our own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAUREL_")}
    return env | {
        "LAUREL_DATA_DIR": str(data_dir),
        "LAUREL_DATABASE_URL": database_url,
        "LAUREL_ADMIN_TOKEN": ADMIN_TOKEN,
        "LAUREL_MASTER_KEY": MASTER_KEY,
        "LAUREL_LOG_LEVEL": "WARNING",
        **{f"LAUREL_{name.upper()}": value for name, value in extra.items()},
    }


@contextmanager
def api_process(data_dir: Path, database_url: str, *, workers: int = 0, **extra: str) -> Iterator[str]:
    """The API under uvicorn in a process of its own, configured only through LAUREL_* variables; with `workers`,
    as `laurel serve --workers N` runs it (N processes under one supervisor)."""
    port = free_port()
    env = laurel_env(data_dir, database_url, **extra)
    if workers:
        command = [str(Path(sys.executable).with_name("laurel")), "serve", "--host", HOST, "--port", str(port)]
        command += ["--workers", str(workers)]
    else:
        command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--host", HOST, "--port", str(port)]
        command += ["--log-level", "warning", "--no-access-log"]
    log_path = data_dir / "api.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://{HOST}:{port}"
        _wait_until_ready(url, process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the API exited with {process.returncode}:\n{log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the API did not answer /healthz within {READY_TIMEOUT_S} s:\n{log_path.read_text()[-2000:]}")


# --- Workload -----------------------------------------------------------------------------------------------


def purchase(event_id: str, n: int) -> JsonDict:
    """The n-th purchase: members cycle among MEMBERS, and every amount earns cashback (a ledger posting)."""
    return {
        "id": event_id,
        "member": f"member-{n % MEMBERS}",
        "type": "purchase",
        "properties": {"amount": 100 + n % 900},
    }


def batch_body(prefix: str) -> bytes:
    return orjson.dumps({"events": [purchase(f"{prefix}-{i}", i) for i in range(BATCH_SIZE)]})


def post_batch(client: httpx.Client, headers: dict[str, str], body: bytes) -> int:
    """Send one batch; give back how many of its events were not freshly stored (201)."""
    response = client.post("/v1/events/batch", content=body, headers=headers)
    response.raise_for_status()
    return sum(1 for result in orjson.loads(response.content)["results"] if result["status"] != 201)


def prepare_tenant(client: httpx.Client, *, badge: bool = True) -> dict[str, str]:
    """A tenant with the cashback rule (and, unless told otherwise, a badge for every fifth purchase) and MEMBERS
    members (created by one warm-up batch); its JSON headers."""
    response = client.post("/v1/tenants", json={"name": "Bench"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    response.raise_for_status()
    headers = {"Authorization": f"Bearer {response.json()['api_key']}", "Content-Type": "application/json"}
    client.post("/v1/rules", content=orjson.dumps(RULE), headers=headers).raise_for_status()
    if badge:
        client.post("/v1/badges", content=orjson.dumps(BADGE), headers=headers).raise_for_status()
    if errors := post_batch(client, headers, batch_body("warmup")):
        raise RuntimeError(f"the warm-up batch had {errors} failed events")
    return headers


# --- Measurements -------------------------------------------------------------------------------------------


def measure_batches(client: httpx.Client, headers: dict[str, str], prefix: str = "batch") -> JsonDict:
    bodies = [batch_body(f"{prefix}-{b}") for b in range(BATCHES)]  # serialised before the clock starts
    events = failed = 0
    started = time.perf_counter()
    for body in bodies:
        failed += post_batch(client, headers, body)
        events += BATCH_SIZE
        if time.perf_counter() - started > BATCH_BUDGET_S:
            break
    seconds = time.perf_counter() - started
    return {
        "batches": events // BATCH_SIZE,
        "batch_size": BATCH_SIZE,
        "events": events,
        "failed_events": failed,
        "seconds": round(seconds, 3),
        "events_per_s": round(events / seconds, 1),
    }


def raw_events_table() -> SqlTable:
    """A scratch table with the columns, keys and indexes of `events`."""
    return SqlTable(
        "bench_raw_events",
        MetaData(),
        Column("pk", BigIntPK, primary_key=True, autoincrement=True),
        Column("tenant_id", String(40), nullable=False),
        Column("event_id", String(128), nullable=False),
        Column("program_id", BigInteger, nullable=False),
        Column("member_id", BigInteger, nullable=False),
        Column("type", String(64), nullable=False),
        Column("properties", JsonColumn, nullable=False),
        Column("occurred_at", UTCDateTime, nullable=False),
        Column("received_at", UTCDateTime, nullable=False),
        Column("body_sha256", String(64), nullable=False),
        Column("effects", JsonColumn, nullable=False),
        UniqueConstraint("tenant_id", "event_id", name="uq_bench_raw_events_tenant_event"),
        Index("ix_bench_raw_events_member_time", "tenant_id", "member_id", "occurred_at"),
        Index("ix_bench_raw_events_type_time", "tenant_id", "type", "occurred_at"),
    )


def raw_row(event_id: str, n: int, now: datetime) -> JsonDict:
    points = (100 + n % 900) * 5 // 100
    return {
        "tenant_id": "bench-tenant",
        "event_id": event_id,
        "program_id": 1,
        "member_id": 1 + n % MEMBERS,
        "type": "purchase",
        "properties": {"amount": 100 + n % 900},
        "occurred_at": now,
        "received_at": now,
        "body_sha256": hashlib.sha256(event_id.encode()).hexdigest(),
        "effects": {
            "points": points,
            "xp": 0,
            "badges": [],
            "quests": [],
            "level": None,
            "rules": [{"key": "cashback", "points": points, "xp": 0}],
        },
    }


def raw_batches(rows: int) -> list[list[JsonDict]]:
    now = datetime.now(UTC)
    return [[raw_row(f"raw-{b}-{i}", i, now) for i in range(BATCH_SIZE)] for b in range(max(rows // BATCH_SIZE, 1))]


def measure_raw_insert(database_url: str, rows: int) -> JsonDict:
    """A floor: the same rows through SQLAlchemy Core executemany, a commit per batch, nothing else."""
    engine = create_db_engine(database_url)  # the app's own engine setup (SQLite: WAL, BEGIN IMMEDIATE)
    table = raw_events_table()
    try:
        table.create(engine, checkfirst=True)
        batches = raw_batches(rows)
        started = time.perf_counter()
        with engine.connect() as conn:
            for batch in batches:
                conn.execute(table.insert(), batch)
                conn.commit()
        seconds = time.perf_counter() - started
        inserted = sum(len(batch) for batch in batches)
        return {
            "what": "SQLAlchemy Core executemany into a scratch table shaped like `events`, commit per batch",
            "rows": inserted,
            "seconds": round(seconds, 3),
            "rows_per_s": round(inserted / seconds, 1),
        }
    finally:
        table.drop(engine, checkfirst=True)
        engine.dispose()


def measure_driver_insert(database_url: str, rows: int) -> JsonDict:
    """The lower floor: the same rows through the driver's own fastest bulk path, a commit per batch. SQLite:
    sqlite3's `executemany` (JSON encoded by orjson, timestamps as ISO text); PostgreSQL: psycopg's `COPY`."""
    engine = create_db_engine(database_url)
    table = raw_events_table()
    try:
        table.create(engine, checkfirst=True)
        sqlite = database_url.startswith("sqlite")

        def value(row: JsonDict, column: str) -> Any:  # as each driver takes it, prepared before the clock starts
            if column in ("properties", "effects"):
                return orjson.dumps(row[column]).decode()
            return row[column].isoformat() if sqlite and isinstance(row[column], datetime) else row[column]

        batches = [[tuple(value(row, c) for c in EVENT_COLUMNS) for row in batch] for batch in raw_batches(rows)]
        names = ", ".join(EVENT_COLUMNS)
        started = time.perf_counter()
        if sqlite:
            what = "sqlite3 executemany (no SQLAlchemy), commit per batch"
            conn = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
            conn.execute("PRAGMA synchronous=NORMAL")  # as the app's engine sets it (the file is already in WAL)
            try:
                statement = f"INSERT INTO bench_raw_events ({names}) VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
                for batch in batches:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.executemany(statement, batch)
                    conn.execute("COMMIT")
            finally:
                conn.close()
        else:
            what = "psycopg COPY (no SQLAlchemy), commit per batch"
            with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://", 1)) as conn:
                for batch in batches:
                    with conn.cursor() as cur, cur.copy(f"COPY bench_raw_events ({names}) FROM STDIN") as copy:
                        for record in batch:
                            copy.write_row(record)
                    conn.commit()
        seconds = time.perf_counter() - started
        inserted = sum(len(batch) for batch in batches)
        rate = round(inserted / seconds, 1)
        return {"what": what, "rows": inserted, "seconds": round(seconds, 3), "rows_per_s": rate}
    finally:
        table.drop(engine, checkfirst=True)
        engine.dispose()


def baselines(database_url: str, rows: int) -> JsonDict:
    """Both floors for `rows` rows, measured now, on this database."""
    return {"core": measure_raw_insert(database_url, rows), "driver": measure_driver_insert(database_url, rows)}


def beside(events_per_s: float, floors: JsonDict) -> JsonDict:
    """A throughput's two ratios: to Core's executemany and to the driver's bulk path."""
    return {
        "ratio": ratio(events_per_s, floors["core"]["rows_per_s"]),
        "ratio_driver": ratio(events_per_s, floors["driver"]["rows_per_s"]),
    }


def paced(url: str, request: Callable[[int], bytes], ok: set[int], rate: int = RATE) -> JsonDict:
    """Send `request(i)` (HTTP/1.1 bytes, see `load.encode`) for i in 0..N-1, the i-th scheduled at t0 + i/rate
    whatever came before (open loop), from a load generator in a process of its own (`tests.bench.load`). A
    request whose turn comes after twice the planned duration is not sent, and counted as failed."""
    total = int(rate * LATENCY_SECONDS)
    address = httpx.URL(url)
    plan = Plan(
        host=address.host,
        port=address.port or 80,
        requests=[request(i) for i in range(total)],
        warmup=[request(total + i) for i in range(CONNECTIONS)],  # opens the connections and warms caches
        ok=frozenset(ok),
        rate=rate,
        connections=CONNECTIONS,
        cutoff_s=2 * LATENCY_SECONDS,
    )
    generator = subprocess.run(
        [sys.executable, "-m", "tests.bench.load"], input=pickle.dumps(plan), capture_output=True, cwd=REPO, check=False
    )
    if generator.returncode:
        raise RuntimeError(
            f"the load generator exited with {generator.returncode}:\n{generator.stderr.decode()[-2000:]}"
        )
    figures: JsonDict = orjson.loads(generator.stdout)
    return figures | {"load_generator_cpu_share": round(figures["load_generator_cpu"] / CPUS, 3)}


def ratio(ours: float, baseline: float) -> float | None:
    return round(ours / baseline, 4) if baseline else None


def show(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def serving_processes(database_url: str) -> int:
    """As `laurel serve` runs by default: one API process per core on PostgreSQL, one on SQLite (one writer)."""
    return 1 if database_url.startswith("sqlite") else CPUS


def bench_backend(data_dir: Path, database_url: str) -> JsonDict:
    processes = serving_processes(database_url)
    with (
        api_process(data_dir, database_url, workers=processes) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        headers = prepare_tenant(client)
        batch = measure_batches(client, headers)
        floors = baselines(database_url, batch["events"])

        def post_event(i: int) -> bytes:
            return encode("POST", "/v1/events", headers, orjson.dumps(purchase(f"single-{i}", i)))

        single = paced(url, post_event, ok={201})
        single_baseline = paced(url, lambda _: encode("GET", "/livez"), ok={200})
        healthz = paced(url, lambda _: encode("GET", "/healthz"), ok={200})
    return {
        "batch_ingest": {
            **batch,
            "program": "one rule, one badge",
            "baseline": floors["core"],
            "baseline_driver": floors["driver"],
            **beside(batch["events_per_s"], floors),
        },
        "single_event_latency": {
            **single,
            "endpoint": "POST /v1/events",
            "api_processes": processes,
            "baseline": {**single_baseline, "endpoint": "GET /livez"},
            "healthz": {**healthz, "endpoint": "GET /healthz"},
            "ratio": {p: ratio(single[p], single_baseline[p]) for p in ("p50_ms", "p95_ms", "p99_ms")},
        },
    }


# --- Report -------------------------------------------------------------------------------------------------


def machine() -> JsonDict:
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_1m": round(os.getloadavg()[0], 2),  # other work on the machine skews every figure
        "commit": _git("rev-parse", "HEAD"),
        "dirty": None if (status := _git("status", "--porcelain")) is None else bool(status),
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def verdict(met: bool) -> str:
    return "[green]met[/green]" if met else "[red]missed[/red]"


def print_table(results: JsonDict) -> None:
    table = Table(title="Laurel benchmarks: targets are shown, not asserted")
    table.add_column("backend")
    table.add_column("measure")
    table.add_column("laurel", justify="right")
    table.add_column("baseline", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target")
    for backend, figures in results["backends"].items():
        if "error" in figures:
            table.add_row(backend, "[red]failed[/red]", figures["error"][:200], "", "", "")
            table.add_section()
            continue
        batch, single = figures["batch_ingest"], figures["single_event_latency"]
        base, single_base = batch["baseline"], single["baseline"]
        fast_enough = batch["events_per_s"] >= TARGET_BATCH_EVENTS_PER_S
        table.add_row(
            backend,
            "batch events/s vs Core",
            f"{batch['events_per_s']:,.0f}",
            f"{base['rows_per_s']:,.0f}",
            show(batch["ratio"], ".3f"),
            f">= {TARGET_BATCH_RATIO} {verdict((batch['ratio'] or 0) >= TARGET_BATCH_RATIO)}"
            + (f", >= {TARGET_BATCH_EVENTS_PER_S:,}/s {verdict(fast_enough)}" if backend == "sqlite" else ""),
        )
        if "baseline_driver" in batch:
            table.add_row(
                "",
                "batch events/s vs driver",
                f"{batch['events_per_s']:,.0f}",
                f"{batch['baseline_driver']['rows_per_s']:,.0f}",
                show(batch["ratio_driver"], ".3f"),
                "",
            )
        for p in ("p50_ms", "p95_ms", "p99_ms"):
            met = single[p] < TARGET_P99_MS
            table.add_row(
                "",
                f"single {p[:3]} ms",
                f"{single[p]:,.1f}",
                f"{single_base[p]:,.1f}",
                show(single["ratio"][p], ",.1f"),
                f"< {TARGET_P99_MS:g} ms {verdict(met)}" if p == "p99_ms" else "",
            )
        table.add_row(
            "",
            "single req/s",
            f"{single['achieved_rate']:.0f}",
            f"{single_base['achieved_rate']:.0f}",
            "",
            f"{RATE}",
        )
        share = single.get("load_generator_cpu_share", 0)
        table.add_row("", "load generator CPU share", f"{share:.0%}", f"{single_base['load_generator_cpu_share']:.0%}")
        if "healthz" in single:  # the heavy health check, paced the same way
            healthz = single["healthz"]
            table.add_row("", "GET /healthz p99 ms", f"{healthz['p99_ms']:,.1f}")
            table.add_row("", "GET /healthz req/s", f"{healthz['achieved_rate']:.0f}")
        table.add_row("", "failed", f"{batch['failed_events'] + single['failed']}", f"{single_base['failed']}", "", "")
        if "machine" in figures:
            table.add_row("", "load average, 1 min", f"{figures['machine']['load_average_1m']:.2f}")
        table.add_section()
    console.print(table)
    console.print(
        f"batch: {BATCHES} x {BATCH_SIZE} events to POST /v1/events/batch, one rule and one badge; baselines: the "
        "same number of rows into a table shaped like `events`, same database, commit per batch, by SQLAlchemy Core "
        "executemany and by the driver alone (sqlite3 executemany, psycopg COPY).\n"
        f"single: POST /v1/events paced open-loop at {RATE}/s for {LATENCY_SECONDS:g} s against `laurel serve` (one "
        "API process per core on PostgreSQL, one on SQLite), latency from each request's scheduled start; baseline: "
        "GET /livez paced the same way on the same server.\n"
        "ratio: laurel / baseline."
    )
    info = latest_machine(results)
    commit = (info["commit"] or "unknown")[:12] + (" (dirty)" if info["dirty"] else "")
    console.print(
        f"{info['nproc']} CPUs, Python {info['python']}, commit {commit}, {info['timestamp']}, "
        f"load average {info['load_average_1m']:.2f}"
    )
    console.print(f"written to {RESULTS_PATH.relative_to(REPO)}")


def latest_machine(results: JsonDict) -> JsonDict:
    """The machine of the newest figures shown: a run of one entry (`--only backends`) notes its own beside each
    backend, and the file's top-level entry is then the last full run's."""
    noted = [f["machine"] for f in results["backends"].values() if isinstance(f, dict) and "machine" in f]
    return max([*([results["machine"]] if "machine" in results else []), *noted], key=lambda info: info["timestamp"])


class OutOfTime(BaseException):
    """The run passed HARD_LIMIT_S. A BaseException, so that no `except Exception` carries on regardless."""


def _stop(signum: int, _frame: FrameType | None) -> None:
    # Raised in the main thread, so the context managers unwind: subprocesses stop, the database is dropped.
    if signum == signal.SIGALRM:
        raise OutOfTime(f"the benchmark ran past its {HARD_LIMIT_S} s limit")
    raise SystemExit(128 + signum)


def in_backend(backend: str, measure: Callable[[Path, str], JsonDict]) -> JsonDict:
    """Run `measure(data_dir, database_url)` on a fresh SQLite file or PostgreSQL database; failures are reported,
    not raised, so the other figures still come out."""
    try:
        with tempfile.TemporaryDirectory(prefix=f"laurel-bench-{backend}-") as tmp:
            if backend == "sqlite":
                return measure(Path(tmp), f"sqlite:///{Path(tmp) / 'laurel.db'}")
            with postgres_database() as url:
                return measure(Path(tmp), url)
    except OutOfTime:
        raise
    except Exception as exc:
        traceback.print_exc()
        return {"error": f"{type(exc).__name__}: {exc}"[:500]}


def main() -> int:
    # The engine and payout benchmarks build on this module's helpers, so they are imported once it exists.
    from tests.bench.async_events import bench_async_events, print_async_events
    from tests.bench.engine import bench_engine, bench_webhook_latency
    from tests.bench.event_cpu import bench_event_cpu, print_event_cpu
    from tests.bench.growth import bench_growth, print_growth
    from tests.bench.health import bench_health, print_health
    from tests.bench.imports import bench_imports, print_imports
    from tests.bench.payouts import bench_payouts
    from tests.bench.payouts_api import bench_payouts_api, bench_payouts_api_tron
    from tests.bench.payouts_tron import bench_tron_payouts
    from tests.bench.people import bench_people, print_people
    from tests.bench.returns import bench_returns, print_returns

    parser = argparse.ArgumentParser(description="Laurel's benchmarks; writes bench/results.json.")
    parser.add_argument(
        "--only",
        choices=[
            "backends",
            "event_cpu",
            "engine",
            "imports",
            "people",
            "returns",
            "payouts",
            "async_events",
            "health",
            "growth",
        ],
        help="Run one entry on both backends and merge its figures into the file, keeping the others. "
        "`growth` (PostgreSQL, a million events) runs only when asked for.",
    )
    only = parser.parse_args().only
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGALRM, _stop)
    signal.alarm(HARD_LIMIT_S)
    if only == "imports":
        return run_only(only, bench_imports, print_imports)
    if only == "async_events":
        return run_only(only, bench_async_events, print_async_events)
    if only == "event_cpu":
        return run_only(only, bench_event_cpu, print_event_cpu)
    if only == "health":
        return run_only(only, bench_health, print_health)
    if only == "growth":
        return run_only(only, bench_growth, print_growth)
    if only == "backends":
        return run_only(only, bench_backend, lambda _: print_table(json.loads(RESULTS_PATH.read_text())))
    if only == "engine":
        return run_only(only, bench_engine, lambda _: print_more(json.loads(RESULTS_PATH.read_text())))
    if only == "people":
        return run_only(only, bench_people, print_people)
    if only == "returns":
        return run_only(only, bench_returns, print_returns)
    if only == "payouts":
        return run_payouts(bench_payouts, bench_payouts_api, bench_tron_payouts, bench_payouts_api_tron)
    results: JsonDict = {
        "machine": machine(),
        "targets": {
            "batch_events_per_s_sqlite": TARGET_BATCH_EVENTS_PER_S,
            "batch_vs_core_ratio": TARGET_BATCH_RATIO,
            "single_event_p99_ms": TARGET_P99_MS,
            "full_program_vs_one_rule_ratio": 0.5,
            "gas_per_recipient_batch_vs_single": 0.5,
        },
        "backends": {},
        "engine": {},
        "webhooks": {},
        "async_events": {},
    }
    try:
        for backend in ("sqlite", "postgresql"):
            console.print(f"[bold]{backend}[/bold]: ingestion…")
            results["backends"][backend] = in_backend(backend, bench_backend)
            console.print(f"[bold]{backend}[/bold]: full program…")
            results["engine"][backend] = in_backend(backend, bench_engine)
        console.print("[bold]webhooks[/bold]: event to delivery through a worker…")
        for backend in ("sqlite", "postgresql"):
            results["webhooks"][backend] = in_backend(backend, bench_webhook_latency)
        console.print("[bold]async events[/bold]: Prefer: respond-async at 1,000 requests/s…")
        for backend in ("sqlite", "postgresql"):
            results["async_events"][backend] = in_backend(backend, bench_async_events)
        console.print("[bold]imports[/bold]: 100,000-row CSVs through a worker…")
        results["imports"] = {backend: in_backend(backend, bench_imports) for backend in ("sqlite", "postgresql")}
        console.print("[bold]people[/bold]: recognitions, transfers, team goals…")
        results["people"] = {backend: in_backend(backend, bench_people) for backend in ("sqlite", "postgresql")}
        console.print("[bold]health[/bold]: /livez, /readyz, /healthz vs a bare endpoint at 500 requests/s…")
        results["health"] = {backend: in_backend(backend, bench_health) for backend in ("sqlite", "postgresql")}
        console.print("[bold]payouts[/bold]: anvil…")
        try:
            results["payouts"] = bench_payouts()
        except Exception as exc:
            traceback.print_exc()
            results["payouts"] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        console.print("[bold]payouts[/bold]: end to end through the API on PostgreSQL…")
        results["payouts_api"] = in_backend("postgresql", bench_payouts_api)
        console.print("[bold]payouts[/bold]: the Tron devnet…")
        try:
            results["payouts_tron"] = bench_tron_payouts()
        except Exception as exc:
            traceback.print_exc()
            results["payouts_tron"] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        console.print("[bold]payouts[/bold]: the Tron devnet end to end through the API on PostgreSQL…")
        results["payouts_api_tron"] = in_backend("postgresql", bench_payouts_api_tron)
    except OutOfTime as exc:
        results["error"] = str(exc)
    finally:
        signal.alarm(0)
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print_table(results)
    print_more(results)
    print_imports(results.get("imports", {}))
    print_people(results.get("people", {}))
    print_async_events(results.get("async_events", {}))
    print_health(results.get("health", {}))
    sections = ("backends", "engine", "webhooks", "imports", "people", "async_events", "health")
    failed = [figures for section in sections for figures in results.get(section, {}).values()]
    return 1 if "error" in results or any("error" in figures for figures in failed) else 0


def run_payouts(
    bench_payouts: Callable[[], JsonDict],
    bench_payouts_api: Callable[[Path, str], JsonDict],
    bench_tron_payouts: Callable[[], JsonDict],
    bench_payouts_api_tron: Callable[[Path, str], JsonDict],
) -> int:
    """The payout entries alone (pipeline and gas on anvil; end to end through the API on PostgreSQL; the Tron
    devnet), merged into bench/results.json beside the others."""
    figures: JsonDict = {}
    try:
        for name, measure in (("payouts", bench_payouts), ("payouts_tron", bench_tron_payouts)):
            try:
                figures[name] = {**measure(), "machine": machine()}
            except Exception as exc:
                traceback.print_exc()
                figures[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        figures["payouts_api"] = {**in_backend("postgresql", bench_payouts_api), "machine": machine()}
        figures["payouts_api_tron"] = {**in_backend("postgresql", bench_payouts_api_tron), "machine": machine()}
    except OutOfTime as exc:
        figures["error"] = str(exc)
    finally:
        signal.alarm(0)
    results = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
    results.update(figures)
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print_more(results)
    return 1 if any("error" in f for f in figures.values() if isinstance(f, dict)) or "error" in figures else 0


def run_only(name: str, measure: Callable[[Path, str], JsonDict], report: Callable[[JsonDict], None]) -> int:
    """One entry on both backends, its figures merged into bench/results.json beside the others (kept)."""
    figures: JsonDict = {}
    try:
        for backend in ("sqlite", "postgresql"):
            console.print(f"[bold]{backend}[/bold]: {name}…")
            figures[backend] = in_backend(backend, measure)
    except OutOfTime as exc:
        figures["error"] = str(exc)
    finally:
        signal.alarm(0)
    results = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
    if name == "imports":
        results[name] = {**figures, "machine": machine()}
    else:  # a section keyed by backend, as a full run writes it: each backend's figures note their own run
        section = results.setdefault(name, {})
        for backend, measured in figures.items():
            section[backend] = {**measured, "machine": machine()} if isinstance(measured, dict) else measured
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    report(figures)
    return 1 if "error" in figures or any("error" in f for f in figures.values() if isinstance(f, dict)) else 0


def print_more(results: JsonDict) -> None:
    table = Table(title="Engine, webhooks and payouts")
    for column in ("measure", "laurel", "baseline", "ratio"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for backend, figures in results["engine"].items():
        if "error" in figures:
            table.add_row(f"{backend}: full program", figures["error"][:120], "", "")
            continue
        table.add_row(
            f"{backend}: events/s, 20 rules 50 badges 10 quests vs 1 rule",
            f"{figures['full_program']['events_per_s']:,.0f}",
            f"{figures['baseline_one_rule']['events_per_s']:,.0f}",
            show(figures["ratio"], ".3f"),
        )
        for name in ("full_program", "baseline_one_rule"):
            if "ratio_driver" not in figures[name]:
                continue
            table.add_row(
                f"{backend}: {name.replace('baseline_', '').replace('_', ' ')} vs Core / driver bulk insert",
                f"{figures[name]['events_per_s']:,.0f}",
                f"{figures['baseline_core']['rows_per_s']:,.0f} / {figures['baseline_driver']['rows_per_s']:,.0f}",
                f"{show(figures[name]['ratio'], '.3f')} / {show(figures[name]['ratio_driver'], '.3f')}",
            )
    for backend, figures in results.get("webhooks", {}).items():
        if "error" in figures:
            table.add_row(f"{backend}: event to webhook", figures["error"][:120], "", "")
            continue
        for p in ("p50_ms", "p99_ms"):
            table.add_row(
                f"{backend}: event to webhook {p[:3]} ms (vs a bare POST)",
                f"{figures['event_to_webhook'][p]:,.1f}",
                f"{figures['baseline_bare_post'][p]:,.1f}",
                show(figures["ratio"][p], ",.1f"),
            )
    payouts = results.get("payouts", {})
    if "error" in payouts:
        table.add_row("payouts", payouts["error"][:120], "", "")
    elif payouts:
        single = payouts["gas"]["baseline"]["single_mint_gas"]
        for call, name in (("mint_batch", "mintBatch"), ("mint_packed", "mintPacked")):
            for size, batch in payouts["gas"].get(call, {}).items():
                table.add_row(f"gas per recipient, {name} of {size} vs one mint", f"{batch['gas_per_recipient']:,}",
                              f"{single:,}", show(batch["ratio"], ".3f"))  # fmt: skip
    through_api = results.get("payouts_api", {})
    if "error" in through_api:
        table.add_row("payouts through the API", through_api["error"][:120], "", "")
    elif through_api:
        baseline = through_api["baseline"]["bare_single_mints"]["recipients_per_s"]
        for run in ("single_requests", "batch_requests"):
            figures = through_api[run]
            if "payouts_per_s" in figures:
                table.add_row(f"payouts/s confirmed via the API ({run.replace('_', ' ')}) vs bare single mints",
                              f"{figures['payouts_per_s']:,.1f}", f"{baseline:,.1f}",
                              show(ratio(figures["payouts_per_s"], baseline), ".3f"))  # fmt: skip
        blocks = through_api["batch_requests"].get("blocks")
        if blocks:
            table.add_row("gas used per block carrying batch payouts (median) vs the block gas limit",
                          f"{blocks['gas_used_median']:,}", f"{blocks['gas_limit']:,}",
                          show(ratio(blocks["gas_used_median"], blocks["gas_limit"]), ".3f"))  # fmt: skip
    tron = results.get("payouts_tron", {})
    if "error" in tron:
        table.add_row("payouts on the Tron devnet", tron["error"][:120], "", "")
    elif tron:
        backlog, single = tron["backlog"], tron["baseline"]["one_recipient_batch"]
        table.add_row("Tron: energy per recipient, batches vs a batch of one", f"{backlog['energy_per_recipient']:,}",
                      f"{single['energy_per_recipient']:,}", show(tron["energy_ratio"], ".3f"))  # fmt: skip
        speedup = ratio(backlog["payouts_per_s"], single["payouts_per_s"])
        table.add_row("Tron: payouts/s confirmed, backlog vs one payout", f"{backlog['payouts_per_s']:,.1f}",
                      f"{single['payouts_per_s']:,.1f}", show(speedup, ".1f"))  # fmt: skip
    tron_api = results.get("payouts_api_tron", {})
    if "error" in tron_api:
        table.add_row("Tron payouts through the API", tron_api["error"][:120], "", "")
    elif tron_api and "payouts_per_s" in tron_api["batch_requests"]:
        batch, single = tron_api["batch_requests"], tron_api["baseline"]["one_payout"]
        table.add_row(f"Tron via the API: seconds to confirm {batch['payouts']:,} payouts vs one payout",
                      f"{batch['seconds']:,.1f}", f"{single['seconds']:,.1f}",
                      show(ratio(batch["seconds"], single["seconds"]), ".2f"))  # fmt: skip
        table.add_row("Tron via the API: energy per recipient, batch run vs one payout",
                      f"{batch.get('energy_per_recipient', 0):,}", f"{single.get('energy_per_recipient', 0):,}",
                      show(tron_api["energy_ratio"], ".3f"))  # fmt: skip
    console.print(table)


if __name__ == "__main__":
    sys.exit(main())
