"""Returns benchmark (issue 16): what a return costs, and what a return window costs ingestion, each beside a
baseline from the same run on the same server.

- returns per second: sequential POST /v1/events/{id}/reversals (full returns of cashback purchases), beside
  sequential single POST /v1/events of the same purchases;
- the return window's cost on ingestion: 1000-event batches into a tenant with `pending_days`, beside the same
  batches into a tenant without it (interleaved, so both see the same machine).

Run alone with `python -m tests.bench.run --only returns` (merged into bench/results.json).
"""

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
from rich.table import Table

from tests.bench.run import (
    JsonDict,
    api_process,
    batch_body,
    console,
    post_batch,
    prepare_tenant,
    purchase,
    ratio,
    show,
)

REQUESTS = 200
WINDOW_BATCHES = 6


def _rate(send: Callable[[int], httpx.Response]) -> JsonDict:
    started = time.perf_counter()
    for n in range(REQUESTS):
        response = send(n)
        if response.status_code != 201:
            raise RuntimeError(f"request {n}: {response.status_code} {response.text[:200]}")
    seconds = time.perf_counter() - started
    return {"requests": REQUESTS, "seconds": round(seconds, 3), "per_s": round(REQUESTS / seconds, 1)}


def bench_returns(data_dir: Path, database_url: str) -> JsonDict:
    with api_process(data_dir, database_url) as url, httpx.Client(base_url=url, timeout=120) as client:
        headers = prepare_tenant(client)

        def event(n: int) -> httpx.Response:
            return client.post("/v1/events", content=orjson.dumps(purchase(f"single-{n}", n)), headers=headers)

        def reversal(n: int) -> httpx.Response:
            body = orjson.dumps({"id": f"return-{n}"})
            return client.post(f"/v1/events/single-{n}/reversals", content=body, headers=headers)

        baseline = _rate(event)
        returns = _rate(reversal)

        plain = prepare_tenant(client)
        window = prepare_tenant(client)
        client.patch(
            "/v1/programs/default", content=orjson.dumps({"settings": {"pending_days": 14}}), headers=window
        ).raise_for_status()
        timings = {"plain": 0.0, "window": 0.0}
        for b in range(WINDOW_BATCHES):
            for name, tenant in (("plain", plain), ("window", window)):
                body = batch_body(f"w{b}")
                started = time.perf_counter()
                if post_batch(client, tenant, body):
                    raise RuntimeError("a return-window benchmark batch had failed events")
                timings[name] += time.perf_counter() - started
        events = WINDOW_BATCHES * 1000
        batches = {
            "with_window_events_per_s": round(events / timings["window"], 1),
            "baseline_no_window_events_per_s": round(events / timings["plain"], 1),
        }
    return {
        "baseline_single_event": baseline,
        "returns": returns,
        "ratio": {
            "returns_vs_event": ratio(returns["per_s"], baseline["per_s"]),
            "window_vs_no_window": ratio(
                batches["with_window_events_per_s"], batches["baseline_no_window_events_per_s"]
            ),
        },
        "window_batches": batches,
    }


def print_returns(results: JsonDict) -> None:
    table = Table(title="Returns and the return window")
    for column in ("measure", "laurel", "baseline", "ratio"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for backend, figures in results.items():
        if not isinstance(figures, dict) or "error" in figures:
            table.add_row(f"{backend}: returns", str(figures)[:120], "", "")
            continue
        table.add_row(
            f"{backend}: returns/s vs single events/s",
            f"{figures['returns']['per_s']:,.0f}",
            f"{figures['baseline_single_event']['per_s']:,.0f}",
            show(figures["ratio"]["returns_vs_event"], ".3f"),
        )
        batches = figures["window_batches"]
        table.add_row(
            f"{backend}: batch events/s with pending_days vs without",
            f"{batches['with_window_events_per_s']:,.0f}",
            f"{batches['baseline_no_window_events_per_s']:,.0f}",
            show(figures["ratio"]["window_vs_no_window"], ".3f"),
        )
    console.print(table)
