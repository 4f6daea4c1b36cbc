"""The `lapse-subscriptions` job run by a real worker process mirrors the leaderboard scores its lapse events
move to Redis, as the API's run of the same job does."""

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from core.settings import Settings
from tests.conftest import LiveServer, new_tenant
from tests.integration.payouts.helpers import wait_for, worker_process
from worker.app import LAPSE_SUBSCRIPTIONS, create_celery

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_the_worker_lapse_job_mirrors_scores_to_redis(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = f"laurel-test-{secrets.token_hex(6)}"
    broker = f"sqla+sqlite:///{settings.data_dir / f'broker-{secrets.token_hex(4)}.db'}"
    stack = settings.model_copy(
        update={
            "broker_url": broker,
            "broker_prefix": "",
            "evm_rpc_url": "",
            "redis_url": REDIS_URL,
            "redis_prefix": prefix,
        }
    )
    monkeypatch.setenv("LAUREL_REDIS_URL", REDIS_URL)  # the worker's environment is built from this one
    monkeypatch.setenv("LAUREL_REDIS_PREFIX", prefix)
    log = tmp_path / "worker.log"
    try:
        with LiveServer(stack) as server, httpx.Client(base_url=server.url, timeout=30) as http:
            auth = new_tenant(http)
            plan = {"key": "plus", "name": "Plus", "period": "month", "price": 499}
            assert http.post("/v1/subscription-plans", json=plan, headers=auth).status_code == 201
            rule = {"key": "gone", "event_type": "subscription.lapsed", "points": "7"}
            assert http.post("/v1/rules", json=rule, headers=auth).status_code == 201
            assert http.post("/v1/leaderboards", json={"key": "top", "name": "Top"}, headers=auth).status_code == 201
            paid_at = (datetime.now(UTC) - timedelta(days=40)).isoformat()
            body = {"plan": "plus", "payment_id": "p1", "paid_at": paid_at}
            subscription = http.post("/v1/members/late/subscriptions", json=body, headers=auth).json()

            def top() -> list[dict[str, Any]]:
                board = http.get("/v1/leaderboards/top", headers=auth).json()
                assert board["source"] == "redis"
                return list(board["top"])

            assert top() == []
            with worker_process(stack, log):
                create_celery(stack).send_task(LAPSE_SUBSCRIPTIONS, ignore_result=True)
                url = f"/v1/subscriptions/{subscription['id']}"
                wait_for(lambda: http.get(url, headers=auth).json()["status"] == "lapsed", what=log.read_text)
                wait_for(lambda: bool(top()), timeout=10, what=log.read_text)
            assert [(s["member"], s["score"]) for s in top()] == [("late", 7)]
            assert http.get("/v1/members/late/balance", headers=auth).json()["available"] == 7
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
