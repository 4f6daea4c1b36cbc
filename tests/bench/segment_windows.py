"""Ingest cost of a segment reading a windowed counter (`member.events_30d`) or a windowed sum
(`member.amount_30d`) beside one that does not.

Three tenants on one in-process server, each with one rule, one segment and the same history (1,000 members with
20 events each over the last 60 days); then the same batches of 1,000 purchases (one per member) into each, in
turns; then the counters query alone (`load_windows` over the 1,000 members).
Run: `.venv/bin/python -m tests.bench.segment_windows [sqlite|postgresql]`.
"""

import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import select
from sqlmodel import Session, col

from achievements.models import Event
from achievements.windows import load_windows, windows_read
from core.db import create_db_engine
from core.settings import Settings
from core.tenancy import Member
from tests.conftest import ADMIN_TOKEN, MASTER_KEY, PG_ADMIN_URL, LiveServer

MEMBERS, HISTORY, BATCHES = 1_000, 20, 15
QUERIES = {
    "events_30d": "member.events_30d.purchase > 0",
    "amount_30d": "member.amount_30d.purchase > 0.0",
    "events_30d+events_90d": "member.events_30d.purchase > 0 && member.events_90d.visit > 0",
}
SEGMENTS = {
    "plain": "member.events >= 3",
    "counted": 'member.events_30d["purchase"] >= 3',
    "summed": 'member.amount_30d["purchase"] >= 30.0',
}


def tenant(http: httpx.Client, condition: str) -> dict[str, str]:
    response = http.post("/v1/tenants", json={"name": "Bench"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    auth = {"Authorization": f"Bearer {response.json()['api_key']}"}
    http.post("/v1/rules", json={"key": "base", "event_type": "purchase", "points": "1"}, headers=auth)
    http.post("/v1/segments", json={"key": "buyers", "name": "Buyers", "condition": condition}, headers=auth)
    now = datetime.now(UTC)
    for n in range(HISTORY):
        at = (now - timedelta(days=3 * n + 1)).isoformat()
        kind = "purchase" if n % 2 else "visit"
        batch = [
            {"id": f"h{n}-{m}", "member": f"m{m}", "type": kind, "occurred_at": at, "properties": {"amount": 10}}
            for m in range(MEMBERS)
        ]
        assert http.post("/v1/events/batch", json={"events": batch}, headers=auth).status_code == 200
    return auth


def query_times(settings: Settings) -> dict[str, float]:
    """The counters query alone, for the last tenant's members, per window choice."""
    engine = create_db_engine(settings.effective_database_url)
    reads = {label: windows_read([source]) for label, source in QUERIES.items()}
    times: dict[str, float] = {}
    with Session(engine) as session:
        last = select(col(Event.tenant_id), col(Event.program_id)).order_by(col(Event.pk).desc()).limit(1)
        tenant_id, program_id = session.execute(last).one()
        ids = [int(m) for m in session.scalars(select(col(Member.id)).where(col(Member.tenant_id) == tenant_id)) if m]
        for label, read in reads.items():
            assert read is not None
            runs = []
            for _ in range(10):
                started = time.perf_counter()
                load_windows(session, tenant_id, program_id, ids, read, datetime.now(UTC))
                runs.append((time.perf_counter() - started) * 1000)
            times[label] = statistics.median(runs)
    engine.dispose()
    return times


def main(backend: str) -> None:
    url = ""
    if backend == "postgresql":
        name = f"laurel_bench_{secrets.token_hex(6)}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+psycopg://")
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp()),
        database_url=url,
        admin_token=ADMIN_TOKEN,
        master_key=MASTER_KEY,
        log_level="WARNING",
    )
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=120) as http:
        auths = {kind: tenant(http, condition) for kind, condition in SEGMENTS.items()}
        timings: dict[str, list[float]] = {kind: [] for kind in SEGMENTS}
        for n in range(BATCHES):
            for kind, auth in auths.items():
                batch = [
                    {"id": f"b{n}-{m}", "member": f"m{m}", "type": "purchase", "properties": {"amount": 10}}
                    for m in range(MEMBERS)
                ]
                started = time.perf_counter()
                assert http.post("/v1/events/batch", json={"events": batch}, headers=auth).status_code == 200
                timings[kind].append((time.perf_counter() - started) * 1000)
        sizes = {kind: http.get("/v1/stats", headers=auth).json()["segments"] for kind, auth in auths.items()}
    queries = query_times(settings)
    for kind, values in timings.items():
        print(
            f"{backend} {kind:9} median {statistics.median(values):7.1f} ms  min {min(values):7.1f} ms"
            f"  per {MEMBERS}-event batch  (segment sizes {sizes[kind]})"
        )
    for label, ms in queries.items():
        print(f"{backend} load_windows({label}) for {MEMBERS} members: median {ms:5.1f} ms")
    if backend == "postgresql":
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite")
