"""One run of a blocking check for everyone who asks while it runs.

Health endpoints are asked by every load balancer and monitor at once; each answer costs database round trips and a
worker thread. Callers who arrive while a run is on its way wait for that run's answer instead of starting their own,
so a burst of N probes costs one run, and the answer is never older than the run that was under way when they asked.
"""

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

import anyio.to_thread

T = TypeVar("T")


class SharedCall(Generic[T]):
    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._running: asyncio.Future[T] | None = None

    async def __call__(self) -> T:
        if self._running is None:
            self._running = asyncio.ensure_future(anyio.to_thread.run_sync(self._work))
            self._running.add_done_callback(self._finished)
        # A caller that goes away (a probe timing out) must not cancel the run the others wait for.
        return await asyncio.shield(self._running)

    def _finished(self, _: "asyncio.Future[T]") -> None:
        self._running = None
