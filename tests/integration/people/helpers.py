"""Shared steps of the people tests: members with points, program settings, a dated engine, the ledger check."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx
from sqlalchemy import Engine

from core.db import unit_of_work
from core.tenancy import get_member
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import resolve_program


def configure(client: httpx.Client, auth: dict[str, str], **settings: object) -> None:
    response = client.patch("/v1/programs/default", json={"settings": settings}, headers=auth)
    assert response.status_code == 200, response.text


def member(client: httpx.Client, auth: dict[str, str], external_id: str, **attributes: object) -> None:
    assert client.post("/v1/members", json={"external_id": external_id}, headers=auth).status_code in (200, 201)
    if attributes:
        response = client.patch(f"/v1/members/{external_id}", json={"attributes": attributes}, headers=auth)
        assert response.status_code == 200, response.text


def earn(engine: Engine, tenant_id: str, external_id: str, points: int, at: datetime, key: str) -> None:
    with unit_of_work(engine) as session:
        member_id = get_member(session, tenant_id, external_id).id
        program_id = resolve_program(session, tenant_id).id
        assert member_id is not None and program_id is not None
        ledger.post(
            session,
            tenant_id,
            TransactionSpec(
                program_id=program_id,
                kind=Kind.EARN,
                idempotency_key=key,
                entries=(Entry(member_available(member_id), points), Entry(program_issued(program_id), -points)),
                created_at=at,
            ),
        )


def available(client: httpx.Client, auth: dict[str, str], external_id: str) -> int:
    return int(client.get(f"/v1/members/{external_id}/balance", headers=auth).json()["available"])


def assert_ledger_matches_balances(engine: Engine) -> None:
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session) == []


@contextmanager
def ledger_checked_throughout(engine: Engine) -> Iterator[None]:
    """While the block runs, a thread re-derives every balance from postings again and again; any drift fails. On
    PostgreSQL the check reads one snapshot (repeatable read): under read committed, a transaction committing between
    its two queries would look like drift."""
    done = threading.Event()
    drifts: list[object] = []
    snapshot = (
        engine.execution_options(isolation_level="REPEATABLE READ") if engine.dialect.name == "postgresql" else engine
    )

    def check() -> None:
        while not done.is_set():
            with unit_of_work(snapshot, read_only=True) as session:
                drifts.extend(ledger.verify(session))

    checker = threading.Thread(target=check)
    checker.start()
    try:
        yield
    finally:
        done.set()
        checker.join()
    assert not drifts, drifts[:5]
    assert_ledger_matches_balances(engine)
