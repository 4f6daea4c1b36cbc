"""Dated ledger moves for expiry, reminder and KPI tests: what an earn or a spend on a given day leaves behind."""

from datetime import datetime

from sqlalchemy import Engine

from core.db import unit_of_work
from core.tenancy import get_member
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import resolve_program


def move_points(engine: Engine, tenant_id: str, member: str, amount: int, at: datetime, key: str) -> None:
    """A credit (earn, `amount` > 0) or debit (spend) of the member's available points in the default program, dated
    `at`."""
    with unit_of_work(engine) as session:
        member_id = get_member(session, tenant_id, member).id
        program_id = resolve_program(session, tenant_id).id
        assert member_id is not None and program_id is not None
        ledger.post(
            session,
            tenant_id,
            TransactionSpec(
                program_id=program_id,
                kind=Kind.EARN if amount > 0 else Kind.SPEND,
                idempotency_key=key,
                entries=(Entry(member_available(member_id), amount), Entry(program_issued(program_id), -amount)),
                created_at=at,
            ),
        )
