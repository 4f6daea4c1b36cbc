"""Programs: each is a point currency with its own ledger accounts. Every tenant has `default` from the start."""

from sqlalchemy import select
from sqlmodel import Session, col

from core.db import upsert_dialect
from core.errors import NotFound
from core.types import utcnow
from wallets.models import Program

DEFAULT_PROGRAM = "default"


def resolve_program(session: Session, tenant_id: str, key: str | None = None) -> Program:
    """The tenant's program by key; `default` is created on first use, so a new tenant needs no setup."""
    key = key or DEFAULT_PROGRAM
    program = _find(session, tenant_id, key)
    if program is None and key == DEFAULT_PROGRAM:
        session.execute(
            upsert_dialect(session.get_bind())
            .insert(Program)
            .values(
                tenant_id=tenant_id,
                key=DEFAULT_PROGRAM,
                name="Default program",
                symbol="PTS",
                decimals=0,
                status="active",
                settings={},
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "key"])
        )
        program = _find(session, tenant_id, key)
    if program is None:
        raise NotFound(f"program {key!r} not found")
    return program


def _find(session: Session, tenant_id: str, key: str) -> Program | None:
    return session.scalar(select(Program).where(col(Program.tenant_id) == tenant_id, col(Program.key) == key))
