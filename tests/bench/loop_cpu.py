"""What the event loop spends per `POST /v1/events`: the web layer around the group committer, in CPU time.

Under load the API's event loop and its group-commit thread share one interpreter lock, so every millisecond the
loop spends routing, admitting, validating and answering a request is one the committer waits. In process: the app
is started (a tenant, the cashback rule and a badge, through the API), then purchases are sent straight to the ASGI
app, `CONCURRENT` at a time as under load, on the loop that serves them; the figure is that loop's thread CPU time
per request (the committer's own thread is not counted; the HTTP server's parsing is not part of it either).

Run with `python -m tests.bench.loop_cpu [sqlite|postgresql]`; it prints its figures and writes no file.
"""

import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI

from tests.bench.event_cpu import app_with_tenant
from tests.bench.run import JsonDict, postgres_database, purchase

CONCURRENT = 8
WARMUP = 200
REQUESTS = 1500
ROUNDS = 3

Message = dict[str, Any]


def bench_loop_cpu(data_dir: Path, database_url: str) -> JsonDict:
    with app_with_tenant(data_dir, database_url) as (app, client, tenant):
        token = tenant["api_key"]
        assert client.portal is not None
        rounds = client.portal.call(_rounds, app, token)
    return {
        "loop_ms_per_request": [round(cpu * 1000, 3) for cpu in rounds],
        "requests_per_round": REQUESTS,
        "concurrent": CONCURRENT,
        "what": "thread CPU of the event loop serving POST /v1/events straight through the ASGI app, per request",
    }


async def _rounds(app: FastAPI, token: str) -> list[float]:
    send = _sender(app, token)
    await _send_all(send, range(WARMUP))
    rounds = []
    for r in range(ROUNDS):
        started = time.thread_time()
        await _send_all(send, range(WARMUP + r * REQUESTS, WARMUP + (r + 1) * REQUESTS))
        rounds.append((time.thread_time() - started) / REQUESTS)
    return rounds


async def _send_all(send: Callable[[int], Awaitable[int]], numbers: range) -> None:
    for start in range(numbers.start, numbers.stop, CONCURRENT):
        statuses = await asyncio.gather(*(send(n) for n in range(start, min(start + CONCURRENT, numbers.stop))))
        if set(statuses) != {201}:
            raise RuntimeError(f"expected only 201, got {sorted(set(statuses))}")


def _sender(app: FastAPI, token: str) -> Callable[[int], Awaitable[int]]:
    """Sends the n-th purchase as an HTTP server would hand it to the app; gives back the status answered."""

    async def send(n: int) -> int:
        body = orjson.dumps(purchase(f"loop-{n}", n))
        headers = [
            (b"host", b"bench"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/events",
            "raw_path": b"/v1/events",
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        status = []

        async def receive() -> Message:
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client stays: no disconnect
            raise AssertionError("unreachable")

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, answer)
        return status[0]

    return send


def main() -> None:
    backend = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "postgresql":
            with postgres_database() as url:
                figures = bench_loop_cpu(Path(tmp), url)
        else:
            figures = bench_loop_cpu(Path(tmp), f"sqlite:///{tmp}/laurel.db")
    print(orjson.dumps({backend: figures}, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
