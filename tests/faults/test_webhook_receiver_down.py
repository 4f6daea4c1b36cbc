"""A webhook receiver down for a while (scaled down: seconds, with a 1 s backoff cap): the worker keeps trying, and
when the receiver returns every notice arrives, each id once."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from notifications.models import WebhookAttempt
from tests.conftest import LOCAL_RECEIVERS, LiveServer, free_port, new_tenant
from tests.integration.payouts.helpers import wait_for, worker_process

NOTICES = 8


class LateReceiver:
    """An HTTP receiver started on a port chosen before, so that the webhook's URL points at nothing until then."""

    def __init__(self, port: int) -> None:
        self.ids: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                outer.ids.append(self.headers["Laurel-Event-Id"])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)

    def __enter__(self) -> "LateReceiver":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_every_notice_arrives_once_when_a_receiver_down_for_a_while_returns(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAUREL_WEBHOOK_MAX_BACKOFF_SECONDS", "1")
    monkeypatch.setenv("LAUREL_WEBHOOK_INTERVAL_SECONDS", "0.5")
    broker = f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    stack = settings.model_copy(
        update={"broker_url": broker, "broker_prefix": "", "evm_rpc_url": "", **LOCAL_RECEIVERS}
    )
    port = free_port()
    with (
        worker_process(stack, tmp_path / "worker.log"),
        LiveServer(stack) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        auth = new_tenant(http)
        hook = {"url": f"http://127.0.0.1:{port}/hooks", "events": ["badge.awarded"]}
        assert http.post("/v1/webhooks", json=hook, headers=auth).status_code == 201
        badge = {"key": "hi", "name": "Hello", "criteria": {"event_type": "hello", "count": 1}}
        assert http.post("/v1/badges", json=badge, headers=auth).status_code == 201
        for i in range(NOTICES):
            http.post("/v1/events", json={"id": f"h{i}", "member": f"m{i}", "type": "hello"}, headers=auth)
        engine = engine_from_settings(stack)

        def failed_attempts() -> int:
            with unit_of_work(engine, read_only=True) as session:
                return int(session.scalar(select(func.count()).select_from(WebhookAttempt)) or 0)

        wait_for(lambda: failed_attempts() >= 2 * NOTICES, timeout=120, what="attempts against the absent receiver")
        with LateReceiver(port) as receiver:
            wait_for(lambda: len(set(receiver.ids)) == NOTICES, timeout=120, what="every notice")
            time.sleep(2)  # time for a duplicate to show up, if there were one
        engine.dispose()

    assert len(receiver.ids) == len(set(receiver.ids)) == NOTICES
