"""Ingestion reads what a batch's members owe only in a tenant flagged as having debt (`ledger.debts_scope`); debt
recorded before that flag existed is still found, and paid off first from the next points."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete
from sqlmodel import Session, SQLModel

from achievements.catalog import save_definition
from achievements.definitions import Kind, RuleSpec
from achievements.ingest import EventInput, ingest_events
from core import stamps
from core.db import create_db_engine, run_in_transaction, unit_of_work
from core.tenancy import Tenant, create_tenant, resolve_member_ids
from wallets import ledger
from wallets.accounts import member_available, member_debt, program_issued
from wallets.ledger import Entry, TransactionSpec
from wallets.ledger import Kind as LedgerKind
from wallets.programs import resolve_program


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('debt') / 'laurel.db'}"
    else:
        url = request.getfixturevalue("pg_database_url")
    engine = create_db_engine(url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _tenant_with_cashback(session: Session) -> Tenant:
    tenant, _ = create_tenant(session, "t")
    rule = RuleSpec(key="cashback", event_type="buy", points="event.amount")
    save_definition(session, tenant.id, Kind.RULE, rule, replace=False)
    return tenant


def _tenant_owing(engine: Engine, owed: int, *, flagged: bool) -> str:
    """A tenant with a cashback rule whose member ann owes `owed` points (a return took back points she spent)."""
    with unit_of_work(engine) as session:
        tenant = _tenant_with_cashback(session)
        program = resolve_program(session, tenant.id, None)
        assert program.id is not None
        ann = resolve_member_ids(session, tenant.id, {"ann"})["ann"]
        debt = TransactionSpec(
            program_id=program.id,
            kind=LedgerKind.REVERSAL,
            idempotency_key="return",
            entries=(Entry(member_debt(ann), -owed), Entry(program_issued(program.id), owed)),
        )
        ledger.post_many(session, tenant.id, [debt])
        if not flagged:  # as a database from before the flag holds it
            session.execute(delete(stamps.CacheStamp).where(stamps.CacheStamp.scope == ledger.debts_scope(tenant.id)))
    return tenant.id


@pytest.mark.parametrize("flagged", [True, False])
def test_earnings_pay_off_debt_first(engine: Engine, flagged: bool) -> None:
    tenant_id = _tenant_owing(engine, 30, flagged=flagged)
    with unit_of_work(engine, read_only=True) as session:
        assert bool(stamps.read(session, ledger.debts_scope(tenant_id))) is flagged
    events = [EventInput(id=f"e{n}", member="ann", type="buy", properties={"amount": 20}) for n in range(2)]
    outcome = run_in_transaction(engine, lambda s: ingest_events(s, tenant_id, events))
    assert [r.effects and r.effects.get("debt_settled") for r in outcome.results] == [20, 10]
    with unit_of_work(engine, read_only=True) as session:
        program = resolve_program(session, tenant_id, None)
        assert program.id is not None
        ann = resolve_member_ids(session, tenant_id, {"ann"})["ann"]
        held = ledger.balances(session, tenant_id, program.id, [member_available(ann), member_debt(ann)])
        assert (held[member_available(ann)].balance, held[member_debt(ann)].balance) == (10, 0)
        assert ledger.verify(session, tenant_id) == []


def test_a_tenant_without_debt_is_not_flagged(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        tenant = _tenant_with_cashback(session)
    event = EventInput(id="e", member="ann", type="buy", properties={"amount": 20})
    outcome = run_in_transaction(engine, lambda s: ingest_events(s, tenant.id, [event]))
    assert outcome.results[0].effects is not None and "debt_settled" not in outcome.results[0].effects
    with unit_of_work(engine, read_only=True) as session:
        assert stamps.read(session, ledger.debts_scope(tenant.id)) == 0
