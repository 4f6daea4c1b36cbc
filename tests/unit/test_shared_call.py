"""A health check asked by many at once runs once for them all, and afresh for whoever asks after it ended."""

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from api.shared_call import SharedCall

T = TypeVar("T")


def _run(scenario: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` in a thread of its own: a browser test's event loop may be running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario).result()


class Counting:
    def __init__(self) -> None:
        self.runs = 0
        self.release = threading.Event()

    def __call__(self) -> int:
        self.runs += 1
        self.release.wait(timeout=5)
        return self.runs


async def _started(call: SharedCall[int], how_many: int) -> list[asyncio.Task[int]]:
    tasks = [asyncio.ensure_future(call()) for _ in range(how_many)]
    await asyncio.sleep(0.05)  # every caller is waiting now
    return tasks


def test_callers_who_ask_while_it_runs_share_one_run() -> None:
    async def scenario() -> list[int]:
        work = Counting()
        call = SharedCall(work)
        tasks = await _started(call, 20)
        work.release.set()
        return await asyncio.gather(*tasks)

    assert _run(scenario()) == [1] * 20


def test_a_caller_after_the_run_ended_gets_a_new_run() -> None:
    async def scenario() -> tuple[int, int]:
        work = Counting()
        work.release.set()
        call = SharedCall(work)
        return await call(), await call()

    assert _run(scenario()) == (1, 2)


def test_a_caller_that_goes_away_does_not_cancel_the_run_of_the_others() -> None:
    async def scenario() -> int:
        work = Counting()
        call = SharedCall(work)
        impatient, patient = await _started(call, 2)
        impatient.cancel()
        await asyncio.sleep(0)
        work.release.set()
        return await patient

    assert _run(scenario()) == 1
