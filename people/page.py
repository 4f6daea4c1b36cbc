"""What the member page shows of people/: recognitions received, goals with progress, transfers, allowance left."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from core.tenancy import get_member
from people.goals import GoalView, member_goals
from people.recognition import RecognitionView, allowance_left, list_recognitions
from people.transfers import TransferView, member_transfers
from wallets.programs import resolve_program


@dataclass(frozen=True)
class PeopleSection:
    recognitions: list[RecognitionView]
    goals: list[GoalView]
    transfers: list[TransferView]
    allowance: int | None


def member_people(session: Session, tenant_id: str, external_id: str, now: datetime) -> PeopleSection:
    member = get_member(session, tenant_id, external_id)
    program = resolve_program(session, tenant_id)
    assert member.id is not None
    feed, _ = list_recognitions(session, tenant_id, member=external_id, limit=50)
    return PeopleSection(
        recognitions=[r for r in feed if r.receiver == external_id and r.status in ("given", "approved")][:10],
        goals=member_goals(session, tenant_id, external_id, now),
        transfers=member_transfers(session, tenant_id, member.id, limit=10),
        allowance=allowance_left(session, program, member.id, now)[1] if program.settings.get("recognition") else None,
    )
