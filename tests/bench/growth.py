"""Cost as data grows (issue 14, opt-in: `python -m tests.bench.run --only growth`), on PostgreSQL.

Two databases side by side, each behind its own API process: one holding only the benchmark's tenant, the other
filled with GROWTH_EVENTS events of GROWTH_MEMBERS members besides (written by SQL with generate_series, not
through the API: the fill is not what is measured), each with its ledger transaction, two postings, balances,
member stats, badge and leaderboard score, as ingestion would have left them. Every measurement goes to one, then
the other, so both meet the same machine:

- batch ingestion (one rule, one badge), as in the backends entry; the ratio full / empty is the figure;
- the read paths through the HTTP API, closed loop, one request at a time: a member, their balance, a page of their
  ledger, a leaderboard page with the member's rank. Percentiles beside the same reads on the empty database.
"""

import random
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from rich.table import Table

from tests.bench.load import percentiles_ms
from tests.bench.run import (
    BATCH_SIZE,
    BATCHES,
    JsonDict,
    api_process,
    batch_body,
    console,
    post_batch,
    postgres_database,
    prepare_tenant,
    ratio,
)

GROWTH_MEMBERS = 100_000
GROWTH_EVENTS = 1_000_000
READS = 200  # per read path and database size
BOARD = {"key": "spenders", "name": "Top spenders"}
TARGET_INGEST_RATIO = 0.8
TARGET_READ_P99_MS = 20.0


def read_paths(member: str) -> dict[str, str]:
    return {
        "member": f"/v1/members/{member}",
        "balance": f"/v1/members/{member}/balance",
        "ledger_page": f"/v1/members/{member}/ledger?limit=50",
        "leaderboard_page": f"/v1/leaderboards/spenders?limit=50&member={member}",
    }


class Side:
    """One API process and its database: the empty one or the full one."""

    def __init__(self, client: httpx.Client, headers: dict[str, str], members: list[str]) -> None:
        self.client, self.headers, self.members = client, headers, members
        self.batch_seconds = 0.0
        self.events = self.failed = 0
        self.reads: dict[str, list[float]] = {name: [] for name in read_paths("x")}

    def send_batch(self, body: bytes) -> None:
        started = time.perf_counter()
        self.failed += post_batch(self.client, self.headers, body)
        self.batch_seconds += time.perf_counter() - started
        self.events += BATCH_SIZE

    def read(self, name: str, member: str) -> None:
        started = time.perf_counter()
        self.client.get(read_paths(member)[name], headers=self.headers).raise_for_status()
        self.reads[name].append(time.perf_counter() - started)

    def figures(self) -> JsonDict:
        return {
            "batch_ingest": {
                "events": self.events,
                "failed_events": self.failed,
                "seconds": round(self.batch_seconds, 3),
                "events_per_s": round(self.events / self.batch_seconds, 1),
            },
            "reads": {name: percentiles_ms(latencies) for name, latencies in self.reads.items()},
        }


def measure_alternately(empty: Side, full: Side) -> None:
    """Each batch and each read on one side, then the same on the other: both meet the same machine (others' work
    on a shared machine comes and goes by the second)."""
    for b in range(BATCHES):
        body = batch_body(f"growth-{b}")
        for side in (empty, full) if b % 2 else (full, empty):
            side.send_batch(body)
    picks = random.Random(14)
    for name in read_paths("x"):
        for side in (empty, full):
            for member in side.members[:5]:  # warm the connection pool and the caches
                side.client.get(read_paths(member)[name], headers=side.headers).raise_for_status()
        for i in range(READS):
            for side in (empty, full) if i % 2 else (full, empty):
                side.read(name, picks.choice(side.members))


