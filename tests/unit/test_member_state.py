"""The parts of a member's state the engine keeps between events: awards held, quest progress as saved."""

from datetime import UTC, datetime

from achievements.state import HeldBadges, MemberState, QuestState

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


def test_quest_progress_is_decoded_only_when_asked_for_and_saved_with_the_rest_as_read() -> None:
    moving = {"counts": [1, 0], "started_at": AT.isoformat(), "completed_at": None}
    done = {"counts": [1, 1], "started_at": AT.isoformat(), "completed_at": AT.isoformat()}
    state = MemberState(member_id=1, external_id="m", attributes={}, joined_at=AT)
    state.stored_quests = {"moving": moving, "done": done}
    assert state.quest_completed("done") and not state.quest_completed("moving") and not state.quest_completed("new")
    assert state.quests == {} and state.quests_json() is state.stored_quests
    progress = state.quest("moving")
    assert progress is not None and progress.started_at == AT and state.quest("new") is None
    progress.counts[1] += 1
    assert state.quests_json() == {"moving": {**moving, "counts": [1, 1]}, "done": done}
