"""An announcement publishes `announcement.published`: webhooks relay it, once, with the announcement's dates."""

import json
from collections.abc import Iterator

import httpx
import pytest

from core.settings import Settings
from tests.conftest import LOCAL_RECEIVERS, make_settings
from tests.integration.api.test_webhooks import Receiver


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(request.param, tmp_path_factory.mktemp(f"laurel-{request.param}"), request, **LOCAL_RECEIVERS)


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()


def test_a_new_announcement_is_relayed_to_subscribers_once(
    client: httpx.Client, auth: dict[str, str], receiver: Receiver
) -> None:
    hook = client.post("/v1/webhooks", json={"url": receiver.url, "events": ["announcement.published"]}, headers=auth)
    assert hook.status_code == 201, hook.text
    made = client.post(
        "/v1/announcements",
        json={"kind": "promotion", "title": "Summer", "body": "Double points", "ends_at": "2099-09-01T00:00:00Z"},
        headers=auth,
    ).json()
    client.patch(f"/v1/announcements/{made['id']}", json={"title": "Summer sale"}, headers=auth)  # no second notice
    assert client.post("/v1/jobs/deliver-webhooks", headers=auth).json()["delivered"] == 1
    [body] = [json.loads(r["body"]) for r in receiver.received]
    assert body["type"] == "announcement.published"
    assert body["data"]["id"] == made["id"] and body["data"]["kind"] == "promotion"
    assert body["data"]["ends_at"].startswith("2099-09-01")
