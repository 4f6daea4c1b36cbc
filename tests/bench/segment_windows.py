"""Ingest cost of a segment reading a windowed counter (`member.events_30d`) beside one that does not.

Two tenants on one in-process server, each with one rule, one segment and the same history (1,000 members with
20 events each over the last 60 days); then the same batches of 1,000 purchases (one per member) into each, in
turns. Run: `.venv/bin/python -m tests.bench.segment_windows [sqlite|postgresql]`.
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

from core.settings import Settings
from tests.conftest import ADMIN_TOKEN, MASTER_KEY, PG_ADMIN_URL, LiveServer

MEMBERS, HISTORY, BATCHES = 1_000, 20, 15
SEGMENTS = {"plain": "member.events >= 3", "windowed": 'member.events_30d["purchase"] >= 3'}


def tenant(http: httpx.Client, condition: str) -> dict[str, str]:
    response = http.post("/v1/tenants", json={"name": "Bench"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    auth = {"Authorization": f"Bearer {response.json()['api_key']}"}
    http.post("/v1/rules", json={"key": "base", "event_type": "purchase", "points": "1"}, headers=auth)
    http.post("/v1/segments", json={"key": "buyers", "name": "Buyers", "condition": condition}, headers=auth)
    now = datetime.now(UTC)
    for n in range(HISTORY):
        at = (now - timedelta(days=3 * n + 1)).isoformat()
        kind = "purchase" if n % 2 else "visit"
        batch = [{"id": f"h{n}-{m}", "member": f"m{m}", "type": kind, "occurred_at": at} for m in range(MEMBERS)]
        assert http.post("/v1/events/batch", json={"events": batch}, headers=auth).status_code == 200
    return auth


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
                batch = [{"id": f"b{n}-{m}", "member": f"m{m}", "type": "purchase"} for m in range(MEMBERS)]
                started = time.perf_counter()
                assert http.post("/v1/events/batch", json={"events": batch}, headers=auth).status_code == 200
                timings[kind].append((time.perf_counter() - started) * 1000)
        sizes = {kind: http.get("/v1/stats", headers=auth).json()["segments"] for kind, auth in auths.items()}
    for kind, values in timings.items():
        print(
            f"{backend} {kind:9} median {statistics.median(values):7.1f} ms  min {min(values):7.1f} ms"
            f"  per {MEMBERS}-event batch  (segment sizes {sizes[kind]})"
        )
    if backend == "postgresql":
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite")
