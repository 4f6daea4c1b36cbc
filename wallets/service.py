"""The wallets package's public face: member balances and ledger history, custody, ledger checks."""

from dataclasses import dataclass

from sqlmodel import Session

from wallets import ledger
from wallets.accounts import member_available, member_pending
from wallets.custody import member_wallets
from wallets.keystore import KeyStore
from wallets.ledger import PostingView
from wallets.programs import resolve_program

__all__ = ["KeyStore", "MemberBalance", "member_balance", "member_history", "member_wallets", "resolve_program"]


@dataclass(frozen=True)
class MemberBalance:
    available: int
    pending: int
    lifetime: int


def member_balance(session: Session, tenant_id: str, program_id: int, member_id: int) -> MemberBalance:
    available, pending = member_available(member_id), member_pending(member_id)
    rows = ledger.balances(session, tenant_id, program_id, [available, pending])
    return MemberBalance(
        available=rows[available].balance if available in rows else 0,
        pending=rows[pending].balance if pending in rows else 0,
        lifetime=sum(row.lifetime for row in rows.values()),
    )


def member_history(
    session: Session, tenant_id: str, program_id: int, member_id: int, *, before: int | None, limit: int
) -> list[PostingView]:
    accounts = [member_available(member_id), member_pending(member_id)]
    return ledger.postings_of(session, tenant_id, program_id, accounts, before=before, limit=limit)
