"""Segment membership computed on demand: the program's members, a page at a time, tested against the segment's
condition on the same `member` context the engine sees.

The cost is a scan: each page loads and evaluates members in id order until it has `limit` members in the segment
or has looked at `max_scanned` members (then it returns what it found with a cursor to continue). A segment that
holds few of many members therefore takes several pages; the engine itself never scans, it judges the one member
an event is about.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from achievements.catalog import load_rulebook
from achievements.expressions import EvaluationError, bind
from achievements.state import load_states
from core.errors import NotFound
from core.tenancy import Member, get_member
from core.types import utcnow
from wallets.programs import resolve_program

CHUNK = 500


@dataclass(frozen=True)
class SegmentMember:
    external_id: str
    points: int
    level: str | None


@dataclass(frozen=True)
class SegmentPage:
    key: str
    items: list[SegmentMember]
    next_after: int | None
    scanned: int


def segment_members(
    session: Session,
    tenant_id: str,
    key: str,
    *,
    program: str | None = None,
    after: int | None = None,
    limit: int = 100,
    max_scanned: int = 10_000,
) -> SegmentPage:
    """Members in the segment, in id order after the cursor `after`; `next_after` is None when none are left."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    segment = load_rulebook(session, tenant_id, program_row.id).segments.get(key)
    if segment is None:
        raise NotFound(f"segment {key!r} not found")
    now = utcnow()
    found: list[SegmentMember] = []
    scanned, cursor = 0, after or 0
    while len(found) < limit and scanned < max_scanned:
        ids = [
            int(member_id)
            for member_id in session.scalars(
                select(col(Member.id))
                .where(col(Member.tenant_id) == tenant_id, col(Member.id) > cursor)
                .order_by(col(Member.id))
                .limit(min(CHUNK, max_scanned - scanned))
            )
            if member_id is not None
        ]
        if not ids:
            return SegmentPage(key, found, None, scanned)
        states = load_states(
            session, tenant_id, program_row.id, ids, streak_windows={}, lock=False, parts=frozenset({"badges"})
        )
        for member_id in ids:
            state = states[member_id]
            scanned, cursor = scanned + 1, member_id
            try:
                inside = segment.condition.evaluate_bool(bind({"member": state.context(now)}))
            except EvaluationError:  # a condition that fails on a member leaves the member out
                inside = False
            if inside:
                found.append(SegmentMember(state.external_id, state.available, state.level))
                if len(found) == limit:
                    break
    return SegmentPage(key, found, cursor, scanned)


def segments_of(session: Session, tenant_id: str, external_id: str, program: str | None = None) -> list[str]:
    """The keys of the program's segments the member is in now: one member, every segment, no scan."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    member = get_member(session, tenant_id, external_id)
    assert member.id is not None
    book = load_rulebook(session, tenant_id, program_row.id)
    if not book.segments:
        return []
    state = load_states(
        session, tenant_id, program_row.id, [member.id], streak_windows={}, lock=False, parts=frozenset({"badges"})
    )[member.id]
    context = bind({"member": state.context(utcnow())})
    inside = []
    for key, segment in sorted(book.segments.items()):
        try:
            if segment.condition.evaluate_bool(context):
                inside.append(key)
        except EvaluationError:
            continue
    return inside
