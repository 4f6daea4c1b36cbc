"""Any sequence of capped events, manual adjustments and spends, on SQLite and PostgreSQL: every ledger
transaction balances, balances match their postings, no available balance goes below zero, and no member earns
more from a capped rule in a day than its cap."""

import contextlib
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from achievements.adjustments import adjust_points
from achievements.catalog import save_definition
from achievements.definitions import Kind, RuleSpec
from achievements.ingest import EventInput, ingest_events
from core import migrate
from core.db import engine_from_settings, run_in_transaction, unit_of_work
from core.errors import InsufficientPoints
from core.settings import Settings
from core.tenancy import create_tenant, get_member, upsert_member
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, TransactionSpec
from wallets.programs import resolve_program, update_program_settings

START = datetime(2026, 3, 2, 12, tzinfo=UTC)
DAILY_CAP, PROGRAM_CAP = 50, 70
MEMBERS = ("ann", "bob")
operation = st.one_of(
    st.tuples(st.just("event"), st.sampled_from(MEMBERS), st.integers(0, 2), st.integers(1, 40)),
    st.tuples(st.just("adjust"), st.sampled_from(MEMBERS), st.just(0), st.integers(-60, 60).filter(bool)),
    st.tuples(st.just("spend"), st.sampled_from(MEMBERS), st.just(0), st.integers(1, 60)),
)
_tenants = count()


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    engine = engine_from_settings(settings)
    migrate.upgrade(engine)
    return engine


def _program(engine: Engine) -> tuple[str, int]:
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, f"caps-{next(_tenants)}")
        program = resolve_program(session, tenant.id)
        assert program.id is not None
        update_program_settings(session, tenant.id, "default", {"cap": {"points": PROGRAM_CAP, "per": "day"}})
        rules = [
            RuleSpec.model_validate(
                {
                    "key": "buy",
                    "event_type": "buy",
                    "points": "event.amount",
                    "cap": {"points": DAILY_CAP, "per": "day"},
                }
            ),
            RuleSpec(key="bonus", event_type="buy", points="5"),
        ]
        for rule in rules:
            save_definition(session, tenant.id, Kind.RULE, rule, replace=False)
        for member in MEMBERS:
            upsert_member(session, tenant.id, member)
        return tenant.id, program.id


@hypothesis_settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=25))
def test_adjustments_and_capped_events_keep_the_ledger_balanced(
    engine: Engine, operations: list[tuple[str, str, int, int]]
) -> None:
    tenant_id, program_id = _program(engine)
    earned: dict[tuple[str, int], int] = defaultdict(int)
    by_rule: dict[tuple[str, int], int] = defaultdict(int)
    for number, (kind, member, day, amount) in enumerate(operations):
        if kind == "event":
            moment = START + timedelta(days=day)
            event = EventInput(f"e{number}", member, "buy", {"amount": amount}, occurred_at=moment)
            outcome = run_in_transaction(engine, lambda s, e=event: ingest_events(s, tenant_id, [e]))
            effects = outcome.results[0].effects
            assert effects is not None
            assert effects["points"] <= PROGRAM_CAP
            earned[(member, day)] += effects["points"]
            by_rule[(member, day)] += sum(rule["points"] for rule in effects["rules"] if rule["key"] == "buy")
        elif kind == "adjust":
            try:
                run_in_transaction(
                    engine,
                    lambda s, m=member, n=number, a=amount: adjust_points(
                        s, tenant_id, m, award_id=f"a{n}", points=a, reason="property", program=None, actor="test"
                    ),
                )
            except InsufficientPoints as exc:
                assert exc.extra["available"] < -amount
        else:
            with contextlib.suppress(InsufficientPoints):
                run_in_transaction(
                    engine, lambda s, m=member, n=number, a=amount: _spend(s, tenant_id, program_id, m, n, a)
                )
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session, tenant_id) == []
        for row in ledger.balances(session, tenant_id, program_id, _member_accounts(session, tenant_id)).values():
            assert row.balance >= 0
    assert all(points <= PROGRAM_CAP for points in earned.values())
    assert all(points <= DAILY_CAP for points in by_rule.values())


def _member_accounts(session: Session, tenant_id: str) -> list[str]:
    ids = [get_member(session, tenant_id, m).id for m in MEMBERS]
    return [member_available(i) for i in ids if i is not None]


def _spend(session: Session, tenant_id: str, program_id: int, member: str, number: int, amount: int) -> None:
    member_id = get_member(session, tenant_id, member).id
    assert member_id is not None
    entries = (Entry(member_available(member_id), -amount), Entry(program_issued(program_id), amount))
    ledger.post(session, tenant_id, TransactionSpec(program_id, ledger.Kind.SPEND, f"s{number}", entries))
