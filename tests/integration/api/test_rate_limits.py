"""Rate limits per API key and per tenant: every limited answer says where the caller stands (`RateLimit-*`), and the
request past the limit is a 429 problem with `Retry-After`."""

import time
from collections.abc import Iterator

import httpx
import pytest

from core.settings import Settings
from tests.conftest import LiveServer, new_tenant

WINDOW = 3600
PER_KEY, PER_TENANT = 5, 8


def clear_of_window_edge(window: int = WINDOW, margin: float = 20.0) -> None:
    """Waits out the end of the current fixed window when it is near, so a test's requests share one window."""
    left = window - time.time() % window
    if left < margin:
        time.sleep(left + 0.1)


@pytest.fixture(scope="module")
def limited(settings: Settings) -> Iterator[LiveServer]:
    limits = {"rate_limit_per_key": PER_KEY, "rate_limit_per_tenant": PER_TENANT, "rate_limit_window_seconds": WINDOW}
    with LiveServer(settings.model_copy(update=limits)) as server:
        yield server


@pytest.fixture()
def http(limited: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=limited.url, timeout=30) as client:
        yield client


def read_key(http: httpx.Client, admin: dict[str, str], **extra: object) -> dict[str, str]:
    made = http.post("/v1/api-keys", json={"scopes": ["read"], **extra}, headers=admin)
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['api_key']}"}


def test_a_key_past_its_limit_gets_429_with_retry_after(http: httpx.Client) -> None:
    clear_of_window_edge()
    admin = new_tenant(http)
    reader = read_key(http, admin)
    remaining = []
    for _ in range(PER_KEY):
        answer = http.get("/v1/programs", headers=reader)
        assert answer.status_code == 200, answer.text
        assert answer.headers["RateLimit-Limit"] == str(PER_KEY)
        assert 0 < int(answer.headers["RateLimit-Reset"]) <= WINDOW
        remaining.append(int(answer.headers["RateLimit-Remaining"]))
    assert remaining == list(range(PER_KEY - 1, -1, -1))

    refused = http.get("/v1/programs", headers=reader)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/rate-limited")
    assert 0 < int(refused.headers["Retry-After"]) <= WINDOW
    assert refused.headers["RateLimit-Remaining"] == "0"


def test_the_tenant_limit_counts_all_its_keys(http: httpx.Client) -> None:
    clear_of_window_edge()
    admin = new_tenant(http)  # the key creations below count against the tenant too
    first, second = read_key(http, admin), read_key(http, admin)
    used = 2
    for _ in range(PER_TENANT - used - 2):
        assert http.get("/v1/programs", headers=first).status_code == 200
    assert http.get("/v1/programs", headers=second).status_code == 200
    last = http.get("/v1/programs", headers=second)
    assert last.status_code == 200 and last.headers["RateLimit-Remaining"] == "0"
    assert last.headers["RateLimit-Limit"] == str(PER_TENANT)  # the tenant's quota is the tighter one now
    refused = http.get("/v1/programs", headers=second)
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_a_key_may_carry_its_own_limit(http: httpx.Client) -> None:
    clear_of_window_edge()
    reader = read_key(http, new_tenant(http), rate_limit=2)
    assert [http.get("/v1/programs", headers=reader).status_code for _ in range(3)] == [200, 200, 429]


def test_unlimited_servers_send_no_rate_limit_fields(client: httpx.Client, auth: dict[str, str]) -> None:
    answer = client.get("/v1/programs", headers=auth)
    assert answer.status_code == 200 and "RateLimit-Limit" not in answer.headers
