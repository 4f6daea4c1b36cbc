"""Real `laurel serve` processes for tests: each on a port of its own (as if on a machine of its own), or one port
shared by several processes (`--workers N`), all against the same database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic import SecretStr

from core.settings import Settings
from tests.conftest import free_port
from tests.integration.payouts.helpers import stop_group


def laurel_env(settings: Settings, **extra: object) -> dict[str, str]:
    """The environment that gives a `laurel` command these settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAUREL_")}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None or value == "":
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[f"LAUREL_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    env.update({f"LAUREL_{name.upper()}": str(value) for name, value in extra.items()})
    return env


@dataclass
class ApiProcess:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def kill(self) -> None:
        """SIGKILL, no goodbye: what a crash or an OOM killer does."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def api_process(
    settings: Settings, log: Path, *, workers: int = 1, timeout: float = 180, **extra: object
) -> Iterator[ApiProcess]:
    """`laurel serve` in its own process group, ready once /healthz answers; stopped (TERM, then KILL) after."""
    port = free_port()
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)],
            env=laurel_env(settings, **extra),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    api = ApiProcess(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_healthy(api, timeout)
        yield api
    finally:
        stop_group(process, timeout=30)


def wait_until_healthy(api: ApiProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if api.process.poll() is not None:
            raise RuntimeError(f"`laurel serve` exited with {api.process.returncode}:\n{api.log_text()}")
        try:
            if httpx.get(f"{api.url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"`laurel serve` did not answer /healthz:\n{api.log_text()}")
        time.sleep(0.2)


def children(pid: int) -> set[int]:
    """The processes `pid` started (read from /proc, as `ps --ppid` does)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@contextmanager
def worker_process(settings: Settings, log: Path, *, beat: bool) -> Iterator[subprocess.Popen[bytes]]:
    """`laurel worker` (with beat or without) in its own process group, stopped (TERM, then KILL) after."""
    argv = [sys.executable, "-m", "api.cli", "worker", "--pool", "solo", *(["--beat"] if beat else [])]
    with open(log, "ab") as out:
        process = subprocess.Popen(
            argv, env=laurel_env(settings), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        stop_group(process, timeout=30)
