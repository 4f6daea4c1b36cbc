"""Redis (an instance of the test's own) down and back: events still go in, leaderboards answer from the database
while it is away, and once it is back they are rebuilt from the database and agree with it again."""

import httpx

from core.settings import Settings
from tests.conftest import LiveServer, new_tenant
from tests.faults.conftest import OwnRedis


def test_leaderboards_fall_back_to_the_database_while_redis_is_down_and_agree_once_it_is_back(
    settings: Settings, own_redis: OwnRedis
) -> None:
    with (
        LiveServer(settings.model_copy(update={"redis_url": own_redis.url})) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        auth = new_tenant(http)
        http.post("/v1/rules", json={"key": "s", "event_type": "score", "points": "event.n"}, headers=auth)
        http.post("/v1/leaderboards", json={"key": "top", "name": "Top"}, headers=auth)

        def score(event_id: str, member: str, n: int) -> int:
            event = {"id": event_id, "member": member, "type": "score", "properties": {"n": n}}
            return http.post("/v1/events", json=event, headers=auth).status_code

        assert [score(f"a{i}", f"p{i}", 10 * i) for i in range(1, 4)] == [201] * 3
        before = http.get("/v1/leaderboards/top", headers=auth).json()
        own_redis.stop()
        during_events = [score("b1", "p1", 100), score("b2", "p4", 5)]
        during = http.get("/v1/leaderboards/top?member=p4", headers=auth).json()
        own_redis.start()  # empty: it lost everything
        after = http.get("/v1/leaderboards/top?member=p4", headers=auth).json()

    assert before["source"] == "redis" and [s["member"] for s in before["top"]] == ["p3", "p2", "p1"]
    assert during_events == [201, 201]
    assert during["source"] == "database"
    assert [(s["member"], s["score"]) for s in during["top"]] == [("p1", 110), ("p3", 30), ("p2", 20), ("p4", 5)]
    assert after["source"] == "redis" and after["top"] == during["top"] and after["member"] == during["member"]
