"""A subscription's multiplier in the engine: positive rule points only, with the level multiplier, floored."""

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from achievements.catalog import rulebook_from_specs
from achievements.definitions import Kind, LevelSpec, RuleSpec, Spec
from achievements.engine import Engine, EventFacts
from achievements.state import MemberState

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def engine(*specs: tuple[Kind, dict[str, Any]]) -> Engine:
    types: dict[Kind, type[Spec]] = {Kind.RULE: RuleSpec, Kind.LEVEL: LevelSpec}
    return Engine(rulebook_from_specs([(kind, types[kind].model_validate(body)) for kind, body in specs]), UTC)


def subscriber(multiplier: float, available: int = 0) -> MemberState:
    state = MemberState(member_id=1, external_id="m", attributes={}, joined_at=NOW, available=available)
    state.benefit_multiplier = multiplier
    return state


def send(eng: Engine, state: MemberState, kind: str, n: int = 0) -> int:
    return eng.evaluate(EventFacts(f"e{n}", kind, {}, "m", NOW), state).points


def test_the_multiplier_floors_exactly_and_spares_penalties() -> None:
    eng = engine(
        (Kind.RULE, {"key": "buy", "event_type": "buy", "points": "100"}),
        (Kind.RULE, {"key": "ban", "event_type": "ban", "points": "-40"}),
    )
    state = subscriber(1.15)
    assert send(eng, state, "buy", 1) == 115  # binary floats would give 114.99999999999999
    assert send(eng, state, "ban", 2) == -40


def test_the_level_multiplier_and_the_subscription_multiply() -> None:
    eng = engine(
        (Kind.RULE, {"key": "buy", "event_type": "buy", "points": "10", "level_multiplier": True}),
        (Kind.LEVEL, {"key": "gold", "name": "Gold", "min_points": 0, "multiplier": 1.5}),
    )
    state = subscriber(2.0)
    send(eng, state, "buy", 1)  # reaches gold
    assert send(eng, state, "buy", 2) == 30


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from([1.0, 1.1, 1.25, 1.5, 2.0, 3.0]))
def test_the_multiplier_never_takes_points_away(points: int, multiplier: float) -> None:
    eng = engine((Kind.RULE, {"key": "buy", "event_type": "buy", "points": str(points)}))
    awarded = send(eng, subscriber(multiplier), "buy")
    assert points <= awarded <= points * multiplier
