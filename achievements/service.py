"""The achievements package's public face: members as the engine sees them, rules, and event ingestion."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from achievements.ingest import EventInput, EventResult, ingest_events
from achievements.models import MemberStats
from achievements.rules import RuleDraft, create_rule, list_rules
from core.tenancy import Member, get_member, upsert_member
from wallets.keystore import KeyStore
from wallets.programs import resolve_program
from wallets.service import MemberBalance, member_balance, member_wallets

__all__ = [
    "EventInput",
    "EventResult",
    "MemberView",
    "RuleDraft",
    "create_rule",
    "ingest_events",
    "list_rules",
    "member_view",
    "register_member",
]


@dataclass(frozen=True)
class MemberView:
    external_id: str
    display_name: str | None
    attributes: dict[str, Any]
    created_at: datetime
    wallets: dict[str, str]
    balance: MemberBalance
    xp: int
    level: str | None
    badges: list[dict[str, Any]]


def register_member(
    session: Session, keystore: KeyStore, tenant_id: str, external_id: str, display_name: str | None = None
) -> tuple[MemberView, bool]:
    member, created = upsert_member(session, tenant_id, external_id, display_name)
    return _view(session, keystore, member, None), created


def member_view(
    session: Session, keystore: KeyStore, tenant_id: str, external_id: str, program: str | None = None
) -> MemberView:
    return _view(session, keystore, get_member(session, tenant_id, external_id), program)


def _view(session: Session, keystore: KeyStore, member: Member, program_key: str | None) -> MemberView:
    assert member.id is not None
    program = resolve_program(session, member.tenant_id, program_key)
    assert program.id is not None
    stats = session.get(MemberStats, (member.id, program.id))
    return MemberView(
        external_id=member.external_id,
        display_name=member.display_name,
        attributes=member.attributes,
        created_at=member.created_at,
        wallets=member_wallets(session, keystore, member.tenant_id, member.id),
        balance=member_balance(session, member.tenant_id, program.id, member.id),
        xp=stats.xp if stats else 0,
        level=None,
        badges=[],
    )
