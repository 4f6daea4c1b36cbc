"""Health, metrics and the OpenAPI document."""

import httpx


def test_healthz_reports_the_database(client: httpx.Client) -> None:
    answer = client.get("/healthz")
    body = answer.json()
    # The test database is shared by the session's modules: work they left waiting (with no worker here) may degrade
    # the status, which health's own worker tests cover; the database part is this test's.
    assert answer.status_code == 200 and body["status"] in {"ok", "degraded"}
    assert body["database"]["ok"] is True
    assert body["database"]["dialect"] in {"sqlite", "postgresql"}


def test_metrics_count_requests_events_and_postings(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/rules", json={"key": "r", "event_type": "t", "points": "1"}, headers=auth)
    client.post("/v1/events", json={"id": "m1", "member": "m", "type": "t"}, headers=auth)
    text = client.get("/metrics").text
    assert "laurel_events_ingested_total" in text
    assert "laurel_ledger_postings_total" in text
    assert 'laurel_http_requests_total{method="POST",route="/v1/events",status="201"}' in text


def test_openapi_lists_the_contract(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "/v1/tenants",
        "/v1/members",
        "/v1/members/{external_id}/balance",
        "/v1/events",
        "/v1/events/batch",
        "/v1/rules",
        "/v1/transfers",
        "/v1/recognitions",
        "/v1/recognitions/{recognition_id}/approve",
        "/v1/goals",
        "/v1/goals/{key}/progress",
        "/v1/members/{external_id}/goals",
        "/v1/members/{external_id}/adjustments",
        "/v1/members/{external_id}/badges/{badge}",
        "/v1/members/{external_id}/streak-freezes",
    ]:
        assert path in paths
    assert client.get("/docs").status_code == 200
