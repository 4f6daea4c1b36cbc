"""Any sequence of events, full and partial returns and spends keeps every ledger transaction balanced and no member
balance below zero; returning every event leaves points, counters and leaderboard scores as if none had happened
(debt aside: points already spent stay owed). On both databases, with and without a return window."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlmodel import col

import notifications  # noqa: F401  (registers the notice outbox that ingestion and returns publish to)
from achievements.catalog import save_definition
from achievements.definitions import BadgeSpec, Kind, LeaderboardSpec, RuleSpec
from achievements.ingest import EventInput, ingest_events
from achievements.models import EventReversal, LeaderboardScore, MemberBadge, MemberStats
from achievements.reversals import ReversalInput, reverse_event
from core import migrate
from core.db import create_db_engine, run_in_transaction, unit_of_work
from core.errors import InsufficientPoints, InvalidInput
from core.settings import Settings
from core.tenancy import Member, create_tenant
from wallets import ledger
from wallets.accounts import program_issued
from wallets.models import Balance
from wallets.programs import resolve_program
from wallets.service import member_balance

START = datetime.now(UTC) - timedelta(days=3)
MEMBERS = ("ann", "bob")
action = st.one_of(
    st.tuples(st.just("event"), st.sampled_from(MEMBERS), st.sampled_from(["buy", "buy", "ban"]), st.integers(1, 80)),
    st.tuples(st.just("return"), st.integers(0, 30), st.one_of(st.none(), st.integers(1, 60)), st.just(0)),
    st.tuples(st.just("spend"), st.sampled_from(MEMBERS), st.just(""), st.integers(1, 60)),
)


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    engine = create_db_engine(settings.effective_database_url)
    migrate.upgrade(engine)  # the migrations, this branch's 0021 among them, as the app would run them
    return engine


def new_program(engine: Engine, window: int) -> tuple[str, int]:
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "t")
        program = resolve_program(session, tenant.id, None)
        assert program.id is not None
        program.settings = {**program.settings, "pending_days": window}
        specs: list[tuple[Kind, Any]] = [
            (Kind.RULE, RuleSpec(key="buy", event_type="buy", points="event.amount", xp="1")),
            (Kind.RULE, RuleSpec(key="ban", event_type="ban", points="-30")),
            (Kind.LEADERBOARD, LeaderboardSpec(key="pts", name="Points")),
            (Kind.LEADERBOARD, LeaderboardSpec(key="n", name="Events", metric="events")),
        ]
        for badge in (
            {"key": "two", "name": "2", "points": 5, "criteria": {"event_type": "buy", "count": 2}},
            {
                "key": "big",
                "name": "B",
                "points": 7,
                "criteria": {"event_type": "buy", "sum": "event.amount", "at_least": 90},
            },
        ):
            specs.append((Kind.BADGE, BadgeSpec.model_validate({**badge, "revoke_on_reversal": True})))
        for kind, spec in specs:
            save_definition(session, tenant.id, kind, spec, replace=False)
        return tenant.id, program.id


def spend(engine: Engine, tenant_id: str, program_id: int, member: str, points: int) -> int:
    def work(session: Any) -> int:
        found = session.scalar(
            select(Member).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == member)
        )
        if found is None:
            return 0
        spec = ledger.TransactionSpec(
            program_id=program_id,
            kind=ledger.Kind.SPEND,
            idempotency_key=f"spend:{datetime.now(UTC).timestamp()}:{member}:{points}",
            entries=(
                ledger.Entry(f"member:{found.id}:available", -points),
                ledger.Entry(program_issued(program_id), points),
            ),
        )
        try:
            with session.begin_nested():
                ledger.post_many(session, tenant_id, [spec])
        except InsufficientPoints:
            return 0
        return points

    return run_in_transaction(engine, work)


def check_ledger(engine: Engine, tenant_id: str) -> None:
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session, tenant_id) == []
        negative = session.scalars(
            select(Balance).where(
                col(Balance.tenant_id) == tenant_id, col(Balance.account).like("member:%"), col(Balance.balance) < 0
            )
        ).all()
        assert negative == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=14), window=st.sampled_from([0, 7]))
def test_returning_everything_undoes_everything_but_debt(engine: Engine, actions: list[Any], window: int) -> None:
    tenant_id, program_id = new_program(engine, window)
    events: list[str] = []
    spent = dict.fromkeys(MEMBERS, 0)
    for n, (kind, first, second, amount) in enumerate(actions):
        if kind == "event":
            event = EventInput(
                id=f"e{n}",
                member=first,
                type=second,
                properties={"amount": amount},
                occurred_at=START + timedelta(hours=n),
            )
            run_in_transaction(engine, lambda s, e=event: ingest_events(s, tenant_id, [e]))
            events.append(event.id)
        elif kind == "return" and events:
            target = events[first % len(events)]
            request = ReversalInput(f"r{n}", target, None if second is None else {"amount": second})
            try:
                run_in_transaction(engine, lambda s, r=request: reverse_event(s, tenant_id, r))
            except (InvalidInput, Exception) as exc:  # more than is left, a return of a penalty's amount, or twice
                assert exc.__class__.__name__ in ("InvalidInput", "Conflict"), exc
        elif kind == "spend":
            spent[first] += spend(engine, tenant_id, program_id, first, amount)
        check_ledger(engine, tenant_id)
    with unit_of_work(engine, read_only=True) as session:
        full = {
            r.event_id
            for r in session.scalars(select(EventReversal).where(col(EventReversal.tenant_id) == tenant_id))
            if r.properties is None
        }
    for event_id in events:
        if event_id not in full:
            request = ReversalInput(f"all-{event_id}", event_id)
            run_in_transaction(engine, lambda s, r=request: reverse_event(s, tenant_id, r))
    check_ledger(engine, tenant_id)
    with unit_of_work(engine, read_only=True) as session:
        for member in session.scalars(select(Member).where(col(Member.tenant_id) == tenant_id)):
            assert member.id is not None
            balance = member_balance(session, tenant_id, program_id, member.id)
            assert balance.available + balance.pending - balance.debt == -spent[member.external_id]
            assert balance.lifetime == 0
            stats = session.get(MemberStats, (member.id, program_id))
            assert stats is not None
            assert stats.events == 0 and stats.xp == 0
            assert all(value == 0 for value in stats.counters.values()), stats.counters
        assert session.scalars(select(MemberBadge).where(col(MemberBadge.tenant_id) == tenant_id)).all() == []
        scores = session.scalars(select(LeaderboardScore).where(col(LeaderboardScore.tenant_id) == tenant_id)).all()
        assert [s.score for s in scores if s.score] == []
