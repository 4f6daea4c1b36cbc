"""A tenant cannot make Laurel call inside its network: internal webhook URLs are refused when saved, and a name
that resolves inside by the time of delivery is refused then, with the receiver never reached."""

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from core.db import engine_from_settings, unit_of_work
from core.outbound import OutboundPolicy, parse_networks
from core.settings import Settings
from notifications.webhooks import create_webhook, deliver_due
from tests.conftest import ADMIN_TOKEN
from tests.integration.api.test_webhooks import Receiver
from wallets.keystore import KeyStore, MasterKey

REFUSED_AT_SAVE = [
    "http://127.0.0.1:6379/",  # Redis
    "http://localhost:5432",  # PostgreSQL, by a name that resolves to loopback
    "http://[::1]:8000/v1/tenants",
    "http://169.254.169.254/latest/meta-data/",  # the cloud metadata address
    "https://127.0.0.1:6379/",
    "https://localhost:5432/",
    "https://[::1]:8000/v1/tenants",
    "https://169.254.169.254/latest/meta-data/",
    "https://2130706433/",  # 127.0.0.1 in decimal
    "https://0x7f000001/",  # and in hex
    "https://0177.0.0.1/",
    "https://127.1/",
    "https://0.0.0.0:6379/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::]/",
    "https://10.0.0.1/",
    "https://192.168.0.1/",
    "https://user:password@hooks.example.com/h",
    "http://hooks.example.com/h",  # plain http, not allowed by the operator here
]


@pytest.mark.parametrize("url", REFUSED_AT_SAVE)
def test_internal_and_unsafe_urls_are_refused_naming_the_field(
    client: httpx.Client, auth: dict[str, str], url: str
) -> None:
    response = client.post("/v1/webhooks", json={"url": url, "events": ["points.earned"]}, headers=auth)
    assert response.status_code == 422, (url, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem.get("field") == "url" or any(e["field"] == "url" for e in problem.get("errors", [])), problem
    assert client.get("/v1/webhooks", headers=auth).json() == []


@pytest.fixture()
def engine(settings: Settings) -> Iterator[Engine]:
    engine = engine_from_settings(settings)
    yield engine
    engine.dispose()


class RebindingDNS:
    """A real resolver for one name, answering as a rebinding DNS server would: a public address while the URL is
    checked, then the receiver on loopback."""

    def __init__(self, name: str, answers: list[str]) -> None:
        self.name = name
        self.answers = answers
        self.asked = 0

    def __call__(self, host: str, port: int) -> list[str]:
        if host != self.name:
            raise OSError(f"{host} does not resolve")
        answer = self.answers[min(self.asked, len(self.answers) - 1)]
        self.asked += 1
        return [answer]


def tenant(client: httpx.Client) -> tuple[str, dict[str, str]]:
    made = client.post("/v1/tenants", json={"name": "Hooked"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    return made.json()["id"], {"Authorization": f"Bearer {made.json()['api_key']}"}


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()


def hooked_event(
    client: httpx.Client, settings: Settings, engine: Engine, url: str, policy: OutboundPolicy
) -> tuple[str, str, dict[str, str], KeyStore]:
    """A tenant whose webhook (saved under `policy`) has one `points.earned` delivery due."""
    tenant_id, auth = tenant(client)
    keystore = KeyStore(MasterKey.from_settings(settings), engine)
    with unit_of_work(engine) as session:
        hook, _ = create_webhook(session, keystore, tenant_id, url, ["points.earned"], policy=policy)
    client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "3"}, headers=auth)
    assert client.post("/v1/events", json={"id": "e1", "member": "m", "type": "t"}, headers=auth).status_code == 201
    return tenant_id, hook.id, auth, keystore


def test_a_name_that_resolves_inside_at_delivery_is_refused_and_logged(
    client: httpx.Client, settings: Settings, engine: Engine, receiver: Receiver
) -> None:
    port = receiver.server.server_address[1]
    dns = RebindingDNS("hooks.tenant-app.test", ["93.184.216.34", "127.0.0.1"])
    policy = OutboundPolicy(allow_http=True, resolve=dns)
    url = f"http://hooks.tenant-app.test:{port}/hooks"
    tenant_id, hook_id, auth, keystore = hooked_event(client, settings, engine, url, policy)

    assert deliver_due(engine, keystore, policy=policy, tenant_id=tenant_id) == 0
    assert receiver.received == []
    [delivery] = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth).json()
    assert delivery["last_error"] == "refused: private address" and delivery["last_status_code"] is None
    assert delivery["status"] == "pending" and delivery["attempts"] == 1


def test_delivery_connects_to_the_resolved_address_with_the_given_host(
    client: httpx.Client, settings: Settings, engine: Engine, receiver: Receiver
) -> None:
    port = receiver.server.server_address[1]
    dns = RebindingDNS("erp.on-premises.test", ["127.0.0.1"])
    policy = OutboundPolicy(allow_http=True, allow_networks=parse_networks("127.0.0.0/8"), resolve=dns)
    url = f"http://erp.on-premises.test:{port}/hooks"
    tenant_id, hook_id, auth, keystore = hooked_event(client, settings, engine, url, policy)

    assert deliver_due(engine, keystore, policy=policy, tenant_id=tenant_id) == 1
    [request] = receiver.received
    assert request["headers"]["Host"] == f"erp.on-premises.test:{port}"
    [delivery] = client.get(f"/v1/webhooks/{hook_id}/deliveries", headers=auth).json()
    assert delivery["status"] == "delivered" and delivery["last_status_code"] == 200
