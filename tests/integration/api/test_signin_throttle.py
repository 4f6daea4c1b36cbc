"""Console sign-in is throttled per client address and per API key tried, in one process or across processes
sharing Redis; the session cookie is Secure when the public URL is https."""

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis import Redis

from core.settings import Settings
from tests.conftest import ADMIN_TOKEN, MASTER_KEY, LiveServer, new_tenant

REDIS_URL = "redis://127.0.0.1:6379/0"


def throttled_settings(data_dir: Path, **extra: object) -> Settings:
    return Settings(
        data_dir=data_dir,
        admin_token=ADMIN_TOKEN,
        master_key=MASTER_KEY,
        log_level="WARNING",
        signin_failures_per_account=3,
        signin_failures_per_address=5,
        **extra,  # type: ignore[arg-type]
    )


def sign_in(http: httpx.Client, key: str, **headers: str) -> httpx.Response:
    return http.post("/admin/login", data={"api_key": key}, headers=headers, follow_redirects=False)


def test_failures_are_limited_per_key_and_per_address(tmp_path: Path) -> None:
    with LiveServer(throttled_settings(tmp_path)) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        admin_key = new_tenant(http)["Authorization"].removeprefix("Bearer ")
        key_id = admin_key.split(".")[0]
        for _ in range(3):
            assert sign_in(http, f"{key_id}.wrong-secret").status_code == 401
        refused = sign_in(http, admin_key)
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["Retry-After"]) > 0 and refused.json()["status"] == 429
        assert sign_in(http, "key_other.guess").status_code == 401
        assert sign_in(http, "key_third.guess").status_code == 401
        # Five failures from this address: even a good, untried key waits now.
        other_key = http.post(
            "/v1/api-keys", json={"scopes": ["admin"]}, headers={"Authorization": f"Bearer {admin_key}"}
        )
        page = sign_in(http, other_key.json()["api_key"], accept="text/html")
        assert page.status_code == 429 and "Retry-After" in page.headers
        assert "text/html" in page.headers["content-type"] and "Too many sign-in attempts" in page.text


def test_a_good_sign_in_clears_its_key_and_cookies_follow_the_public_url(tmp_path: Path) -> None:
    settings = throttled_settings(tmp_path, public_url="https://laurel.example")
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        admin_key = new_tenant(http)["Authorization"].removeprefix("Bearer ")
        key_id = admin_key.split(".")[0]
        for _ in range(2):
            assert sign_in(http, f"{key_id}.wrong").status_code == 401
        signed = sign_in(http, admin_key)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        for _ in range(2):
            assert sign_in(http, f"{key_id}.wrong").status_code == 401
        assert sign_in(http, admin_key).status_code == 303


def test_plain_http_public_url_gives_a_cookie_without_secure(tmp_path: Path) -> None:
    with LiveServer(throttled_settings(tmp_path)) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        admin_key = new_tenant(http)["Authorization"].removeprefix("Bearer ")
        assert "secure" not in sign_in(http, admin_key).headers["set-cookie"].lower()


@pytest.fixture()
def redis_prefix() -> Iterator[str]:
    prefix = f"laurel-test-{secrets.token_hex(4)}"
    yield prefix
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"{prefix}:*"):
        redis.delete(key)
    redis.close()


def test_processes_sharing_redis_share_the_counts(tmp_path: Path, redis_prefix: str) -> None:
    shared = {"redis_url": REDIS_URL, "redis_prefix": redis_prefix, "broker_url": f"sqla+sqlite:///{tmp_path}/b.db"}
    with (
        LiveServer(throttled_settings(tmp_path, **shared)) as first,
        LiveServer(throttled_settings(tmp_path, **shared)) as second,
        httpx.Client(base_url=first.url, timeout=30) as one,
        httpx.Client(base_url=second.url, timeout=30) as two,
    ):
        for http in (one, two, one):
            assert sign_in(http, "key_sprayed.guess").status_code == 401
        assert sign_in(two, "key_sprayed.guess").status_code == 429
        assert sign_in(one, "key_sprayed.guess").status_code == 429
        assert list(Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}:signin:*"))