# One statement per table, in dependency order; %(t)s is the tenant, %(p)s the program.
FILL = [
    """INSERT INTO members (tenant_id, external_id, display_name, attributes, created_at)
       SELECT %(t)s, 'grow-' || g, NULL, '{}', now() - interval '400 days' FROM generate_series(1, %(members)s) g""",
    """CREATE TEMP TABLE grow AS
       SELECT g, m.id AS member_id, (100 + g %% 900) * 5 / 100 AS points,
              now() - make_interval(secs => g) AS at,
              nextval(pg_get_serial_sequence('ledger_transactions', 'id')) AS tx_id
       FROM generate_series(1, %(events)s) g
       JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM members
             WHERE tenant_id = %(t)s AND external_id LIKE 'grow-%%') m ON m.n = 1 + g %% %(members)s""",
    """INSERT INTO events (tenant_id, event_id, program_id, member_id, type, properties, occurred_at, received_at,
                           body_sha256, effects)
       SELECT %(t)s, 'grow-ev-' || g, %(p)s, member_id, 'purchase', jsonb_build_object('amount', 100 + g %% 900),
              at, at, md5(g::text) || md5(g::text),
              jsonb_build_object('points', points, 'xp', 0, 'badges', '[]'::jsonb, 'quests', '[]'::jsonb,
                                 'level', NULL, 'rules', jsonb_build_array(jsonb_build_object(
                                 'key', 'cashback', 'points', points, 'xp', 0)))
       FROM grow""",
    """INSERT INTO ledger_transactions (id, tenant_id, program_id, kind, idempotency_key, memo, event_id, created_at)
       SELECT tx_id, %(t)s, %(p)s, 'earn', 'event:grow-ev-' || g, 'cashback', 'grow-ev-' || g, at FROM grow""",
    """INSERT INTO ledger_postings (transaction_id, tenant_id, program_id, account, amount, created_at)
       SELECT tx_id, %(t)s, %(p)s, 'member:' || member_id || ':available', points, at FROM grow
       UNION ALL
       SELECT tx_id, %(t)s, %(p)s, 'program:' || %(p)s || ':issued', -points, at FROM grow""",
    """INSERT INTO ledger_balances (tenant_id, program_id, account, balance, lifetime)
       SELECT %(t)s, %(p)s, 'member:' || member_id || ':available', sum(points), sum(points) FROM grow
       GROUP BY member_id""",
    """UPDATE ledger_balances SET balance = balance - (SELECT sum(points) FROM grow),
                                 lifetime = lifetime - (SELECT sum(points) FROM grow)
       WHERE tenant_id = %(t)s AND program_id = %(p)s AND account = 'program:' || %(p)s || ':issued'""",
    """INSERT INTO member_stats (member_id, program_id, tenant_id, xp, events, last_event_at, counters, quests)
       SELECT member_id, %(p)s, %(t)s, 0, count(*), max(at), jsonb_build_object('badge:regular', count(*)), '{}'
       FROM grow GROUP BY member_id""",
    """INSERT INTO member_badges (tenant_id, member_id, program_id, badge, period, version, event_id, awarded_at)
       SELECT %(t)s, member_id, %(p)s, 'regular', '', 1, NULL, max(at) FROM grow GROUP BY member_id""",
    """INSERT INTO leaderboard_scores (tenant_id, program_id, board, period, scope, member_id, score)
       SELECT %(t)s, %(p)s, 'spenders', 'all', '', member_id, sum(points) FROM grow GROUP BY member_id""",
    "DROP TABLE grow",
]


