"""Failure throttles: after `limit` failures under one key within a window, the key is refused until the window
ends. Console sign-in uses two, one keyed by the client's address and one by the API key tried, so guessing keys
from one address and spraying one key from many addresses are both slowed.

Redis keeps the counts when it is configured, so every API process sees the same ones; otherwise each process
counts for itself (the embedded stack runs one API process).
"""

import math
import threading
import time
from typing import Any, Protocol


class Throttle(Protocol):
    def retry_after(self, key: str) -> int:
        """Seconds until `key` may try again; 0 when it may now."""
        ...

    def failed(self, key: str) -> None: ...

    def cleared(self, key: str) -> None: ...


class LocalThrottle:
    """Counts in this process, forgetting keys whose window has passed."""

    def __init__(self, limit: int, window_seconds: float, size: int = 100_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.size = size
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        with self._lock:
            count, until = self._counts.get(key, (0, 0.0))
        left = until - time.monotonic()
        return math.ceil(left) if count >= self.limit and left > 0 else 0

    def failed(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) >= self.size:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count, until = self._counts.get(key, (0, 0.0))
            if until <= now:
                count, until = 0, now + self.window
            self._counts[key] = (count + 1, until)

    def cleared(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


class RedisThrottle:
    """Counts in Redis: one counter per key, expiring with its window (INCR, then EXPIRE when it has none)."""

    def __init__(self, redis: Any, prefix: str, limit: int, window_seconds: float) -> None:
        self.redis = redis
        self.prefix = prefix
        self.limit = limit
        self.window = max(1, math.ceil(window_seconds))

    def _key(self, key: str) -> str:
        return f"{self.prefix}:throttle:{key}"

    def retry_after(self, key: str) -> int:
        count, ttl = self.redis.pipeline().get(self._key(key)).ttl(self._key(key)).execute()
        if count is None or int(count) < self.limit:
            return 0
        return max(int(ttl), 1)

    def failed(self, key: str) -> None:
        _, ttl = self.redis.pipeline().incr(self._key(key)).ttl(self._key(key)).execute()
        if int(ttl) < 0:  # a new counter (or one whose expiry was lost): its window starts now
            self.redis.expire(self._key(key), self.window)

    def cleared(self, key: str) -> None:
        self.redis.delete(self._key(key))


def throttle(redis: Any, prefix: str, limit: int, window_seconds: float) -> Throttle:
    if redis is not None:
        return RedisThrottle(redis, prefix, limit, window_seconds)
    return LocalThrottle(limit, window_seconds)
