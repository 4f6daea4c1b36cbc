"""The pure engine: badges of every kind, quests, levels, penalties — including the awkward edges (month ends,
time zones, out-of-order events, windows, a bonus that lifts a level)."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from achievements.catalog import rulebook_from_specs
from achievements.definitions import BadgeSpec, Kind, LevelSpec, QuestSpec, RuleSpec, Spec
from achievements.engine import Engine, EventFacts, Outcome
from achievements.state import MemberState

JOINED = datetime(2025, 1, 1, tzinfo=UTC)


def engine(*specs: tuple[Kind, dict[str, Any]], zone: str = "UTC") -> Engine:
    types: dict[Kind, type[Spec]] = {
        Kind.RULE: RuleSpec,
        Kind.BADGE: BadgeSpec,
        Kind.QUEST: QuestSpec,
        Kind.LEVEL: LevelSpec,
    }
    return Engine(
        rulebook_from_specs([(kind, types[kind].model_validate(body)) for kind, body in specs]), ZoneInfo(zone)
    )


def member() -> MemberState:
    return MemberState(member_id=1, external_id="m", attributes={}, joined_at=JOINED)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if "+" not in text else datetime.fromisoformat(text)


def send(eng: Engine, state: MemberState, kind: str, when: str, n: int = 0, **props: Any) -> Outcome:
    return eng.evaluate(EventFacts(f"e{n}-{when}", kind, props, "m", at(when)), state)


def badge_keys(outcome: Outcome) -> list[str]:
    return [b["key"] for b in outcome.badges]


STREAK3 = (Kind.BADGE, {"key": "streak3", "name": "Three days", "criteria": {"event_type": "visit", "streak_days": 3}})


def test_streak_runs_across_a_month_end() -> None:
    eng, state = engine(STREAK3), member()
    assert badge_keys(send(eng, state, "visit", "2026-01-30T10:00:00")) == []
    assert badge_keys(send(eng, state, "visit", "2026-01-31T10:00:00")) == []
    assert badge_keys(send(eng, state, "visit", "2026-02-01T10:00:00")) == ["streak3"]


def test_streak_counts_calendar_days_in_the_program_time_zone() -> None:
    badge = (Kind.BADGE, {"key": "two", "name": "Two", "criteria": {"event_type": "visit", "streak_days": 2}})
    # 01:00 and 16:00 UTC on one day are two different days in Tokyo (10:00 on the 1st, 01:00 on the 2nd).
    for zone, expected in (("UTC", []), ("Asia/Tokyo", ["two"])):
        eng, state = engine(badge, zone=zone), member()
        send(eng, state, "visit", "2026-01-01T01:00:00")
        assert badge_keys(send(eng, state, "visit", "2026-01-01T16:00:00")) == expected


def test_streak_is_judged_the_same_when_days_arrive_out_of_order() -> None:
    eng, state = engine(STREAK3), member()
    send(eng, state, "visit", "2026-03-01T10:00:00")
    send(eng, state, "visit", "2026-03-03T10:00:00")
    assert badge_keys(send(eng, state, "visit", "2026-03-02T10:00:00")) == ["streak3"]


def test_a_gap_breaks_the_streak() -> None:
    eng, state = engine(STREAK3), member()
    for day in ("2026-03-01", "2026-03-02", "2026-03-04"):
        assert badge_keys(send(eng, state, "visit", f"{day}T10:00:00")) == []


def test_count_badge_with_condition_and_bonus_points_is_awarded_once() -> None:
    eng, state = (
        engine(
            (
                Kind.BADGE,
                {
                    "key": "big",
                    "name": "Big spender",
                    "points": 25,
                    "criteria": {"event_type": "buy", "condition": "event.amount >= 100", "count": 2},
                },
            ),
        ),
        member(),
    )
    assert badge_keys(send(eng, state, "buy", "2026-01-01T00:00:00", 1, amount=150)) == []
    assert badge_keys(send(eng, state, "buy", "2026-01-01T00:00:00", 2, amount=50)) == []
    awarded = send(eng, state, "buy", "2026-01-01T00:00:00", 3, amount=100)
    assert badge_keys(awarded) == ["big"] and awarded.points == 25
    assert badge_keys(send(eng, state, "buy", "2026-01-01T00:00:00", 4, amount=500)) == []


def test_sum_badge_adds_up_an_expression() -> None:
    eng, state = (
        engine(
            (
                Kind.BADGE,
                {"key": "km", "name": "Marathon", "criteria": {"event_type": "run", "sum": "event.km", "at_least": 42}},
            ),
        ),
        member(),
    )
    assert badge_keys(send(eng, state, "run", "2026-01-01T00:00:00", 1, km=21)) == []
    assert badge_keys(send(eng, state, "run", "2026-01-02T00:00:00", 2, km=21)) == ["km"]


def test_repeatable_badge_is_awarded_again_each_week() -> None:
    eng, state = (
        engine(
            (
                Kind.BADGE,
                {"key": "weekly", "name": "Weekly", "repeat": "week", "criteria": {"event_type": "post", "count": 2}},
            ),
        ),
        member(),
    )
    got = [
        badge_keys(send(eng, state, "post", when, i))
        for i, when in enumerate(
            [
                "2026-01-05T09:00:00",
                "2026-01-06T09:00:00",
                "2026-01-07T09:00:00",
                "2026-01-12T09:00:00",
                "2026-01-13T09:00:00",
            ]
        )
    ]
    assert got == [[], ["weekly"], [], [], ["weekly"]]


def test_badge_bonus_lifts_the_level_and_the_level_reward_is_paid_once() -> None:
    eng, state = (
        engine(
            (Kind.RULE, {"key": "post", "event_type": "post", "points": "10"}),
            (
                Kind.BADGE,
                {"key": "first", "name": "First post", "points": 50, "criteria": {"event_type": "post", "count": 1}},
            ),
            (Kind.LEVEL, {"key": "silver", "name": "Silver", "min_points": 60, "reward_points": 5}),
        ),
        member(),
    )
    first = send(eng, state, "post", "2026-01-01T00:00:00", 1)
    assert badge_keys(first) == ["first"]
    assert first.level == {"key": "silver", "name": "Silver", "previous": None}
    assert first.points == 10 + 50 + 5
    assert send(eng, state, "post", "2026-01-02T00:00:00", 2).level is None


def test_level_reward_is_not_paid_again_after_dropping_and_climbing() -> None:
    eng, state = (
        engine(
            (Kind.RULE, {"key": "xp", "event_type": "act", "xp": "event.xp"}),
            (Kind.LEVEL, {"key": "pro", "name": "Pro", "min_xp": 100, "reward_points": 30}),
        ),
        member(),
    )
    assert send(eng, state, "act", "2026-01-01T00:00:00", 1, xp=100).points == 30
    state.level = None  # the re-qualification job stepped the member down
    again = send(eng, state, "act", "2026-01-02T00:00:00", 2, xp=1)
    assert again.level is not None and again.points == 0


def test_level_multiplier_applies_to_rules_that_ask_for_it() -> None:
    eng, state = (
        engine(
            (Kind.RULE, {"key": "buy", "event_type": "buy", "points": "10", "level_multiplier": True}),
            (Kind.RULE, {"key": "flat", "event_type": "buy", "points": "1"}),
            (Kind.LEVEL, {"key": "gold", "name": "Gold", "min_points": 0, "multiplier": 1.5}),
        ),
        member(),
    )
    send(eng, state, "buy", "2026-01-01T00:00:00", 1)
    assert send(eng, state, "buy", "2026-01-01T00:00:00", 2).points == 15 + 1


def test_member_condition_and_all_of_badges_follow_the_member() -> None:
    eng, state = (
        engine(
            (Kind.RULE, {"key": "post", "event_type": "post", "points": "40"}),
            (Kind.BADGE, {"key": "rich", "name": "Rich", "criteria": {"condition": "member.points >= 100"}}),
            (Kind.BADGE, {"key": "poster", "name": "Poster", "criteria": {"event_type": "post", "count": 1}}),
            (Kind.BADGE, {"key": "both", "name": "Both", "criteria": {"all_of": ["rich", "poster"]}}),
        ),
        member(),
    )
    assert badge_keys(send(eng, state, "post", "2026-01-01T00:00:00", 1)) == ["poster"]
    send(eng, state, "post", "2026-01-01T00:00:00", 2)
    assert badge_keys(send(eng, state, "post", "2026-01-01T00:00:00", 3)) == ["rich", "both"]


def test_ordered_quest_only_counts_the_next_step() -> None:
    eng, state = (
        engine(
            (
                Kind.QUEST,
                {
                    "key": "onboard",
                    "name": "Onboarding",
                    "ordered": True,
                    "points": 20,
                    "steps": [{"event_type": "signup"}, {"event_type": "profile"}, {"event_type": "post", "count": 2}],
                },
            ),
        ),
        member(),
    )
    assert send(eng, state, "profile", "2026-01-01T00:00:00", 1).quests == []
    send(eng, state, "signup", "2026-01-01T00:00:00", 2)
    send(eng, state, "profile", "2026-01-01T00:00:00", 3)
    send(eng, state, "post", "2026-01-01T00:00:00", 4)
    done = send(eng, state, "post", "2026-01-01T00:00:00", 5)
    assert done.quests[0]["status"] == "completed" and done.points == 20
    assert send(eng, state, "post", "2026-01-01T00:00:00", 6).quests == []


def test_quest_window_restarts_progress_that_took_too_long() -> None:
    eng, state = (
        engine(
            (
                Kind.QUEST,
                {
                    "key": "sprint",
                    "name": "Sprint",
                    "window_days": 2,
                    "steps": [{"event_type": "a"}, {"event_type": "b"}],
                },
            ),
        ),
        member(),
    )
    send(eng, state, "a", "2026-01-01T00:00:00", 1)
    late = send(eng, state, "b", "2026-01-04T00:00:00", 2)
    assert late.quests == [{"key": "sprint", "status": "in_progress", "progress": 1, "max_progress": 2}]
    assert send(eng, state, "a", "2026-01-05T00:00:00", 3).quests[0]["status"] == "completed"


def test_penalty_stops_at_zero_and_reports_what_it_could_not_take() -> None:
    eng, state = (
        engine(
            (Kind.RULE, {"key": "post", "event_type": "post", "points": "30", "xp": "5"}),
            (Kind.RULE, {"key": "ban", "event_type": "ban", "points": "-50", "xp": "-20"}),
        ),
        member(),
    )
    send(eng, state, "post", "2026-01-01T00:00:00", 1)
    banned = send(eng, state, "ban", "2026-01-01T00:00:00", 2)
    assert (banned.points, banned.xp) == (-30, -5)
    assert banned.uncollected == {"points": 20, "xp": 15}
    assert (state.available, state.xp) == (0, 0)


def test_quest_reward_badge_and_notifications() -> None:
    eng, state = (
        engine(
            (Kind.BADGE, {"key": "hero", "name": "Hero", "criteria": {"condition": "false"}}),
            (Kind.QUEST, {"key": "q", "name": "Q", "badge": "hero", "steps": [{"event_type": "x"}]}),
        ),
        member(),
    )
    outcome = send(eng, state, "x", "2026-01-01T00:00:00", 1)
    assert badge_keys(outcome) == ["hero"]
    assert [kind for kind, _ in outcome.notifications] == ["quest.completed", "badge.awarded"]


def test_unknown_property_skips_the_rule_and_says_why() -> None:
    eng, state = engine((Kind.RULE, {"key": "amt", "event_type": "buy", "points": "event.amount"})), member()
    outcome = send(eng, state, "buy", "2026-01-01T00:00:00", 1)
    assert outcome.points == 0 and outcome.errors[0]["rule"] == "amt"


def test_days_since_joined_is_visible_to_member_conditions() -> None:
    eng, state = (
        engine(
            (
                Kind.BADGE,
                {"key": "veteran", "name": "Veteran", "criteria": {"condition": "member.days_since_joined >= 365"}},
            ),
        ),
        member(),
    )
    later = JOINED + timedelta(days=400)
    assert badge_keys(eng.evaluate(EventFacts("v", "any", {}, "m", later), state)) == ["veteran"]


def test_a_rolling_tier_counts_points_of_the_window() -> None:
    eng, state = (
        engine(
            (Kind.RULE, {"key": "buy", "event_type": "buy", "points": "event.amount"}),
            (Kind.LEVEL, {"key": "gold", "name": "Gold", "min_rolling_points": 100}),
        ),
        member(),
    )
    state.lifetime = 10_000  # a long history does not count: only the window does
    assert send(eng, state, "buy", "2026-01-01T00:00:00", 1, amount=60).level is None
    assert send(eng, state, "buy", "2026-01-02T00:00:00", 2, amount=40).level == {
        "key": "gold",
        "name": "Gold",
        "previous": None,
    }


def test_one_failing_expression_among_many_fails_only_its_rule() -> None:
    """A rulebook's expressions run as one program per event; one that fails on an event must not take the others
    with it, and a points expression behind a false condition is not an error (it is never judged alone)."""
    eng = engine(
        (Kind.RULE, {"key": "good", "event_type": "buy", "points": "event.amount * 2"}),
        (Kind.RULE, {"key": "bad", "event_type": "buy", "points": "event.missing * 2"}),
        (Kind.RULE, {"key": "guarded", "event_type": "buy", "condition": "has(event.tip)", "points": "event.tip"}),
        (Kind.BADGE, {"key": "big", "name": "Big", "criteria": {"event_type": "buy", "condition": "event.amount > 5"}}),
    )
    state = member()
    outcome = send(eng, state, "buy", "2026-01-01T10:00:00", amount=10)
    assert outcome.points == 20 and [e["rule"] for e in outcome.errors] == ["bad"]
    assert [r["key"] for r in outcome.rules] == ["good"] and badge_keys(outcome) == ["big"]
    outcome = send(eng, state, "buy", "2026-01-02T10:00:00", 1, amount=1, tip=3, missing=1)
    assert outcome.points == 7 and not outcome.errors


def test_one_failing_member_condition_fails_only_its_badge() -> None:
    """Member-level badge conditions run as one program too: one that fails leaves the others judged alone."""
    eng = engine(
        (Kind.BADGE, {"key": "rich", "name": "Rich", "criteria": {"condition": "member.points >= 0"}}),
        (Kind.BADGE, {"key": "odd", "name": "Odd", "criteria": {"condition": "member.attributes.tier == 'gold'"}}),
    )
    outcome = send(eng, member(), "any", "2026-01-01T10:00:00")
    assert badge_keys(outcome) == ["rich"] and {e["rule"] for e in outcome.errors} == {"badge:odd"}


def test_a_sum_of_the_wrong_type_is_reported_against_its_badge() -> None:
    eng = engine(
        (Kind.RULE, {"key": "buy", "event_type": "buy", "points": "event.amount"}),
        (
            Kind.BADGE,
            {"key": "s", "name": "S", "criteria": {"event_type": "buy", "sum": "int(event.note)", "at_least": 5}},
        ),
    )
    outcome = send(eng, member(), "buy", "2026-01-01T10:00:00", amount=3, note="x")
    assert outcome.points == 3 and [e["rule"] for e in outcome.errors] == ["badge:s"]
