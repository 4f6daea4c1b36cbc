"""Replaying any event sequence, or cutting it into batches any way, awards exactly what sending it once did."""

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlmodel import SQLModel, col

from achievements.catalog import save_definition
from achievements.definitions import BadgeSpec, Kind, LevelSpec, QuestSpec, RuleSpec
from achievements.ingest import EventInput, ingest_events
from achievements.models import MemberBadge, MemberStats
from core.db import create_db_engine, run_in_transaction, unit_of_work
from core.tenancy import Member, create_tenant
from wallets import ledger

START = datetime(2026, 1, 1, tzinfo=UTC)
event_strategy = st.tuples(
    st.sampled_from(["ann", "bob"]),
    st.sampled_from(["post", "like", "ban"]),
    st.integers(min_value=0, max_value=6),  # day offset
    st.integers(min_value=1, max_value=60),  # amount
)


def setup(path: Path) -> tuple[Engine, str]:
    engine = create_db_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "t")
        specs = [
            (Kind.RULE, RuleSpec(key="post", event_type="post", points="event.amount", xp="1")),
            (Kind.RULE, RuleSpec(key="ban", event_type="ban", points="-25", xp="-3")),
            (
                Kind.BADGE,
                BadgeSpec.model_validate(
                    {"key": "poster", "name": "P", "points": 5, "criteria": {"event_type": "post", "count": 3}}
                ),
            ),
            (
                Kind.BADGE,
                BadgeSpec.model_validate(
                    {"key": "streak", "name": "S", "criteria": {"event_type": "like", "streak_days": 2}}
                ),
            ),
            (
                Kind.QUEST,
                QuestSpec.model_validate(
                    {"key": "q", "name": "Q", "points": 7, "steps": [{"event_type": "post"}, {"event_type": "like"}]}
                ),
            ),
            (Kind.LEVEL, LevelSpec(key="l1", name="L1", min_points=50, reward_points=3)),
        ]
        for kind, spec in specs:
            save_definition(session, tenant.id, kind, spec, replace=False)
    return engine, tenant.id


def snapshot(engine: Engine, tenant_id: str) -> dict[str, Any]:
    """Everything awarded, by external id (internal ids depend on the order members were first seen)."""
    with unit_of_work(engine, read_only=True) as session:
        name = {m.id: m.external_id for m in session.scalars(select(Member))}

        def account(text: str) -> str:
            parts = text.split(":")
            return f"member:{name[int(parts[1])]}:{parts[2]}" if parts[0] == "member" else parts[0]

        balances = {
            account(b.account): (b.balance, b.lifetime)
            for b in session.scalars(select(ledger.Balance).where(col(ledger.Balance.tenant_id) == tenant_id))
        }
        badges = sorted((name[b.member_id], b.badge, b.period) for b in session.scalars(select(MemberBadge)))
        stats = sorted(
            (name[s.member_id], s.xp, s.events, s.level, sorted(s.counters.items()), sorted(s.quests.items()))
            for s in session.scalars(select(MemberStats))
        )
        assert ledger.verify(session, tenant_id) == []
    return {"balances": balances, "badges": badges, "stats": stats}


def send(engine: Engine, tenant_id: str, events: list[EventInput]) -> None:
    run_in_transaction(engine, lambda s: ingest_events(s, tenant_id, events))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.lists(event_strategy, min_size=1, max_size=15), cuts=st.lists(st.integers(1, 14), max_size=4))
def test_replays_and_batch_splits_award_the_same(tmp_path_factory, raw, cuts) -> None:  # type: ignore[no-untyped-def]
    events = [
        EventInput(id=f"e{i}", member=m, type=t, properties={"amount": a}, occurred_at=START + timedelta(days=d))
        for i, (m, t, d, a) in enumerate(raw)
    ]
    once_engine, once_tenant = setup(tmp_path_factory.mktemp("once") / "db.sqlite")
    for event in events:
        send(once_engine, once_tenant, [event])
    expected = snapshot(once_engine, once_tenant)

    split_engine, split_tenant = setup(tmp_path_factory.mktemp("split") / "db.sqlite")
    bounds = sorted({0, len(events), *(c for c in cuts if c < len(events))})
    for start, end in itertools.pairwise(bounds):
        send(split_engine, split_tenant, events[start:end])
    send(split_engine, split_tenant, events)  # a full replay on top
    send(split_engine, split_tenant, list(reversed(events)))  # and another, in any order
    got = snapshot(split_engine, split_tenant)

    assert got == expected
    once_engine.dispose()
    split_engine.dispose()
