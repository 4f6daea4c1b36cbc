"""Leaderboards on Redis sorted sets give the same answers as the database they mirror."""

import secrets
from collections.abc import Iterator

import httpx
import pytest
import redis

from core.settings import Settings
from tests.conftest import LiveServer, new_tenant

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module")
def redis_server(settings: Settings) -> Iterator[tuple[LiveServer, str]]:
    prefix = f"laurel-test-{secrets.token_hex(6)}"
    with LiveServer(settings.model_copy(update={"redis_url": REDIS_URL, "redis_prefix": prefix})) as server:
        yield server, prefix
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_redis_and_database_boards_agree(redis_server: tuple[LiveServer, str], live_server: LiveServer) -> None:
    server, prefix = redis_server
    with (
        httpx.Client(base_url=server.url, timeout=30) as on_redis,
        httpx.Client(base_url=live_server.url, timeout=30) as on_database,
    ):
        auth = new_tenant(on_redis)
        on_redis.post("/v1/rules", json={"key": "s", "event_type": "score", "points": "event.n"}, headers=auth)
        on_redis.post("/v1/leaderboards", json={"key": "top", "name": "Top"}, headers=auth)
        on_redis.post("/v1/leaderboards", json={"key": "city", "name": "City", "scope": "city"}, headers=auth)
        scores = {"a": 30, "b": 50, "c": 30, "d": 10, "e": 0}
        for n, (member, points) in enumerate(scores.items()):
            on_redis.post(
                "/v1/events",
                json={"id": f"x{n}", "member": member, "type": "score", "properties": {"n": points}},
                headers=auth,
            )
        on_redis.post(
            "/v1/events/batch",
            json={
                "events": [
                    {"id": "y1", "member": "d", "type": "score", "properties": {"n": 20}},
                    {"id": "y2", "member": "a", "type": "score", "properties": {"n": 5}},
                ]
            },
            headers=auth,
        )
        for query in ("period=all&member=c", "period=week&member=d&limit=3", "period=month&member=e"):
            from_redis = on_redis.get(f"/v1/leaderboards/top?{query}", headers=auth).json()
            from_database = on_database.get(f"/v1/leaderboards/top?{query}", headers=auth).json()
            assert from_redis["source"] == "redis" and from_database["source"] == "database"
            assert from_redis["top"] == from_database["top"], query
            assert from_redis["member"] == from_database["member"], query
        top = on_redis.get("/v1/leaderboards/top", headers=auth).json()["top"]
        # Ties share a rank and list the newest member first, in both stores.
        assert [(s["member"], s["score"], s["rank"]) for s in top] == [
            ("b", 50, 1),
            ("a", 35, 2),
            ("d", 30, 3),
            ("c", 30, 3),
        ]
        assert len(redis.Redis.from_url(REDIS_URL).keys(f"{prefix}:lb:*:top:all:")) == 1
