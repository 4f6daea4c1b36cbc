"""A stamped cache serves its copy while the stamp stands still and reloads as soon as it moves: no time involved."""

from core.stamps import StampedCache


def test_a_copy_is_served_until_its_stamp_moves() -> None:
    cache: StampedCache[str] = StampedCache()
    loads: list[int] = []

    def load(stamp: int) -> str:
        loads.append(stamp)
        return f"as of {stamp}"

    assert cache.get("key", 1, lambda: load(1)) == "as of 1"
    assert cache.get("key", 1, lambda: load(1)) == "as of 1"
    assert cache.get("key", 2, lambda: load(2)) == "as of 2"
    assert loads == [1, 2]


def test_a_full_cache_starts_over_rather_than_growing() -> None:
    cache: StampedCache[int] = StampedCache(size=2)
    for key in range(5):
        cache.get(key, 0, lambda k=key: k)  # type: ignore[misc]
    assert cache.get(4, 0, lambda: -1) == 4
    assert cache.get(0, 0, lambda: -1) == -1
