"""Webhooks delivered by a real Celery worker: nudged right after the event commits (and swept by beat)."""

import json
import secrets
import time
from pathlib import Path

import httpx

from core.settings import Settings
from tests.conftest import LOCAL_RECEIVERS, LiveServer, new_tenant
from tests.integration.api.test_webhooks import Receiver
from tests.integration.payouts.helpers import wait_for, worker_process


def test_worker_delivers_the_award_soon_after_the_event(settings: Settings, tmp_path: Path) -> None:
    broker = f"sqla+sqlite:///{settings.data_dir / f'broker-{secrets.token_hex(4)}.db'}"
    queue = {"broker_url": broker, "broker_prefix": "", "evm_rpc_url": ""}
    stack = settings.model_copy(update={**queue, **LOCAL_RECEIVERS})
    receiver = Receiver()
    try:
        with (
            worker_process(stack, tmp_path / "worker.log"),
            LiveServer(stack) as server,
            httpx.Client(base_url=server.url, timeout=30) as http,
        ):
            auth = new_tenant(http)
            http.post("/v1/webhooks", json={"url": receiver.url, "events": ["badge.awarded"]}, headers=auth)
            http.post(
                "/v1/badges",
                json={"key": "hi", "name": "Hello", "criteria": {"event_type": "hello", "count": 1}},
                headers=auth,
            )
            sent = time.monotonic()
            http.post("/v1/events", json={"id": "h1", "member": "m", "type": "hello"}, headers=auth)
            wait_for(lambda: receiver.received, timeout=60, what=(tmp_path / "worker.log").read_text)
            print(f"event-to-webhook: {(time.monotonic() - sent) * 1000:.0f} ms")
    finally:
        receiver.server.shutdown()
    [delivery] = receiver.received
    body = json.loads(delivery["body"])
    assert body["type"] == "badge.awarded" and body["data"]["key"] == "hi"
