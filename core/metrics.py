"""Prometheus metrics shared by the API and the domain (plain counters: no web framework involved)."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("laurel_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "laurel_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
EVENTS_INGESTED = Counter("laurel_events_ingested_total", "Events stored (replays not counted)")
POSTINGS_WRITTEN = Counter("laurel_ledger_postings_total", "Ledger postings written")
RULE_ERRORS = Counter("laurel_rule_errors_total", "Rule evaluations skipped because the expression failed")
