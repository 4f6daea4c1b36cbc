"""Win-back bonuses: members whose last event is `win_back.inactive_days` old get `win_back.points`, once per lapse.

The ledger key names the member and the moment of their last event, so however often the job runs a lapse pays
once, and a member who comes back and lapses again is paid again. Members who never sent an event are not lapsed
customers and get nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from achievements.models import MemberStats
from core.db import one_of, run_in_transaction, unit_of_work
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import LedgerTransaction, Program
from wallets.programs import fit_budget


@dataclass
class WinBackReport:
    members: int = 0
    points: int = 0
    deliveries: list[str] = field(default_factory=list)


def award_win_backs(engine: Engine, tenant_id: str, now: datetime) -> WinBackReport:
    """Pay the win-back bonus of every program of the tenant that sets `win_back`, in one transaction each."""
    report = WinBackReport()
    with unit_of_work(engine, read_only=True) as session:
        programs = [
            p
            for p in session.scalars(select(Program).where(col(Program.tenant_id) == tenant_id))
            if p.settings.get("win_back") and p.status == "active"
        ]
    for program in programs:
        award = partial(_award, tenant_id=tenant_id, program=program, now=now)
        members, points, deliveries = run_in_transaction(engine, award)
        report.members += members
        report.points += points
        report.deliveries += deliveries
    return report


def _award(session: Session, *, tenant_id: str, program: Program, now: datetime) -> tuple[int, int, list[str]]:
    assert program.id is not None
    settings = program.settings["win_back"]
    points, since = int(settings["points"]), now - timedelta(days=int(settings["inactive_days"]))
    lapsed = session.execute(
        select(col(MemberStats.member_id), col(MemberStats.last_event_at), col(Member.external_id))
        .join(Member, col(Member.id) == col(MemberStats.member_id))
        .where(
            col(MemberStats.tenant_id) == tenant_id,
            col(MemberStats.program_id) == program.id,
            col(MemberStats.last_event_at) < since,
        )
    ).all()
    keys = {
        f"win-back:{program.id}:{member_id}:{last_event_at.isoformat()}": (member_id, external_id)
        for member_id, last_event_at, external_id in lapsed
    }
    if not keys:
        return 0, 0, []
    paid = set(
        session.scalars(
            select(col(LedgerTransaction.idempotency_key)).where(
                col(LedgerTransaction.tenant_id) == tenant_id,
                one_of(session.get_bind(), col(LedgerTransaction.idempotency_key), keys),
            )
        )
    )
    due = {key: who for key, who in sorted(keys.items()) if key not in paid}
    due = dict(list(due.items())[: fit_budget(session, program, [points] * len(due))])  # the rest on a later run
    ledger.post_many(
        session,
        tenant_id,
        [
            TransactionSpec(
                program_id=program.id,
                kind=Kind.EARN,
                idempotency_key=key,
                entries=(Entry(member_available(member_id), points), Entry(program_issued(program.id), -points)),
                memo="win-back bonus",
                created_at=now,
            )
            for key, (member_id, _) in sorted(due.items())
        ],
    )
    notifications = [
        ("points.earned", {"member": external_id, "program": program.key, "points": points, "reason": "win-back"})
        for member_id, external_id in due.values()
    ]
    deliveries = publish_notices(session, tenant_id, notice_subscribers(session, tenant_id), notifications)
    return len(due), points * len(due), deliveries


def award_win_backs_everywhere(engine: Engine, now: datetime) -> WinBackReport:
    with unit_of_work(engine, read_only=True) as session:
        tenants = sorted({p.tenant_id for p in session.scalars(select(Program)) if p.settings.get("win_back")})
    total = WinBackReport()
    for tenant_id in tenants:
        report = award_win_backs(engine, tenant_id, now)
        total.members += report.members
        total.points += report.points
        total.deliveries += report.deliveries
    return total
