"""Webhooks: signed, delivered from the outbox by a job, retried with backoff, logged — to a real HTTP receiver."""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from core.settings import Settings
from tests.conftest import LOCAL_RECEIVERS, make_settings


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Webhooks here go to receivers on loopback: the operator allows that network and plain http."""
    data_dir = tmp_path_factory.mktemp(f"laurel-{request.param}")
    return make_settings(request.param, data_dir, request, **LOCAL_RECEIVERS)


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it is sent and answers with the next queued status."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in headers["Laurel-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_awards_are_delivered_signed_and_logged(client: httpx.Client, auth: dict[str, str], receiver: Receiver) -> None:
    hook = client.post(
        "/v1/webhooks", json={"url": receiver.url, "events": ["badge.awarded", "points.earned"]}, headers=auth
    ).json()
    assert hook["secret"].startswith("whsec_")
    assert "secret" not in client.get("/v1/webhooks", headers=auth).json()[0]
    client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "3"}, headers=auth)
    client.post("/v1/badges", json={"key": "b", "name": "B", "criteria": {"event_type": "t", "count": 1}}, headers=auth)
    client.post("/v1/events", json={"id": "e1", "member": "m", "type": "t"}, headers=auth)
    client.post("/v1/events", json={"id": "e1", "member": "m", "type": "t"}, headers=auth)  # a replay: no new hooks

    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 2
    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 0
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert sorted(b["type"] for b in bodies) == ["badge.awarded", "points.earned"]
    for request in receiver.received:
        assert verify(hook["secret"], request["headers"], request["body"])
        assert request["headers"]["Laurel-Event-Id"] == json.loads(request["body"])["id"]
    badge = next(b for b in bodies if b["type"] == "badge.awarded")
    assert badge["data"]["member"] == "m" and badge["data"]["key"] == "b"
    log = client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=auth).json()
    assert {d["status"] for d in log} == {"delivered"}


def test_failed_delivery_is_retried_with_the_same_event_id(
    client: httpx.Client, auth: dict[str, str], receiver: Receiver
) -> None:
    hook = client.post("/v1/webhooks", json={"url": receiver.url, "events": ["points.earned"]}, headers=auth).json()
    client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "3"}, headers=auth)
    receiver.statuses = [500]
    client.post("/v1/events", json={"id": "e1", "member": "m", "type": "t"}, headers=auth)
    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 0
    [pending] = client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=auth).json()
    assert (pending["status"], pending["attempts"], pending["last_status_code"]) == ("pending", 1, 500)
    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 0  # backing off
    time.sleep(2.1)
    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 1
    first, second = (json.loads(r["body"])["id"] for r in receiver.received)
    assert first == second


def test_webhook_needs_a_real_url_and_known_events(client: httpx.Client, auth: dict[str, str]) -> None:
    assert (
        client.post("/v1/webhooks", json={"url": "ftp://x", "events": ["badge.awarded"]}, headers=auth).status_code
        == 422
    )
    assert (
        client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["nope"]}, headers=auth).status_code
        == 422
    )
    stranger = client.post("/v1/tenants", json={"name": "o"}, headers={"Authorization": "Bearer test-admin-token"})
    other = {"Authorization": f"Bearer {stranger.json()['api_key']}"}
    hook = client.post(
        "/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["badge.awarded"]}, headers=auth
    ).json()
    assert client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=other).status_code == 404


class Redirector:
    """A receiver that answers every POST with a redirect to `location`."""

    def __init__(self, location: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(307)
                self.send_header("Location", location)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_a_redirect_to_an_internal_address_is_not_followed(
    client: httpx.Client, auth: dict[str, str], receiver: Receiver
) -> None:
    redirector = Redirector(receiver.url)
    try:
        hook = client.post("/v1/webhooks", json={"url": redirector.url, "events": ["points.earned"]}, headers=auth)
        client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "3"}, headers=auth)
        client.post("/v1/events", json={"id": "e1", "member": "m", "type": "t"}, headers=auth)
        assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 0
    finally:
        redirector.server.shutdown()
    assert receiver.received == []
    [delivery] = client.get(f"/v1/webhooks/{hook.json()['id']}/deliveries", headers=auth).json()
    assert delivery["last_status_code"] == 307 and delivery["last_error"] == "HTTP 307"
