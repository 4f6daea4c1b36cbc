"""Two real `laurel serve` processes on one database share each key's count: the limit holds for the fleet, not per
process — counted in the database without Redis (here SQLite; PostgreSQL runs the same statement), and in Redis
when it is configured."""

import secrets
from pathlib import Path

import httpx
import pytest
import redis

from core.settings import Settings
from tests.conftest import make_settings, new_tenant
from tests.integration.api.test_rate_limits import clear_of_window_edge
from tests.integration.scale.processes import api_process

LIMIT = 6
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize("store", ["sqlite", "postgresql+redis"])
def test_two_api_processes_share_one_count(
    store: str, request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    backend, _, counters = store.partition("+")
    extra: dict[str, object] = {"rate_limit_per_key": LIMIT, "rate_limit_window_seconds": 3600}
    prefix = f"laurel-test-{secrets.token_hex(4)}"
    if counters == "redis":
        extra |= {"redis_url": REDIS_URL, "redis_prefix": prefix}
    settings: Settings = make_settings(backend, tmp_path_factory.mktemp(f"limits-{backend}"), request, **extra)
    try:
        with (
            api_process(settings, tmp_path / "a.log") as a,
            api_process(settings, tmp_path / "b.log") as b,
            httpx.Client(base_url=a.url, timeout=30) as on_a,
            httpx.Client(base_url=b.url, timeout=30) as on_b,
        ):
            admin = new_tenant(on_a)
            made = on_a.post("/v1/api-keys", json={"scopes": ["read"]}, headers=admin)
            reader = {"Authorization": f"Bearer {made.json()['api_key']}"}
            clear_of_window_edge()
            answers = [(on_a if i % 2 else on_b).get("/v1/programs", headers=reader) for i in range(LIMIT + 2)]
            assert [answer.status_code for answer in answers] == [200] * LIMIT + [429, 429]
            assert [answer.headers["RateLimit-Remaining"] for answer in answers[:LIMIT]] == [
                str(n) for n in range(LIMIT - 1, -1, -1)
            ]
    finally:
        if counters == "redis":
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
