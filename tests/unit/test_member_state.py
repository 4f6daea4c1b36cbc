"""The parts of a member's state the engine keeps between events: awards held, quest progress as saved."""

from datetime import UTC, datetime

from achievements.state import HeldBadges, QuestState

AT = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_badge_is_held_while_any_period_of_it_is() -> None:
    held = HeldBadges()
    held[("monthly", "2026-01")] = AT
    held[("monthly", "2026-02")] = AT
    held[("monthly", "2026-02")] = AT  # the same award again counts once
    del held[("monthly", "2026-01")]
    assert held.holds("monthly") and not held.holds("other")
    del held[("monthly", "2026-02")]
    assert not held.holds("monthly") and held == {}


def test_quest_progress_left_alone_is_saved_as_it_was_read() -> None:
    stored = {"counts": [1, 0], "started_at": AT.isoformat(), "completed_at": None}
    assert QuestState.from_json(stored).to_json() is stored


def test_quest_progress_changed_in_place_is_saved_anew() -> None:
    stored = {"counts": [1, 0], "started_at": AT.isoformat(), "completed_at": None}
    progress = QuestState.from_json(stored)
    progress.counts[1] += 1
    assert progress.to_json()["counts"] == [1, 1] and stored["counts"] == [1, 0]
    progress = QuestState.from_json(stored)
    progress.completed_at = AT
    assert progress.to_json() == {"counts": [1, 0], "started_at": AT.isoformat(), "completed_at": AT.isoformat()}
