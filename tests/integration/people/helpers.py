"""Shared steps of the people tests: members with points, program settings, a dated engine, the ledger check."""

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
