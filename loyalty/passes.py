"""Passes and season tickets: a card-like entitlement with N uses, a validity period, or both, issued to a member.

A use is taken by one guarded `UPDATE passes SET used = used + 1 WHERE used < uses`, which locks the pass's row
until commit: of two tills taking the last use at once, one gets it and the other a 409, with no prior read to
race on. Each use is recorded under the till's `use_id` (the same use sent again is answered from the record and
takes nothing) and goes through the normal event ingest as an event of the pass type's `event_type`, in the same
unit of work, so rules, badges and quests react to it as to any event. Validity is judged on the server's clock:
before `valid_from` a use is a 409, from `valid_until` on a 410.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlmodel import Session, col

from achievements.models import Event
from achievements.service import EventInput, IngestOutcome, ingest_events
from core.errors import Conflict, Gone, InvalidInput, NotFound
from core.ids import new_id
from core.tenancy import Member, upsert_member
from core.types import utcnow
from loyalty.models import Pass, PassType, PassUse
from wallets.programs import program_by_id, resolve_program

DEFAULT_EVENT_TYPE = "pass.used"


class PassUsedUp(Conflict):
    title, slug = "Pass used up", "pass-used-up"


class PassNotYetValid(Conflict):
    title, slug = "Pass not yet valid", "pass-not-yet-valid"


class PassExpired(Gone):
    title, slug = "Pass expired", "pass-expired"


@dataclass(frozen=True)
class PassTerms:
    key: str
    name: str
    uses: int | None = None
    valid_days: int | None = None
    event_type: str = DEFAULT_EVENT_TYPE
    program: str | None = None

    def check(self) -> None:
        if self.uses is None and self.valid_days is None:
            raise InvalidInput("a pass needs `uses`, `valid_days` or both", field="uses")


@dataclass(frozen=True)
class PassView:
    id: str
    type: str
    name: str
    member: str
    reference: str | None
    uses: int | None
    used: int
    uses_left: int | None
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    status: str


@dataclass(frozen=True)
class PassUseView:
    pass_: PassView
    use_id: str
    event_id: str
    used_at: datetime
    effects: dict[str, Any]


def create_pass_type(session: Session, tenant_id: str, terms: PassTerms) -> tuple[PassType, bool]:
    """The pass definition; the same body again gives it back (False), another body under its key is a 409."""
    terms.check()
    program = resolve_program(session, tenant_id, terms.program)
    assert program.id is not None
    existing = _find_type(session, tenant_id, terms.key)
    wanted = (program.id, terms.name, terms.uses, terms.valid_days, terms.event_type)
    if existing is not None:
        if (existing.program_id, existing.name, existing.uses, existing.valid_days, existing.event_type) != wanted:
            raise Conflict(f"pass {terms.key!r} exists with another definition")
        return existing, False
    pass_type = PassType(
        tenant_id=tenant_id,
        program_id=program.id,
        key=terms.key,
        name=terms.name,
        uses=terms.uses,
        valid_days=terms.valid_days,
        event_type=terms.event_type,
    )
    session.add(pass_type)
    session.flush()
    return pass_type, True


def list_pass_types(session: Session, tenant_id: str) -> list[PassType]:
    return list(
        session.scalars(select(PassType).where(col(PassType.tenant_id) == tenant_id).order_by(col(PassType.key)))
    )


def issue_pass(
    session: Session,
    tenant_id: str,
    member_external_id: str,
    type_key: str,
    *,
    reference: str | None = None,
    valid_from: datetime | None = None,
) -> tuple[PassView, bool]:
    """Issue a pass to the member (created if new, as events do). With a `reference` (the sale), issuing again
    gives back the same pass (False) and never a second one; the same reference for another pass type or member
    is a 409."""
    pass_type = _find_type(session, tenant_id, type_key)
    if pass_type is None or pass_type.id is None:
        raise NotFound(f"pass {type_key!r} not found")
    member, _ = upsert_member(session, tenant_id, member_external_id)
    assert member.id is not None
    if reference is not None:
        existing = session.scalar(
            select(Pass).where(col(Pass.tenant_id) == tenant_id, col(Pass.reference) == reference)
        )
        if existing is not None:
            if (existing.pass_type_id, existing.member_id) != (pass_type.id, member.id):
                raise Conflict(f"reference {reference!r} was used for another pass", field="reference")
            return _view(existing, pass_type, member.external_id), False
    start = valid_from or utcnow()
    issued = Pass(
        id=new_id("pass"),
        tenant_id=tenant_id,
        pass_type_id=pass_type.id,
        member_id=member.id,
        reference=reference,
        uses=pass_type.uses,
        valid_from=start,
        valid_until=start + timedelta(days=pass_type.valid_days) if pass_type.valid_days else None,
    )
    session.add(issued)
    session.flush()  # a concurrent issue under the same reference fails here; the retry finds the winner's pass
    return _view(issued, pass_type, member.external_id), True


def get_pass(session: Session, tenant_id: str, pass_id: str) -> PassView:
    issued, pass_type, member = _load(session, tenant_id, pass_id)
    return _view(issued, pass_type, member.external_id)


def member_passes(session: Session, tenant_id: str, member: Member) -> list[PassView]:
    rows = session.execute(
        select(Pass, PassType)
        .join(PassType, col(PassType.id) == col(Pass.pass_type_id))
        .where(col(Pass.tenant_id) == tenant_id, col(Pass.member_id) == member.id)
        .order_by(col(Pass.issued_at).desc(), col(Pass.id))
    )
    return [_view(issued, pass_type, member.external_id) for issued, pass_type in rows]


def use_pass(
    session: Session, tenant_id: str, pass_id: str, use_id: str, properties: dict[str, Any] | None = None
) -> tuple[PassUseView, bool, IngestOutcome | None]:
    """Take one use (False and no outcome when this `use_id` was taken before: the recorded use comes back). The
    use's event goes through ingest; an event the program refuses (a draft program, a schema mismatch) refuses
    the use with it."""
    issued, pass_type, member = _load(session, tenant_id, pass_id)
    recorded = session.scalar(select(PassUse).where(col(PassUse.pass_id) == pass_id, col(PassUse.use_id) == use_id))
    if recorded is not None:
        return _use_view(session, issued, pass_type, member, recorded), False, None
    now = utcnow()
    if now < issued.valid_from:
        raise PassNotYetValid(f"pass {pass_id!r} is valid from {issued.valid_from.isoformat()}")
    if issued.valid_until is not None and now >= issued.valid_until:
        raise PassExpired(f"pass {pass_id!r} expired at {issued.valid_until.isoformat()}")
    used = session.execute(
        update(Pass)
        .where(col(Pass.id) == pass_id, or_(col(Pass.uses).is_(None), col(Pass.used) < col(Pass.uses)))
        .values(used=col(Pass.used) + 1)
        .returning(col(Pass.used))
    ).scalar_one_or_none()
    if used is None:
        raise PassUsedUp(f"pass {pass_id!r} is used up ({issued.uses} uses)")
    event_id = f"pass:{pass_id}:{use_id}"
    # A concurrent request with the same use id fails the unique key at this flush; its retry answers from the record.
    session.add(PassUse(tenant_id=tenant_id, pass_id=pass_id, use_id=use_id, event_id=event_id, used=used, used_at=now))
    session.flush()
    program = program_by_id(session, pass_type.program_id)
    facts = {
        **(properties or {}),
        "pass": pass_id,
        "pass_type": pass_type.key,
        "use_id": use_id,
        "uses_left": None if issued.uses is None else issued.uses - used,
    }
    outcome = ingest_events(
        session,
        tenant_id,
        [
            EventInput(
                id=event_id,
                member=member.external_id,
                type=pass_type.event_type,
                properties=facts,
                occurred_at=now,
                program=program.key,
            )
        ],
    )
    result = outcome.results[0]
    if result.error is not None:
        raise result.error
    session.refresh(issued)
    view = PassUseView(
        pass_=_view(issued, pass_type, member.external_id),
        use_id=use_id,
        event_id=event_id,
        used_at=now,
        effects=result.effects or {},
    )
    return view, True, outcome


def _use_view(session: Session, issued: Pass, pass_type: PassType, member: Member, use: PassUse) -> PassUseView:
    effects = session.scalar(
        select(col(Event.effects)).where(col(Event.tenant_id) == issued.tenant_id, col(Event.event_id) == use.event_id)
    )
    return PassUseView(
        pass_=_view(issued, pass_type, member.external_id),
        use_id=use.use_id,
        event_id=use.event_id,
        used_at=use.used_at,
        effects=effects or {},
    )


def _load(session: Session, tenant_id: str, pass_id: str) -> tuple[Pass, PassType, Member]:
    row = session.execute(
        select(Pass, PassType, Member)
        .join(PassType, col(PassType.id) == col(Pass.pass_type_id))
        .join(Member, col(Member.id) == col(Pass.member_id))
        .where(col(Pass.tenant_id) == tenant_id, col(Pass.id) == pass_id)
    ).first()
    if row is None:
        raise NotFound(f"pass {pass_id!r} not found")
    issued, pass_type, member = row
    return issued, pass_type, member


def _find_type(session: Session, tenant_id: str, key: str) -> PassType | None:
    return session.scalar(select(PassType).where(col(PassType.tenant_id) == tenant_id, col(PassType.key) == key))


def _view(issued: Pass, pass_type: PassType, member: str) -> PassView:
    now = utcnow()
    uses_left = None if issued.uses is None else issued.uses - issued.used
    if issued.valid_until is not None and now >= issued.valid_until:
        status = "expired"
    elif uses_left == 0:
        status = "used_up"
    elif now < issued.valid_from:
        status = "not_yet_valid"
    else:
        status = "active"
    return PassView(
        id=issued.id,
        type=pass_type.key,
        name=pass_type.name,
        member=member,
        reference=issued.reference,
        uses=issued.uses,
        used=issued.used,
        uses_left=uses_left,
        valid_from=issued.valid_from,
        valid_until=issued.valid_until,
        issued_at=issued.issued_at,
        status=status,
    )
