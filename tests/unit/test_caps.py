"""Earning caps count per period in the program's zone, and remember enough periods for late events."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from achievements.caps import KEPT_PERIODS, EarningCap, take

DAY = EarningCap(points=50, times=3, per="day")
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_points_are_withheld_past_the_cap_and_times_stop_the_award() -> None:
    counters: dict[str, int] = {}
    assert [take(counters, "r", (DAY,), NOON, UTC, 30) for _ in range(4)] == [(30, 0), (20, 10), (0, 30), (None, 30)]
    assert take(counters, "r", (DAY,), NOON + timedelta(days=1), UTC, 30) == (30, 0)
    assert take(counters, "other", (DAY,), NOON, UTC, 30) == (30, 0)


def test_a_late_event_counts_against_its_own_day() -> None:
    counters: dict[str, int] = {}
    take(counters, "r", (DAY,), NOON, UTC, 50)
    take(counters, "r", (DAY,), NOON + timedelta(days=1), UTC, 10)
    assert take(counters, "r", (DAY,), NOON, UTC, 10) == (0, 10)


def test_days_follow_the_program_time_zone() -> None:
    counters: dict[str, int] = {}
    late_evening = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # already 3 March in Moscow
    take(counters, "r", (DAY,), NOON, ZoneInfo("Europe/Moscow"), 50)
    assert take(counters, "r", (DAY,), late_evening, ZoneInfo("Europe/Moscow"), 50) == (50, 0)
    assert take(counters, "r", (DAY,), late_evening, UTC, 50) == (0, 50)


def test_old_periods_are_forgotten_and_an_event_older_than_all_kept_earns_nothing() -> None:
    counters: dict[str, int] = {}
    for day in range(KEPT_PERIODS + 3):
        take(counters, "r", (DAY,), NOON + timedelta(days=day), UTC, 1)
    assert len(counters) == 2 * (KEPT_PERIODS + 1)  # the kept ones and the newest
    assert take(counters, "r", (DAY,), NOON, UTC, 5) == (None, 5)
