"""Keeps the processes of `laurel up` alive: a child that dies is started again after a growing pause, and one that
keeps dying makes the supervisor give up loudly (the stack stops with an error rather than run without it).

Children run in their own process group so that a terminal's Ctrl-C reaches `laurel up` alone: it decides the
order of shutdown, and a child stopped on purpose is never mistaken for one that died.
"""

import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from core.logging import get_logger

log = get_logger(__name__)


class Child(Protocol):
    """One process of the stack: `start` returns once it serves (or raises), `returncode` is None while it runs."""

    name: str

    def start(self) -> None: ...

    @property
    def pid(self) -> int | None: ...

    @property
    def returncode(self) -> int | None: ...

    def stop(self) -> None: ...

    def kill(self) -> None: ...


class PopenChild:
    """A child that is one subprocess, started by `spawn` and ready once `ready` (if given) returns."""

    def __init__(
        self,
        name: str,
        spawn: Callable[[], subprocess.Popen[bytes]],
        *,
        ready: Callable[[subprocess.Popen[bytes]], None] | None = None,
        stop_timeout: float = 30.0,
    ) -> None:
        self.name = name
        self._spawn = spawn
        self._ready = ready
        self._stop_timeout = stop_timeout
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = self._spawn()
        if self._ready is not None:
            try:
                self._ready(self._process)
            except BaseException:
                self.kill()
                raise

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=self._stop_timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


@dataclass
class _Watch:
    child: Child
    failures: deque[float] = field(default_factory=deque)
    restart_at: float | None = None
    attempt: int = 0
    started_at: float = 0.0


class Supervisor:
    """Starts children in order, restarts any that dies with exponential backoff, and after `max_failures` deaths
    within `window` seconds gives up: `on_give_up` is called (it stops the API) and `gave_up` names the child."""

    def __init__(
        self,
        children: list[Child],
        *,
        on_give_up: Callable[[str], None],
        say: Callable[[str], None],
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_failures: int = 5,
        window: float = 300.0,
        poll: float = 0.2,
    ) -> None:
        self._watches = [_Watch(child) for child in children]
        self._on_give_up = on_give_up
        self._say = say
        self._backoff, self._max_backoff = backoff, max_backoff
        self._max_failures, self._window, self._poll = max_failures, window, poll
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch_loop, name="laurel-supervisor", daemon=True)
        self.gave_up: str | None = None

    def start(self) -> None:
        """Start every child in order (a failure here stops those already started and propagates), then watch."""
        started: list[Child] = []
        try:
            for watch in self._watches:
                watch.child.start()
                started.append(watch.child)
        except BaseException:
            for child in reversed(started):
                child.stop()
            raise
        self._thread.start()

    def stop(self) -> None:
        """Stop watching, then stop the children in reverse order, each given time to finish what it does."""
        self._halt()
        for watch in reversed(self._watches):
            began = time.monotonic()
            watch.child.stop()
            log.info("child stopped", child=watch.child.name, seconds=round(time.monotonic() - began, 2))

    def kill(self) -> None:
        """Stop watching and kill every child at once (the second Ctrl-C)."""
        self._halt()
        for watch in reversed(self._watches):
            watch.child.kill()

    def _halt(self) -> None:
        self._stopping.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join()

    def _watch_loop(self) -> None:
        while not self._stopping.wait(self._poll):
            for watch in self._watches:
                if self._stopping.is_set():
                    return
                self._check(watch)

    def _check(self, watch: _Watch) -> None:
        child, now = watch.child, time.monotonic()
        if watch.restart_at is None:
            code = child.returncode
            if code is None:
                if watch.attempt and now - watch.started_at > self._window:
                    watch.attempt = 0  # up for a whole window: the next death starts the backoff over
                return
            self._failed(watch, f"{child.name} (pid {child.pid}) {describe_exit(code)}", now)
            return
        if now < watch.restart_at:
            return
        watch.restart_at = None
        try:
            child.start()
        except Exception as exc:
            self._failed(watch, f"{child.name} did not start again: {exc}", time.monotonic())
            return
        watch.started_at = time.monotonic()
        self._say(f"{child.name} restarted, pid {child.pid}")
        log.warning("child restarted", child=child.name, pid=child.pid)

    def _failed(self, watch: _Watch, why: str, now: float) -> None:
        watch.failures.append(now)
        while watch.failures and now - watch.failures[0] > self._window:
            watch.failures.popleft()
        if len(watch.failures) >= self._max_failures:
            self.gave_up = watch.child.name
            message = (
                f"{why}; it failed {len(watch.failures)} times within {self._window:g} s, giving up: stopping the stack"
            )
            self._say(message)
            log.error("giving up on child", child=watch.child.name, reason=why, failures=len(watch.failures))
            self._stopping.set()
            self._on_give_up(watch.child.name)
            return
        delay = min(self._backoff * 2**watch.attempt, self._max_backoff)
        watch.attempt += 1
        watch.restart_at = now + delay
        self._say(f"{why}; restarting it in {delay:g} s")
        log.warning("child died", child=watch.child.name, reason=why, restart_in=delay)
