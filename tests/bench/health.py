"""Health endpoints under load (issue 15): GET /livez, /readyz and /healthz, each paced open-loop at 500 requests/s
against the API, beside a bare endpoint (a FastAPI app returning a constant, under the same uvicorn) paced the same
way in the same run. The ratio says what Laurel's health costs over answering at all. Each server first gets one
unmeasured run at the same pace: a freshly started API spends its first seconds starting its background threads
(group commit, pending events, the chain watch), which put a one-off stall into the first run's p99 (7.9 ms against
3.4 to 3.6 ms for the same /livez in the runs after, SQLite, quiet machine). Steady state is what a load balancer sees.

Run alone with `python -m tests.bench.run --only health` (merged into bench/results.json).
"""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from rich.table import Table

from tests.bench.load import encode
from tests.bench.run import HOST, REPO, JsonDict, _wait_until_ready, api_process, console, free_port, paced, ratio

HEALTH_RATE = 500
ENDPOINTS = ("/livez", "/readyz", "/healthz")

bare = FastAPI()


@bare.get("/healthz")
async def bare_endpoint() -> dict[str, str]:
    return {"status": "ok"}


@contextmanager
def bare_process(data_dir: Path) -> Iterator[str]:
    """The bare app under uvicorn with the API's flags, in a process of its own."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "tests.bench.health:bare", "--host", HOST, "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log"]
    log_path = data_dir / "bare.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://{HOST}:{port}"
        _wait_until_ready(url, process, log_path)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def bench_health(data_dir: Path, database_url: str) -> JsonDict:
    figures: JsonDict = {}
    with bare_process(data_dir) as url:
        paced(url, lambda _: encode("GET", "/healthz"), ok={200}, rate=HEALTH_RATE)  # settling, not measured
        baseline = paced(url, lambda _: encode("GET", "/healthz"), ok={200}, rate=HEALTH_RATE)
    with api_process(data_dir, database_url) as url:
        paced(url, lambda _: encode("GET", "/livez"), ok={200}, rate=HEALTH_RATE)  # settling, not measured
        for path in ENDPOINTS:
            request = encode("GET", path)
            figures[path] = paced(url, lambda _, request=request: request, ok={200}, rate=HEALTH_RATE)
    return {
        **{
            path: {**measured, "ratio_p99": ratio(measured["p99_ms"], baseline["p99_ms"])}
            for path, measured in figures.items()
        },
        "baseline": {**baseline, "endpoint": "GET a bare FastAPI endpoint"},
    }


def print_health(results: JsonDict) -> None:
    table = Table(title=f"Health endpoints at {HEALTH_RATE} requests/s (p99 ms) vs a bare endpoint")
    for column in ("backend", "endpoint", "p50", "p99", "bare p99", "ratio", "failed"):
        table.add_column(column, justify="left" if column in ("backend", "endpoint") else "right")
    for backend, figures in results.items():
        if not isinstance(figures, dict) or "error" in figures:
            table.add_row(backend, str(figures)[:120], "", "", "", "", "")
            continue
        for path in ENDPOINTS:
            measured = figures[path]
            table.add_row(
                backend,
                path,
                f"{measured['p50_ms']:.2f}",
                f"{measured['p99_ms']:.2f}",
                f"{figures['baseline']['p99_ms']:.2f}",
                f"{measured['ratio_p99']:.2f}",
                str(measured["failed"]),
            )
    console.print(table)
