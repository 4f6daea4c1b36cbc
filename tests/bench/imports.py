"""Bulk import benchmark (issue 9): a 100,000-row members CSV (opening balances and an attribute) and a 100,000-row
points CSV uploaded through the API and applied by a real worker, in rows per second from upload to `done`,
beside a baseline from the same run: the same number of rows inserted raw (SQLAlchemy Core executemany, a commit
per thousand) into a scratch table shaped like `members`, on the same database.

Run alone with `python -m tests.bench.run --only imports` (merged into bench/results.json).
"""

import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from rich.table import Table
from sqlalchemy import BigInteger, Column, MetaData, String, UniqueConstraint
from sqlalchemy import Table as SqlTable

from core.db import create_db_engine
from core.types import BigIntPK, JsonColumn, UTCDateTime
from tests.bench.engine import REDIS_BROKER, worker_process
from tests.bench.run import ADMIN_TOKEN, JsonDict, api_process, console, ratio, show

ROWS = 100_000
CHUNK = 1_000
TIMEOUT_S = 600.0


def members_csv() -> bytes:
    return (
        "external_id,display_name,points,city\n"
        + "".join(f"import-{i},Member {i},{10 + i % 90},city-{i % 50}\n" for i in range(ROWS))
    ).encode()


def points_csv() -> bytes:
    return (
        "external_id,points,memo\n" + "".join(f"import-{i},{-5 if i % 4 == 0 else 7},bench\n" for i in range(ROWS))
    ).encode()


def timed_import(client: httpx.Client, auth: dict[str, str], kind: str, content: bytes) -> JsonDict:
    """Upload, then poll until the worker reports `done`: rows per second over the whole way."""
    started = time.perf_counter()
    response = client.post(f"/v1/imports/{kind}", content=content, headers={**auth, "Content-Type": "text/csv"})
    response.raise_for_status()
    job = response.json()
    while job["status"] != "done":
        if time.perf_counter() - started > TIMEOUT_S:
            raise TimeoutError(f"the {kind} import did not finish in {TIMEOUT_S:g} s: {job['done']} rows done")
        time.sleep(0.5)
        job = client.get(f"/v1/imports/{job['id']}", headers=auth).json()
    seconds = time.perf_counter() - started
    return {
        "rows": job["rows"],
        "applied": job["applied"],
        "errors": job["error_count"],
        "seconds": round(seconds, 3),
        "rows_per_s": round(job["rows"] / seconds, 1),
    }


def raw_members_table() -> SqlTable:
    return SqlTable(
        "bench_raw_members",
        MetaData(),
        Column("id", BigIntPK, primary_key=True, autoincrement=True),
        Column("tenant_id", String(40), nullable=False),
        Column("external_id", String(128), nullable=False),
        Column("display_name", String(200)),
        Column("attributes", JsonColumn, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("balance", BigInteger, nullable=False),
        UniqueConstraint("tenant_id", "external_id", name="uq_bench_raw_members"),
    )


def measure_raw_members(database_url: str) -> JsonDict:
    """The floor: the members file's rows inserted as they are, with no checks, ledger or progress."""
    engine = create_db_engine(database_url)
    table = raw_members_table()
    try:
        table.create(engine, checkfirst=True)
        now = datetime.now(UTC)
        rows = [
            {
                "tenant_id": "bench",
                "external_id": f"import-{i}",
                "display_name": f"Member {i}",
                "attributes": {"city": f"city-{i % 50}"},
                "created_at": now,
                "balance": 10 + i % 90,
            }
            for i in range(ROWS)
        ]
        started = time.perf_counter()
        with engine.connect() as conn:
            for start in range(0, ROWS, CHUNK):
                conn.execute(table.insert(), rows[start : start + CHUNK])
                conn.commit()
        seconds = time.perf_counter() - started
        return {
            "what": "SQLAlchemy Core executemany into a scratch table shaped like `members`, commit per 1,000",
            "rows": ROWS,
            "seconds": round(seconds, 3),
            "rows_per_s": round(ROWS / seconds, 1),
        }
    finally:
        table.drop(engine, checkfirst=True)
        engine.dispose()


def bench_imports(data_dir: Path, database_url: str) -> JsonDict:
    """Paired as deployed: kombu's SQLite broker beside SQLite, Redis beside PostgreSQL."""
    if database_url.startswith("sqlite"):
        broker, prefix = f"sqla+sqlite:///{data_dir / 'broker.db'}", ""
    else:
        broker, prefix = REDIS_BROKER, f"laurel-bench-{data_dir.name}:"
    members_file, points_file = members_csv(), points_csv()
    with (
        worker_process(data_dir, database_url, broker, prefix),
        api_process(data_dir, database_url, broker_url=broker, broker_prefix=prefix) as url,
        httpx.Client(base_url=url, timeout=120) as client,
    ):
        tenant = client.post(
            "/v1/tenants", json={"name": "Imports"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        tenant.raise_for_status()
        auth = {"Authorization": f"Bearer {tenant.json()['api_key']}"}
        members = timed_import(client, auth, "members", members_file)
        points = timed_import(client, auth, "points", points_file)
    baseline = measure_raw_members(database_url)
    return {
        "members": {**members, "ratio": ratio(members["rows_per_s"], baseline["rows_per_s"])},
        "points": {**points, "ratio": ratio(points["rows_per_s"], baseline["rows_per_s"])},
        "baseline": baseline,
        "broker": broker.split(":", 1)[0],
    }


def print_imports(figures: JsonDict) -> None:
    table = Table(title="Imports: 100,000 rows each, upload to done through a worker")
    for column in ("backend", "file", "rows/s", "baseline rows/s", "ratio", "seconds"):
        table.add_column(column, justify="left" if column in ("backend", "file") else "right")
    for backend, result in figures.items():
        if not isinstance(result, dict) or "error" in result:
            table.add_row(
                backend, "failed", str(result.get("error", result) if isinstance(result, dict) else result)[:120]
            )
            continue
        if "baseline" not in result:
            continue
        for kind in ("members", "points"):
            row = result[kind]
            table.add_row(
                backend,
                kind,
                f"{row['rows_per_s']:,.0f}",
                f"{result['baseline']['rows_per_s']:,.0f}",
                show(row["ratio"], ".4f"),
                f"{row['seconds']:,.1f}",
            )
    console.print(table)
    console.print(
        "baseline: the members file's rows by SQLAlchemy Core executemany into a table shaped like `members`."
    )
