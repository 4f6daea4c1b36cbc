"""A tenant of its own per test, with its id (service-level steps need it), and an engine on the test database."""

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from core.db import engine_from_settings
from core.settings import Settings
from tests.conftest import ADMIN_TOKEN


@pytest.fixture(scope="module")
def engine(settings: Settings, live_server: object) -> Iterator[Engine]:
    engine = engine_from_settings(settings)
    yield engine
    engine.dispose()


@pytest.fixture()
def tenant(client: httpx.Client) -> tuple[str, dict[str, str]]:
    body = client.post("/v1/tenants", json={"name": "Team"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    return body["id"], {"Authorization": f"Bearer {body['api_key']}"}
