"""Engine benchmarks (issue 4), each beside a baseline from the same run:

- batch ingest with a full program — 20 rules, 50 badges, 10 quests, levels and a leaderboard — beside the same
  batches with one rule, on the same server (target: no worse than 2x slower); both also beside Core's executemany
  and the driver's bulk path of as many rows, measured in the same run;
- event-to-webhook latency through a real worker (nudged after commit), beside a bare POST to the same receiver.
"""

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import orjson
import redis

from tests.bench.load import percentiles_ms
from tests.bench.run import (
    ADMIN_TOKEN,
    HOST,
    REPO,
    JsonDict,
    api_process,
    baselines,
    beside,
    laurel_env,
    measure_batches,
    prepare_tenant,
    ratio,
)

WEBHOOK_EVENTS = 40
WEBHOOK_RATE = 5.0  # events per second


def full_program() -> list[tuple[str, JsonDict]]:
    """What a busy program defines: many rules and badges on the same event type, so every event meets them all."""
    rules = [
        (
            "/v1/rules",
            {
                "key": f"rule-{i}",
                "event_type": "purchase",
                "condition": f"event.amount > {i * 40}",
                "points": f"event.amount * {i + 1} / 1000",
                "xp": "1",
            },
        )
        for i in range(20)
    ]
    badges: list[tuple[str, JsonDict]] = []
    for i in range(50):
        criteria: JsonDict
        if i % 5 == 0:
            criteria = {"event_type": "purchase", "streak_days": 2 + i % 7}
        elif i % 5 == 1:
            criteria = {"event_type": "purchase", "sum": "event.amount", "at_least": 5_000 * (i + 1)}
        elif i % 5 == 2:
            criteria = {"condition": f"member.points >= {1000 * (i + 1)}"}
        else:
            criteria = {"event_type": "purchase", "condition": f"event.amount > {i * 10}", "count": 3 + i}
        badges.append(("/v1/badges", {"key": f"badge-{i}", "name": f"Badge {i}", "points": i, "criteria": criteria}))
    quests = [
        (
            "/v1/quests",
            {
                "key": f"quest-{i}",
                "name": f"Quest {i}",
                "ordered": i % 2 == 0,
                "points": 10,
                "steps": [
                    {"event_type": "purchase", "count": 2 + i},
                    {"event_type": "purchase", "condition": "event.amount > 500", "count": 1 + i},
                ],
            },
        )
        for i in range(10)
    ]
    levels = [
        ("/v1/levels", {"key": f"level-{i}", "name": f"Level {i}", "min_points": i * 5_000, "reward_points": 100})
        for i in range(5)
    ]
    boards = [("/v1/leaderboards", {"key": "spenders", "name": "Top spenders"})]
    return rules + badges + quests + levels + boards