def fill(database_url: str) -> JsonDict:
    """GROWTH_EVENTS events of GROWTH_MEMBERS new members in the benchmark tenant's program; then VACUUM ANALYZE
    and a checkpoint, the state autovacuum would reach, so the measurement does not pay for the fill."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        tenant, program = conn.execute("SELECT tenant_id, program_id FROM events LIMIT 1").fetchone() or (None, None)
        params: dict[str, Any] = {"t": tenant, "p": program, "members": GROWTH_MEMBERS, "events": GROWTH_EVENTS}
        for statement in FILL:
            conn.execute(statement, params)  # type: ignore[arg-type]
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
            for table in ("members", "events", "ledger_postings")
        }
    return {"seconds": round(time.perf_counter() - started, 1), "rows": counts}


def prepare(client: httpx.Client) -> dict[str, str]:
    headers = prepare_tenant(client)
    client.post("/v1/leaderboards", json=BOARD, headers=headers).raise_for_status()
    return headers


def bench_growth(data_dir: Path, database_url: str) -> JsonDict:
    """`database_url` is filled; a second database beside it stays empty."""
    if database_url.startswith("sqlite"):
        return {"skipped": "PostgreSQL only: the fill is SQL written for it"}
    (data_dir / "empty").mkdir()
    with (
        postgres_database() as empty_url,
        api_process(data_dir, database_url) as full_api,
        api_process(data_dir / "empty", empty_url) as empty_api,
        httpx.Client(base_url=full_api, timeout=120) as full_client,
        httpx.Client(base_url=empty_api, timeout=120) as empty_client,
    ):
        full_headers, empty_headers = prepare(full_client), prepare(empty_client)
        filled = fill(database_url)
        with psycopg.connect(empty_url.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True) as c:
            c.execute("VACUUM ANALYZE")
        small = [f"member-{n}" for n in range(1000)]
        grown = [f"grow-{n}" for n in range(1, GROWTH_MEMBERS + 1)]
        empty, full = Side(empty_client, empty_headers, small), Side(full_client, full_headers, grown)
        measure_alternately(empty, full)
    empty_figures, full_figures = empty.figures(), full.figures()
    return {
        "size": {"members": GROWTH_MEMBERS, "events": GROWTH_EVENTS, "fill": filled},
        "method": "two API processes, one on an empty database and one on the filled one, sent each batch and each "
        "read alternately; reads closed loop, one at a time, random members (the filled side: among the 100,000)",
        "empty": empty_figures,
        "full": full_figures,
        "ingest_ratio": ratio(
            full_figures["batch_ingest"]["events_per_s"], empty_figures["batch_ingest"]["events_per_s"]
        ),
        "read_p99_ratio": {
            name: ratio(full_figures["reads"][name]["p99_ms"], empty_figures["reads"][name]["p99_ms"])
            for name in full_figures["reads"]
        },
        "targets": {"ingest_ratio": TARGET_INGEST_RATIO, "read_p99_ms": TARGET_READ_P99_MS},
    }


def print_growth(results: JsonDict) -> None:
    figures = results.get("postgresql", {})
    if "error" in figures or "full" not in figures:
        console.print(f"growth: {figures.get('error', 'no figures')}")
        return
    table = Table(title=f"PostgreSQL at {GROWTH_EVENTS:,} events / {GROWTH_MEMBERS:,} members vs empty")
    for column in ("measure", "full", "empty", "ratio", "target"):
        table.add_column(column, justify="left" if column in ("measure", "target") else "right")
    full, empty = figures["full"], figures["empty"]
    met = (figures["ingest_ratio"] or 0) >= TARGET_INGEST_RATIO
    table.add_row(
        "batch events/s",
        f"{full['batch_ingest']['events_per_s']:,.0f}",
        f"{empty['batch_ingest']['events_per_s']:,.0f}",
        f"{figures['ingest_ratio']:.3f}",
        f">= {TARGET_INGEST_RATIO} {'met' if met else 'missed'}",
    )
    for name, percentiles in full["reads"].items():
        for p in ("p50_ms", "p99_ms"):
            met = percentiles[p] < TARGET_READ_P99_MS
            table.add_row(
                f"GET {name} {p[:3]} ms",
                f"{percentiles[p]:,.1f}",
                f"{empty['reads'][name][p]:,.1f}",
                f"{ratio(percentiles[p], empty['reads'][name][p]) or 0:.2f}",
                f"< {TARGET_READ_P99_MS:g} ms {'met' if met else 'missed'}" if p == "p99_ms" else "",
            )
    console.print(table)
    console.print(f"fill: {figures['size']['fill']}")
