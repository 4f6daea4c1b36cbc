"""`laurel up` as a real process on a data dir and ports of its own, its output read line by line."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

from tests.conftest import ADMIN_TOKEN, free_port


class LaurelUp:
    def __init__(self, data_dir: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        base = {k: v for k, v in os.environ.items() if not k.startswith("LAUREL_")}
        self.env = {
            **base,
            "COLUMNS": "400",  # rich wraps at 80 columns when not on a terminal
            "LAUREL_DATA_DIR": str(data_dir),
            "LAUREL_ADMIN_TOKEN": ADMIN_TOKEN,
            "LAUREL_EVM_DEVNET_PORT": str(free_port()),
            "LAUREL_TRON_DEVNET_PORT": str(free_port()),
            "LAUREL_LOG_LEVEL": "INFO",
            **env,
        }
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> Self:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "up", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_line(r"Laurel\b.* on http", timeout=240)
        wait_until(self._live, timeout=120, what="the API to listen")  # the banner comes just before it listens
        return self

    def _live(self) -> bool:
        try:
            return httpx.get(f"{self.url}/livez", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = 120.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return match
            if self.process is not None and self.process.poll() is not None:
                time.sleep(0.3)  # let the reader drain what the process wrote before it exited
                if not any(re.search(pattern, line) for line in self.lines):
                    break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r} in the output of laurel up:\n" + "\n".join(self.lines))

    @property
    def demo_key(self) -> str:
        return (Path(self.env["LAUREL_DATA_DIR"]) / "demo.key").read_text().strip()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, headers={"Authorization": f"Bearer {self.demo_key}"})


def wait_until(done: Callable[[], object], timeout: float = 120.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone for our purposes
        return stat.read().split()[2] != "Z"