def bench_engine(data_dir: Path, database_url: str) -> JsonDict:
    with api_process(data_dir, database_url) as url, httpx.Client(base_url=url, timeout=120) as client:
        light_headers = prepare_tenant(client, badge=False)
        light = measure_batches(client, light_headers)
        created = client.post("/v1/tenants", json={"name": "Busy"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        created.raise_for_status()
        headers = {"Authorization": f"Bearer {created.json()['api_key']}", "Content-Type": "application/json"}
        for path, body in full_program():
            client.post(path, content=orjson.dumps(body), headers=headers).raise_for_status()
        prepare_members = client.post(
            "/v1/events/batch",
            content=orjson.dumps(
                {
                    "events": [
                        {"id": f"warm-{i}", "member": f"member-{i}", "type": "purchase", "properties": {"amount": 1}}
                        for i in range(1000)
                    ]
                }
            ),
            headers=headers,
        )
        prepare_members.raise_for_status()
        full = measure_batches(client, headers)
    floors = baselines(database_url, full["events"])
    return {
        "definitions": {"rules": 20, "badges": 50, "quests": 10, "levels": 5, "leaderboards": 1},
        "full_program": {**full, **beside(full["events_per_s"], floors)},
        "baseline_one_rule": {**light, **beside(light["events_per_s"], floors)},
        "ratio": ratio(full["events_per_s"], light["events_per_s"]),
        "baseline_core": floors["core"],
        "baseline_driver": floors["driver"],
    }


class Receiver:
    """A webhook receiver on 127.0.0.1 that notes when each event's delivery arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = orjson.loads(self.rfile.read(int(self.headers["Content-Length"])))
                event_id = body.get("data", {}).get("event_id") or body.get("id", "")
                outer.arrived.setdefault(event_id, time.perf_counter())
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@contextmanager
def worker_process(data_dir: Path, database_url: str, broker: str, prefix: str, **extra: str) -> Iterator[None]:
    log = (data_dir / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--beat", "--pool", "solo"],
        env=laurel_env(
            data_dir, database_url, **{"broker_url": broker, "broker_prefix": prefix, **LOCAL_RECEIVER, **extra}
        ),
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


REDIS_BROKER = "redis://127.0.0.1:6379/0"


# The receiver listens on loopback over plain http: the operator's switches that allow exactly that.
LOCAL_RECEIVER = {"allow_http_webhooks": "true", "webhook_allow_networks": "127.0.0.0/8"}


def bench_webhook_latency(data_dir: Path, database_url: str) -> JsonDict:
    """Paired as deployed: kombu's SQLite broker beside SQLite (it polls once a second), Redis beside PostgreSQL."""
    if database_url.startswith("sqlite"):
        broker, prefix = f"sqla+sqlite:///{data_dir / 'broker.db'}", ""
    else:
        broker, prefix = REDIS_BROKER, f"laurel-bench-{data_dir.name}:"
    try:
        return _webhook_latency(data_dir, database_url, broker, prefix)
    finally:
        if prefix:
            client = redis.Redis.from_url(REDIS_BROKER)
            stale = list(client.scan_iter(f"{prefix}*"))
            if stale:
                client.delete(*stale)


def _webhook_latency(data_dir: Path, database_url: str, broker: str, prefix: str) -> JsonDict:
    receiver = Receiver()
    try:
        with (
            worker_process(data_dir, database_url, broker, prefix),
            api_process(data_dir, database_url, broker_url=broker, broker_prefix=prefix, **LOCAL_RECEIVER) as url,
            httpx.Client(base_url=url, timeout=30) as client,
        ):
            headers = prepare_tenant(client)
            client.post("/v1/webhooks", json={"url": receiver.url, "events": ["points.earned"]}, headers=headers)
            sent: dict[str, float] = {}

            def send(event_id: str, n: int) -> None:
                sent[event_id] = time.perf_counter()
                body = {"id": event_id, "member": f"member-{n}", "type": "purchase", "properties": {"amount": 500}}
                client.post("/v1/events", content=orjson.dumps(body), headers=headers).raise_for_status()

            send("webhook-warmup", 0)  # the worker's first task builds its context: not measured
            _wait(lambda: "webhook-warmup" in receiver.arrived, 90)
            for n in range(WEBHOOK_EVENTS):
                started = time.perf_counter()
                send(f"webhook-{n}", n)
                time.sleep(max(0.0, 1 / WEBHOOK_RATE - (time.perf_counter() - started)))
            _wait(lambda: all(f"webhook-{n}" in receiver.arrived for n in range(WEBHOOK_EVENTS)), 60)
        latencies = [
            receiver.arrived[e] - sent[e]
            for e in sent
            if e.startswith("webhook-") and e in receiver.arrived and e != "webhook-warmup"
        ]
        bare = []
        with httpx.Client(timeout=10) as http:
            for _ in range(WEBHOOK_EVENTS):
                started = time.perf_counter()
                http.post(receiver.url, content=b'{"id": "bare"}', headers={"Content-Type": "application/json"})
                bare.append(time.perf_counter() - started)
    finally:
        receiver.server.shutdown()
    ours, baseline = percentiles_ms(latencies), percentiles_ms(bare)
    return {
        "broker": broker.split(":", 1)[0],
        "events": len(latencies),
        "rate_per_s": WEBHOOK_RATE,
        "event_to_webhook": ours,
        "baseline_bare_post": baseline,
        "ratio": {p: ratio(ours[p], baseline[p]) for p in ("p50_ms", "p99_ms")},
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
    }


def _wait(done: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("webhooks did not arrive in time")
        time.sleep(0.02)
