"""Request rate limits per API key and per tenant: fixed windows of `window` seconds, counted where every API process
sees the same count — Redis when it is configured, else the database (one row per bucket, reset when a new window
starts), so the embedded stack on SQLite limits as a fleet on PostgreSQL does.

A fixed window lets a client send up to twice the limit across a window's edge; in exchange a hit is one counter
increment, with nothing to sweep.
"""

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import BigInteger, Column, Engine, String, case
from sqlmodel import Field, SQLModel

from core.db import unit_of_work, upsert_dialect
from core.errors import LaurelError


class RateLimitCounter(SQLModel, table=True):
    """The count of one bucket (`key:<id>` or `tenant:<id>`) in its current window."""

    __tablename__ = "rate_limit_counters"

    bucket: str = Field(sa_column=Column(String(120), primary_key=True))
    window: int = Field(sa_column=Column(BigInteger, nullable=False))
    count: int = Field(sa_column=Column(BigInteger, nullable=False))


_table = RateLimitCounter.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Quota:
    """Where one bucket stands after this request: `reset` is the seconds left in its window."""

    limit: int
    remaining: int
    reset: int

    @property
    def exceeded(self) -> bool:
        return self.remaining < 0


class RateLimited(LaurelError):
    status, title, slug = 429, "Too many requests", "rate-limited"


class Counters(Protocol):
    def hit(self, buckets: Sequence[str], window: int, window_seconds: int) -> list[int]:
        """Add one request to each bucket in window number `window`; their counts after it."""
        ...


class DatabaseCounters:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def hit(self, buckets: Sequence[str], window: int, window_seconds: int) -> list[int]:
        counts = []
        with unit_of_work(self.engine) as session:
            insert = upsert_dialect(session.get_bind()).insert(_table)
            for bucket in sorted(buckets):  # one lock order, so two processes never wait on each other in a cycle
                same_window = _table.c.window == insert.excluded.window
                statement = (
                    insert.values(bucket=bucket, window=window, count=1)
                    .on_conflict_do_update(
                        index_elements=["bucket"],
                        set_={
                            "window": insert.excluded.window,
                            "count": case((same_window, _table.c.count + 1), else_=1),
                        },
                    )
                    .returning(_table.c.count)
                )
                counts.append((bucket, int(session.execute(statement).scalar_one())))
        found = dict(counts)
        return [found[bucket] for bucket in buckets]


class RedisCounters:
    """One key per bucket and window, expiring after it (INCR, EXPIRE in one round trip)."""

    def __init__(self, redis: Any, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    def hit(self, buckets: Sequence[str], window: int, window_seconds: int) -> list[int]:
        pipeline = self.redis.pipeline()
        for bucket in buckets:
            name = f"{self.prefix}:ratelimit:{bucket}:{window}"
            pipeline.incr(name).expire(name, window_seconds + 1)
        replies = pipeline.execute()
        return [int(count) for count in replies[::2]]


class RateLimiter:
    def __init__(self, counters: Counters, window_seconds: int) -> None:
        self.counters = counters
        self.window_seconds = window_seconds

    def hit(self, limits: dict[str, int]) -> list[Quota]:
        """Count one request against each bucket (name → its limit per window): where each stands after it."""
        now = time.time()
        window = int(now // self.window_seconds)
        reset = max(1, math.ceil((window + 1) * self.window_seconds - now))
        buckets = list(limits)
        counts = self.counters.hit(buckets, window, self.window_seconds)
        return [Quota(limits[b], limits[b] - count, reset) for b, count in zip(buckets, counts, strict=True)]


def tightest(quotas: Sequence[Quota]) -> Quota:
    """The quota a client should pace itself by: an exceeded one first, else the one with the fewest left."""
    return min(quotas, key=lambda quota: (quota.remaining, -quota.reset))


def rate_limiter(engine: Engine, redis: Any, prefix: str, window_seconds: int) -> RateLimiter:
    counters: Counters = RedisCounters(redis, prefix) if redis is not None else DatabaseCounters(engine)
    return RateLimiter(counters, window_seconds)
