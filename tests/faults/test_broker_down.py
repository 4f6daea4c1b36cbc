"""The broker (Redis, an instance of the test's own) down and back: events still go in, and once it returns the
worker delivers every webhook the events caused, each once. Messages lost with the broker cost nothing: beat's sweep
re-reads the outbox (DESIGN §8)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.settings import Settings
from tests.conftest import LOCAL_RECEIVERS, LiveServer, new_tenant
from tests.faults.conftest import OwnRedis
from tests.integration.payouts.helpers import wait_for, worker_process


@pytest.mark.xfail(
    strict=False,
    reason="not done: a worker whose Redis broker drops while it acks can die of kombu's `'NoneType' object has no "
    "attribute 'hostname'` (cf. celery/kombu#582); `laurel up` restarts it, a bare `laurel worker` needs a supervisor",
)
def test_events_go_in_while_the_broker_is_down_and_every_webhook_arrives_once_after(
    settings: Settings, own_redis: OwnRedis, tmp_path: Path
) -> None:
    if settings.is_sqlite:
        pytest.skip("the embedded broker is a file beside the database: it is down only when the database is")
    ids: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            ids.append(self.headers["Laurel-Event-Id"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            pass

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    stack = settings.model_copy(
        update={"broker_url": own_redis.url, "broker_prefix": "", "evm_rpc_url": "", **LOCAL_RECEIVERS}
    )
    try:
        with (
            worker_process(stack, tmp_path / "worker.log"),
            LiveServer(stack) as server,
            httpx.Client(base_url=server.url, timeout=60) as http,
        ):
            auth = new_tenant(http)
            hook = {"url": f"http://127.0.0.1:{receiver.server_address[1]}/hooks", "events": ["badge.awarded"]}
            assert http.post("/v1/webhooks", json=hook, headers=auth).status_code == 201
            badge = {"key": "hi", "name": "Hello", "criteria": {"event_type": "hello", "count": 1}}
            assert http.post("/v1/badges", json=badge, headers=auth).status_code == 201

            def hello(i: int) -> int:
                event = {"id": f"h{i}", "member": f"m{i}", "type": "hello"}
                return http.post("/v1/events", json=event, headers=auth).status_code

            assert hello(0) == 201
            wait_for(lambda: len(ids) == 1, timeout=120, what=(tmp_path / "worker.log").read_text)
            own_redis.stop()
            during = [hello(i) for i in range(1, 6)]
            time.sleep(3)
            own_redis.start()  # empty: the broker lost its messages
            wait_for(lambda: len(set(ids)) == 6, timeout=180, what=(tmp_path / "worker.log").read_text)
            time.sleep(2)  # time for a duplicate to show up, if there were one
    finally:
        receiver.shutdown()

    assert during == [201] * 5
    assert len(ids) == len(set(ids)) == 6
