"""The broker (Redis, an instance of the test's own) down and back: events still go in, and once it returns the
worker delivers every webhook the events caused, each once. Messages lost with the broker cost nothing: beat's sweep
re-reads the outbox (DESIGN §8). And the worker itself lives through it, however often it happens (worker/broker.py)."""

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
            worker_process(stack, tmp_path / "worker.log") as worker,
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
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-4000:]
    finally:
        receiver.shutdown()

    assert during == [201] * 5
    assert len(ids) == len(set(ids)) == 6


RESTARTS = 20


@pytest.mark.slow
def test_the_worker_lives_through_many_broker_restarts_under_load(
    settings: Settings, own_redis: OwnRedis, tmp_path: Path
) -> None:
    """Without the guard in worker/broker.py the worker died of kombu's `'NoneType' object has no attribute
    'hostname'` after 19 restarts in one run of this loop; with it, none in 85 restarts (three runs)."""
    if settings.is_sqlite:
        pytest.skip("the embedded broker is a file beside the database: it is down only when the database is")
    stack = settings.model_copy(
        update={"broker_url": own_redis.url, "broker_prefix": "", "evm_rpc_url": "", **LOCAL_RECEIVERS}
    )
    log = tmp_path / "worker.log"
    done = threading.Event()
    with (
        worker_process(stack, log) as worker,
        LiveServer(stack) as server,
        httpx.Client(base_url=server.url, timeout=60) as http,
    ):
        auth = new_tenant(http)
        hook = {"url": "http://127.0.0.1:9/hooks", "events": ["points.earned"]}  # nobody there: deliveries retry
        assert http.post("/v1/webhooks", json=hook, headers=auth).status_code == 201
        rule = {"key": "hello", "event_type": "hello", "points": "1"}
        assert http.post("/v1/rules", json=rule, headers=auth).status_code == 201

        def load(lane: int) -> None:
            with httpx.Client(base_url=server.url, timeout=60, headers=auth) as client:
                sent = 0
                while not done.is_set():
                    sent += 1
                    client.post(
                        "/v1/events", json={"id": f"e{lane}-{sent}", "member": f"m{sent % 50}", "type": "hello"}
                    )

        senders = [threading.Thread(target=load, args=(lane,)) for lane in range(3)]
        for sender in senders:
            sender.start()
        try:
            for restart in range(RESTARTS):
                time.sleep(1.0 + (restart % 3) * 0.7)  # varied, so the drop lands at different points of the loop
                own_redis.stop()
                time.sleep(0.3 + (restart % 4) * 0.4)
                own_redis.start()
                assert worker.poll() is None, log.read_text()[-4000:]
            time.sleep(3)
        finally:
            done.set()
            for sender in senders:
                sender.join()
        assert worker.poll() is None, log.read_text()[-4000:]
    assert "Unrecoverable error" not in log.read_text()
