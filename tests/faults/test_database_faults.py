"""Faults around ingestion: the API SIGKILLed in the middle of a batch, PostgreSQL restarted while batches stream in.
Each event is stored with all its effects or not at all; no acknowledged event is lost, none is awarded twice."""

import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import OwnPostgres, api_process, batch, new_tenant_with_rule, stored_events_and_points


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_api_killed_mid_batch_stores_each_event_with_all_its_effects_or_not_at_all(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    database_url = request.getfixturevalue("pg_database_url") if backend == "postgresql" else ""
    acknowledged: list[str] = []
    in_flight: list[str] = []
    with api_process(tmp_path, database_url) as api:
        tenant_id, auth = new_tenant_with_rule(api.url)

        def stream() -> None:
            with httpx.Client(base_url=api.url, timeout=120, headers=auth) as http:
                for n in range(50):
                    in_flight[:] = [f"b{n}"]
                    try:
                        answer = http.post("/v1/events/batch", json={"events": batch(f"b{n}", 1000)})
                    except httpx.TransportError:
                        return  # the API died under this batch
                    assert answer.status_code == 200, answer.text
                    acknowledged.append(f"b{n}")

        sender = threading.Thread(target=stream)
        sender.start()
        while len(acknowledged) < 2 and sender.is_alive():
            time.sleep(0.01)
        time.sleep(0.15)  # into the next batch
        api.kill()
        sender.join()
        assert in_flight and in_flight[0] not in acknowledged

        api.start()
        url = api.env["LAUREL_DATABASE_URL"] or f"sqlite:///{tmp_path / 'laurel.db'}"
        events, points = stored_events_and_points(api.url, url, tenant_id, auth)
        with httpx.Client(base_url=api.url, timeout=120, headers=auth) as http:  # the client sends it again
            again = http.post("/v1/events/batch", json={"events": batch(in_flight[0], 1000)}).json()["results"]
        events_after, points_after = stored_events_and_points(api.url, url, tenant_id, auth)

    assert events == points  # whatever the kill left is whole: every stored event with its point
    assert events in (len(acknowledged) * 1000, (len(acknowledged) + 1) * 1000)  # the killed batch: all or nothing
    assert events_after == points_after == (len(acknowledged) + 1) * 1000
    assert {r["status"] for r in again} == ({200} if events > len(acknowledged) * 1000 else {201})


def test_postgresql_restarted_during_batch_ingestion_loses_nothing_acknowledged_and_awards_nothing_twice(
    own_postgres: OwnPostgres, tmp_path: Path
) -> None:
    batches, size = 12, 200
    acknowledged: list[str] = []
    refused: list[httpx.Response] = []
    with api_process(tmp_path, own_postgres.url) as api:
        tenant_id, auth = new_tenant_with_rule(api.url)

        def stream() -> None:
            with httpx.Client(base_url=api.url, timeout=120, headers=auth) as http:
                for n in range(batches):
                    while True:  # as a client should: on 503, wait Retry-After and send the same batch again
                        answer = http.post("/v1/events/batch", json={"events": batch(f"b{n}", size)})
                        if answer.status_code != 503:
                            break
                        refused.append(answer)
                        time.sleep(float(answer.headers["Retry-After"]))
                    assert answer.status_code == 200, answer.text
                    acknowledged.append(f"b{n}")

        sender = threading.Thread(target=stream)
        sender.start()
        while len(acknowledged) < 3:
            time.sleep(0.01)
        own_postgres.stop()
        time.sleep(3)
        not_ready = httpx.get(f"{api.url}/readyz", timeout=30)
        own_postgres.start()
        sender.join()
        events, points = stored_events_and_points(api.url, own_postgres.url, tenant_id, auth)
        ready = httpx.get(f"{api.url}/readyz", timeout=30)

    assert refused and all(r.headers.get("Retry-After") for r in refused)
    assert refused[0].headers["content-type"] == "application/problem+json"
    assert not_ready.status_code == 503 and ready.status_code == 200
    assert len(acknowledged) == batches
    assert events == points == batches * size
