"""`Prefer: respond-async` (issue 14): POST /v1/events paced open-loop at 1,000 requests/s, answered 202 once
stored, beside the bare GET /livez paced the same way on the same server in the same run; then how long after the
last request every acknowledged event had been evaluated (the evaluator shares the API process's CPU with the load).
Also, at the 200 requests/s of the single-event entry, async POST beside sync POST in the same run: what the 202
buys a client when the process is not saturated."""

import time
from pathlib import Path

import httpx
import orjson
from rich.table import Table

from tests.bench.load import encode
from tests.bench.run import (
    LATENCY_SECONDS,
    RATE,
    JsonDict,
    api_process,
    console,
    paced,
    prepare_tenant,
    purchase,
    ratio,
    serving_processes,
    show,
)

ASYNC_RATE = 1000
ASYNC = {"Prefer": "respond-async"}


def bench_async_events(data_dir: Path, database_url: str) -> JsonDict:
    processes = serving_processes(database_url)  # as `laurel serve` runs by default, and as the backends bench
    with (
        api_process(data_dir, database_url, workers=processes) as url,
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        headers = prepare_tenant(client)
        baseline = paced(url, lambda _: encode("GET", "/livez"), ok={200}, rate=ASYNC_RATE)

        def post_async(i: int) -> bytes:
            return encode("POST", "/v1/events", headers | ASYNC, orjson.dumps(purchase(f"async-{i}", i)))

        measured = paced(url, post_async, ok={202}, rate=ASYNC_RATE)
        sent_until = time.perf_counter()
        last = f"async-{int(ASYNC_RATE * LATENCY_SECONDS) - 1}"  # evaluated in order: the last one done means all
        while client.get(f"/v1/events/{last}", headers=headers).json().get("status") == "pending":
            if time.perf_counter() - sent_until > 300:
                break
            time.sleep(0.05)
        drained = time.perf_counter() - sent_until

        def post_sync(i: int) -> bytes:
            return encode("POST", "/v1/events", headers, orjson.dumps(purchase(f"sync-{i}", i)))

        def post_async_slow(i: int) -> bytes:
            return encode("POST", "/v1/events", headers | ASYNC, orjson.dumps(purchase(f"async-slow-{i}", i)))

        sync_paced = paced(url, post_sync, ok={201})
        async_paced = paced(url, post_async_slow, ok={202})
    return {
        "async_post": {**measured, "endpoint": "POST /v1/events with Prefer: respond-async"},
        "baseline": {**baseline, "endpoint": "GET /livez"},
        "ratio": {p: ratio(measured[p], baseline[p]) for p in ("p50_ms", "p95_ms", "p99_ms")},
        "all_evaluated_s_after_last_request": round(drained, 3),
        f"at_{RATE}_per_s": {
            "async_post": async_paced,
            "baseline_sync_post": sync_paced,
            "ratio": {p: ratio(async_paced[p], sync_paced[p]) for p in ("p50_ms", "p95_ms", "p99_ms")},
        },
    }


def print_async_events(results: JsonDict) -> None:
    table = Table(title=f"Acknowledge now, evaluate next ({ASYNC_RATE:,} requests/s, open loop)")
    for column in ("measure", "laurel", "baseline", "ratio"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for backend, figures in results.items():
        if not isinstance(figures, dict) or "error" in figures:
            table.add_row(f"{backend}: async POST", str(figures)[:120], "", "")
            continue
        for p in ("p50_ms", "p99_ms"):
            table.add_row(
                f"{backend}: async POST {p[:3]} ms (vs GET /livez)",
                f"{figures['async_post'][p]:,.1f}",
                f"{figures['baseline'][p]:,.1f}",
                show(figures["ratio"][p], ",.2f"),
            )
        table.add_row(
            f"{backend}: achieved requests/s, failed",
            f"{figures['async_post']['achieved_rate']:,.0f}, {figures['async_post']['failed']}",
            f"{figures['baseline']['achieved_rate']:,.0f}, {figures['baseline']['failed']}",
            "",
        )
        drained = f"{figures['all_evaluated_s_after_last_request']:,.2f}"
        table.add_row(f"{backend}: every event evaluated, s after the last request", drained, "", "")
        slow = figures.get(f"at_{RATE}_per_s")
        if slow:
            for p in ("p50_ms", "p99_ms"):
                table.add_row(
                    f"{backend}: at {RATE}/s, async POST {p[:3]} ms (vs sync POST)",
                    f"{slow['async_post'][p]:,.1f}",
                    f"{slow['baseline_sync_post'][p]:,.1f}",
                    show(slow["ratio"][p], ",.2f"),
                )
    console.print(table)
