"""Member emails against a real SMTP server (aiosmtpd, started here on a free port): contact fields on members,
batched points in the member's language, unsubscribe headers and the one-click unsubscribe, announcements, never
twice for one notice, and retries while the server is down."""

import email
import email.policy
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr
from sqlalchemy import select

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from notifications.email import announce, deliver_due_emails
from notifications.models import EmailOutboxRow
from tests.conftest import LiveServer, free_port, new_tenant
from wallets.keystore import KeyStore, MasterKey


class Inbox:
    """aiosmtpd handler keeping every delivered message, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture(scope="module")
def smtp_port() -> int:
    return free_port()


@pytest.fixture()
def inbox(smtp_port: int) -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def stack(settings: Settings, smtp_port: int) -> Settings:
    url = SecretStr(f"smtp://127.0.0.1:{smtp_port}")
    smtp = {"smtp_url": url, "email_batch_seconds": 0, "public_url": "http://laurel.test"}
    return settings.model_copy(update=smtp)


@pytest.fixture(scope="module")
def server(stack: Settings) -> Iterator[LiveServer]:
    with LiveServer(stack) as live:
        yield live


@pytest.fixture(scope="module")
def sweep(stack: Settings, server: LiveServer) -> Iterator[Any]:
    engine = engine_from_settings(stack)
    keystore = KeyStore(MasterKey.from_settings(stack), engine)
    yield lambda: deliver_due_emails(engine, keystore, stack)
    engine.dispose()


@pytest.fixture()
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def test_members_carry_an_optional_email_and_locale(http: httpx.Client) -> None:
    auth = new_tenant(http)
    made = http.post("/v1/members", json={"external_id": "a", "email": "A@Example.com", "locale": "ru"}, headers=auth)
    assert made.status_code == 201 and (made.json()["email"], made.json()["locale"]) == ("a@example.com", "ru")
    plain = http.post("/v1/members", json={"external_id": "b"}, headers=auth).json()
    assert (plain["email"], plain["locale"]) == (None, None)
    patched = http.patch("/v1/members/a", json={"email": None}, headers=auth).json()
    assert (patched["email"], patched["locale"]) == (None, "ru")
    kept = http.patch("/v1/members/a", json={"attributes": {"city": "Riga"}}, headers=auth).json()
    assert kept["locale"] == "ru" and kept["attributes"] == {"city": "Riga"}
    for bad in ({"email": "nope"}, {"locale": "Russian"}, {"phone": "1"}):
        assert http.patch("/v1/members/a", json=bad, headers=auth).status_code == 422


def test_points_are_batched_in_the_members_language_and_never_sent_twice(
    http: httpx.Client, inbox: Inbox, sweep: Any
) -> None:
    auth = new_tenant(http)
    http.post("/v1/rules", json={"key": "r", "event_type": "buy", "points": "10"}, headers=auth)
    badge = {"key": "first", "name": "First buy", "criteria": {"event_type": "buy", "count": 1}}
    http.post("/v1/badges", json=badge, headers=auth)
    http.post("/v1/members", json={"external_id": "olga", "email": "olga@example.com", "locale": "ru"}, headers=auth)
    http.post("/v1/members", json={"external_id": "quiet"}, headers=auth)  # no address: nothing to send
    for event_id, member in (("e1", "olga"), ("e2", "olga"), ("e3", "quiet")):
        http.post("/v1/events", json={"id": event_id, "member": member, "type": "buy"}, headers=auth)
    assert sweep() == 2
    assert sweep() == 0
    by_subject = {str(m["Subject"]): m for m in inbox.messages}
    assert set(by_subject) == {"Вам начислено 20 баллов", "Новый значок: First buy"}
    points = by_subject["Вам начислено 20 баллов"]
    assert points["To"] == "olga@example.com" and points["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(points["List-Unsubscribe"]).strip("<>")
    assert link.startswith("http://laurel.test/v1/unsubscribe?token=") and link in points.get_content()

    path = httpx.URL(link).raw_path.decode()
    assert http.get(path).status_code == 200
    assert http.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert http.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # again: still fine
    assert http.post("/v1/unsubscribe?token=forged-token-x", data={}).status_code == 404
    http.post("/v1/events", json={"id": "e4", "member": "olga", "type": "buy"}, headers=auth)
    assert sweep() == 0  # unsubscribed from points; the badge was awarded once already


def test_announcements_reach_each_member_once(http: httpx.Client, inbox: Inbox, sweep: Any, stack: Settings) -> None:
    auth = new_tenant(http)
    http.post("/v1/members", json={"external_id": "ann", "email": "ann@example.com"}, headers=auth)
    tenant = http.get("/v1/audit", headers=auth).json()["items"][-1]["target"].removeprefix("tenant:")
    engine = engine_from_settings(stack)
    for _ in range(2):
        with unit_of_work(engine) as session:
            announce(session, tenant, "summer", "Summer sale", "Double points all week.")
    engine.dispose()
    assert sweep() == 1 and sweep() == 0
    [message] = [m for m in inbox.messages if m["To"] == "ann@example.com"]
    assert message["Subject"] == "Summer sale" and "Double points all week." in message.get_content()


def test_a_send_that_fails_is_retried(http: httpx.Client, smtp_port: int, sweep: Any, stack: Settings) -> None:
    auth = new_tenant(http)
    http.post("/v1/badges", json={"key": "b", "name": "B", "criteria": {"event_type": "go", "count": 1}}, headers=auth)
    http.post("/v1/members", json={"external_id": "r", "email": "r@example.com"}, headers=auth)
    http.post("/v1/events", json={"id": "g1", "member": "r", "type": "go"}, headers=auth)
    assert sweep() == 0  # nobody listens on the SMTP port now
    engine = engine_from_settings(stack)
    with unit_of_work(engine, read_only=True) as session:
        [row] = session.scalars(select(EmailOutboxRow).where(EmailOutboxRow.status == "pending")).all()
        assert (row.status, row.attempts) == ("pending", 1) and row.error
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        deadline = time.monotonic() + 30
        while not handler.messages and time.monotonic() < deadline:
            sweep()
            time.sleep(0.5)
    finally:
        controller.stop()
    assert [m["Subject"] for m in handler.messages] == ["New badge: B"]
    engine.dispose()
