"""Ledger invariants under any sequence of operations: every transaction balances, no member goes below zero,
and every cached balance equals the sum of its postings."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import SQLModel

from core.db import create_db_engine, unit_of_work
from core.errors import Conflict, InsufficientPoints
from core.tenancy import create_tenant
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import resolve_program

MEMBERS = [1, 2, 3]
operation = st.tuples(
    st.sampled_from(["earn", "spend", "transfer", "replay"]),
    st.sampled_from(MEMBERS),
    st.sampled_from(MEMBERS),
    st.integers(min_value=1, max_value=500),
)


def make_engine(path: Path) -> Engine:
    engine = create_db_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    return engine


def spec(program_id: int, kind: Kind, key: str, *entries: tuple[str, int]) -> TransactionSpec:
    return TransactionSpec(
        program_id=program_id, kind=kind, idempotency_key=key, entries=tuple(Entry(a, n) for a, n in entries)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=25))
def test_any_sequence_of_operations_keeps_the_ledger_sound(tmp_path_factory, operations) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(tmp_path_factory.mktemp("ledger") / "l.db")
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "t")
        program = resolve_program(session, tenant.id)
        for member in MEMBERS:  # member rows for the account names' ids
            session.execute(
                SQLModel.metadata.tables["members"]
                .insert()
                .values(
                    id=member,
                    tenant_id=tenant.id,
                    external_id=f"m{member}",
                    attributes={},
                    created_at=tenant.created_at,
                )
            )
    assert program.id is not None
    pid, issued = program.id, program_issued(program.id)
    expected = dict.fromkeys(MEMBERS, 0)
    last_key = None
    for number, (kind, member, other, amount) in enumerate(operations):
        a, b = member_available(member), member_available(other)
        specs = {
            "earn": spec(pid, Kind.EARN, f"op{number}", (a, amount), (issued, -amount)),
            "spend": spec(pid, Kind.SPEND, f"op{number}", (a, -amount), (issued, amount)),
            "transfer": spec(pid, Kind.ADJUST, f"op{number}", (a, -amount), (b, amount)),
        }
        chosen = specs.get(kind)
        if chosen is None:  # replay the previous transaction: must change nothing
            if last_key is None:
                continue
            chosen = last_key
        try:
            with unit_of_work(engine) as session:
                ledger.post(session, tenant.id, chosen)
        except (InsufficientPoints, Conflict):
            continue
        if kind != "replay":
            last_key = chosen
            for entry in chosen.entries:
                if entry.account.startswith("member:"):
                    expected[int(entry.account.split(":")[1])] += entry.amount
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session) == []
        cached = ledger.balances(session, tenant.id, pid, [member_available(m) for m in MEMBERS])
        total = ledger.balances(session, tenant.id, pid, [issued])
    for member in MEMBERS:
        held = cached[member_available(member)].balance if member_available(member) in cached else 0
        assert held == expected[member]
        assert held >= 0
    assert sum(expected.values()) + (total[issued].balance if issued in total else 0) == 0
    engine.dispose()


def test_unbalanced_transactions_cannot_be_built() -> None:
    import pytest

    from core.errors import UnbalancedTransaction

    with pytest.raises(UnbalancedTransaction):
        spec(1, Kind.EARN, "k", ("member:1:available", 5), ("program:1:issued", -4))
