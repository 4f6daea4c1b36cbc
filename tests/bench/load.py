"""The open-loop load generator of the paced benchmarks, in a process of its own.

`paced()` in `tests.bench.run` hands this module every request already encoded as HTTP/1.1 bytes; here one asyncio
loop (uvloop, as under uvicorn) sends the i-th at t0 + i/rate over a fixed set of keep-alive connections, whatever
happened to the ones before it (open loop: a stall that delays the requests queued behind it shows in their
latency, measured from the schedule, instead of being hidden). A request waits for a free connection as it would
for a free client thread. Parsing an answer is reading its head and `Content-Length` (or chunked) body: about a
tenth of a millisecond of CPU per request, against about a millisecond for httpx behind a thread pool, whose GIL
also delayed its own timestamps. Being its own process, its CPU time is its own and its clock is never held up by
the benchmark's Python.

Run by `paced()` as `python -m tests.bench.load`: a pickled `Plan` on stdin, the figures as JSON on stdout.
"""

import asyncio
import pickle
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson
import uvloop

REQUEST_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Plan:
    host: str
    port: int
    requests: list[bytes]  # the i-th is sent at t0 + i/rate
    warmup: list[bytes]  # one per connection, sent before t0 to open it; not measured
    ok: frozenset[int]
    rate: int
    connections: int
    cutoff_s: float  # a request whose turn comes this long after t0 is not sent, and counted as failed


def encode(method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    """One HTTP/1.1 request on a keep-alive connection, as bytes on the wire."""
    lines = [f"{method} {path} HTTP/1.1", "Host: bench", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Connection:
    """One keep-alive connection, (re)opened when first used after a failure, a `Connection: close` or the server's
    close of an idle connection, as an HTTP client's pool does."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def exchange(self, request: bytes) -> int:
        """Send one request, read its whole answer, return its status."""
        if self.streams is not None and self.streams[0].at_eof():  # the server closed it while idle (keep-alive)
            self.close()
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(request)
        head = (await reader.readuntil(b"\r\n\r\n")).lower()
        status = int(head[9:12])
        if (at := head.find(b"\r\ncontent-length:")) >= 0:
            await reader.readexactly(int(head[at + 17 : head.index(b"\r\n", at + 2)]))
        elif b"\r\ntransfer-encoding: chunked" in head:
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        if b"\r\nconnection: close" in head:
            self.close()
        return status

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def run(plan: Plan) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    idle: asyncio.Queue[Connection] = asyncio.Queue()  # first in, first out: every connection stays warm
    for request in plan.warmup[: plan.connections]:
        connection = Connection(plan.host, plan.port)
        try:
            await asyncio.wait_for(connection.exchange(request), REQUEST_TIMEOUT_S)
        except (TimeoutError, OSError, asyncio.IncompleteReadError):
            connection.close()  # opened anew when its turn comes
        idle.put_nowait(connection)
    total = len(plan.requests)
    from_schedule: list[float | None] = [None] * total  # None: not sent
    from_send = [0.0] * total
    finished = [0.0] * total
    outcome = [""] * total  # "" when the status was expected, else the status code or what went wrong
    clock = time.perf_counter  # uvloop's loop.time() counts whole milliseconds: timers only, never latencies
    t0, loop_t0 = clock() + 0.05, loop.time() + 0.05
    cutoff = t0 + plan.cutoff_s
    pending: set[asyncio.Task[None]] = set()

    async def one(i: int, scheduled: float) -> None:
        connection = await idle.get()
        try:
            if (sent := clock()) > cutoff:
                outcome[i] = "not sent: over time"
                return
            try:
                status = await asyncio.wait_for(connection.exchange(plan.requests[i]), REQUEST_TIMEOUT_S)
                outcome[i] = "" if status in plan.ok else str(status)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                outcome[i] = type(exc).__name__
                connection.close()
            finished[i] = done = clock()
            from_schedule[i], from_send[i] = done - scheduled, done - sent
        finally:
            idle.put_nowait(connection)

    def start(i: int, scheduled: float) -> None:
        task = loop.create_task(one(i, scheduled))
        pending.add(task)
        task.add_done_callback(pending.discard)

    cpu0 = time.process_time()
    for i in range(total):
        loop.call_at(loop_t0 + i / plan.rate, start, i, t0 + i / plan.rate)  # a late timer counts against us
    await asyncio.sleep(max(0.0, t0 + (total - 1) / plan.rate - clock()) + 0.01)
    while pending:
        await asyncio.gather(*list(pending))
    wall = clock() - t0
    load_cpu = (time.process_time() - cpu0) / wall
    while not idle.empty():
        idle.get_nowait().close()
    sent = [i for i, latency in enumerate(from_schedule) if latency is not None]
    return {
        "target_rate": plan.rate,
        "requests": total,
        "failed": sum(1 for o in outcome if o),
        "failures": dict(Counter(o for o in outcome if o)),
        "achieved_rate": round(len(sent) / (max(finished[i] for i in sent) - t0), 1) if sent else 0.0,
        **percentiles_ms([latency for latency in from_schedule if latency is not None]),
        "p99_ms_from_send": percentiles_ms([from_send[i] for i in sent])["p99_ms"],
        "load_generator_cpu_ms_per_request": round(load_cpu * wall * 1000 / total, 3),
        "load_generator_cpu": round(load_cpu, 3),  # CPUs busy with generating load, taken from the API's
    }


def percentiles_ms(seconds: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49] * 1000, 3),
        "p95_ms": round(cuts[94] * 1000, 3),
        "p99_ms": round(cuts[98] * 1000, 3),
        "max_ms": round(max(seconds) * 1000, 3),
    }


def main() -> None:
    plan: Plan = pickle.load(sys.stdin.buffer)
    sys.stdout.buffer.write(orjson.dumps(uvloop.run(run(plan))))


if __name__ == "__main__":
    main()
