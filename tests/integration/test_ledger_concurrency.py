"""Concurrent spends never overdraw, on SQLite and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

from core import migrate
from core.db import engine_from_settings, run_in_transaction, unit_of_work
from core.errors import InsufficientPoints
from core.settings import Settings
from core.tenancy import create_tenant, upsert_member
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import resolve_program


def test_concurrent_spends_never_overdraw(settings: Settings) -> None:
    engine = engine_from_settings(settings)
    migrate.upgrade(engine)
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "spenders")
        member, _ = upsert_member(session, tenant.id, "spender")
        program = resolve_program(session, tenant.id)
        assert member.id is not None and program.id is not None
        account, issued = member_available(member.id), program_issued(program.id)
        ledger.post(
            session,
            tenant.id,
            TransactionSpec(program.id, Kind.EARN, "grant", (Entry(account, 100), Entry(issued, -100))),
        )

    def spend(n: int) -> bool:
        spec = TransactionSpec(
            program.id,
            Kind.SPEND,
            f"spend-{n}",  # type: ignore[arg-type]
            (Entry(account, -10), Entry(issued, 10)),
        )
        try:
            run_in_transaction(engine, lambda s: ledger.post(s, tenant.id, spec))
        except InsufficientPoints:
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(spend, range(25)))
    assert outcomes.count(True) == 10
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.balances(session, tenant.id, program.id, [account])[account].balance == 0
        assert ledger.verify(session, tenant.id) == []
    engine.dispose()
