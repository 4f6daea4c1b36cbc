"""A small in-process cache with a time to live, for definitions read on every event.

Each process keeps its own copy: a change made through one process is seen at once there (it invalidates) and
within `ttl` seconds by the others.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    def __init__(self, ttl: float, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._items: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        now = time.monotonic()
        found = self._items.get(key)
        if found is not None and found[0] > now:
            return found[1]
        value = load()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[key] = (now + self.ttl, value)
        return value

    def invalidate(self, match: Callable[[Hashable], bool]) -> None:
        with self._lock:
            self._items = {key: item for key, item in self._items.items() if not match(key)}
