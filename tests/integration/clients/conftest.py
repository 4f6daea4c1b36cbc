"""A live Laurel that may deliver webhooks to loopback, a receiver for them, and a flaky front for the SDKs' retries.

The front stands between an SDK and Laurel and misbehaves as networks do: its first answers to `POST /v1/events` are
what the test lists, e.g. a 503, a 429 (with `Retry-After`) and a 502 after the request reached Laurel (the answer
lost on its way back); everything else passes through.
"""

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import LOCAL_RECEIVERS, LiveServer, make_settings
from tests.integration.api.test_webhooks import Receiver

CLIENTS = Path(__file__).parents[3] / "clients"
sys.path.insert(0, str(CLIENTS / "python"))


class FlakyFront:
    """Forwards to `upstream`; the first events fail as listed in `faults` (status, whether Laurel saw the request)."""

    def __init__(self, upstream: str) -> None:
        self.faults: list[tuple[int, bool]] = []
        self.seen: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                outer.seen.append(f"{self.command} {self.path}")
                flaky = self.command == "POST" and self.path == "/v1/events"
                fault = outer.faults.pop(0) if flaky and outer.faults else None
                if fault is None or fault[1]:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "content-length"}}
                    answer = httpx.request(self.command, upstream + self.path, content=body, headers=headers)
                if fault is not None:
                    self.send_response(fault[0])
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in {"content-length", "transfer-encoding", "connection", "content-encoding"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def laurel(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = make_settings("sqlite", tmp_path_factory.mktemp("clients"), request, **LOCAL_RECEIVERS)
    with LiveServer(settings) as server:
        yield server


@pytest.fixture()
def front(laurel: LiveServer) -> Iterator[FlakyFront]:
    server = FlakyFront(laurel.url)
    yield server
    server.server.shutdown()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()
