"""When and how long to wait before sending a request again: 5xx, 429 and connection errors, with backoff."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """`attempts` in all; the n-th wait is `base * 2**n` seconds (with up to 10% jitter) capped at `cap`.

    A `Retry-After` header (seconds) takes precedence over the computed wait, within the cap."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 30.0

    def should_retry(self, response: httpx.Response | None) -> bool:
        """None stands for a connection error or a timeout: the request may or may not have arrived."""
        return response is None or response.status_code in RETRIED_STATUSES

    def wait(self, attempt: int, response: httpx.Response | None) -> float:
        retry_after = response.headers.get("Retry-After") if response is not None else None
        if retry_after is not None and retry_after.strip().isdigit():
            return min(float(retry_after), self.cap)
        delay = min(self.base * 2.0**attempt, self.cap)
        return delay + random.uniform(0, delay / 10)
