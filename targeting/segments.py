"""Segment membership, kept in `segment_members` for fast lookup and refreshed as members change.

Whoever changes a member refreshes that member's membership in the same transaction: ingestion (on the states the
engine just updated, no reload), attribute patches, new members and imports (one bulk load per chunk). Each refresh
evaluates every segment of the program for the touched members only, writes the differences, and queues
`segment.entered` / `segment.left` webhooks for exactly the rows it inserted or deleted (so two refreshes racing
for one member notify once). Conditions that change with time alone ("no visit in 30 days") or through changes that
do not refresh (redemptions, expiry, level requalification) are caught by `refresh_segments`, a beat job that walks
every member a chunk at a time; a segment saved or edited is back-filled the same way.

Gates (rules, badges, quests, rewards, promo codes limited to a segment) do not read this table: they evaluate the
condition on the one member at hand, which is exact at that moment and costs no more than a lookup would.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlmodel import Session, col

from achievements.catalog import Rulebook, load_rulebook
from achievements.definitions import Kind
from achievements.expressions import EvaluationError, bind
from achievements.models import Definition, MemberStats
from achievements.state import MemberState, load_states
from achievements.windows import load_windows
from core.db import one_of, run_in_transaction, unit_of_work, upsert_dialect
from core.errors import NotFound
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member, get_member
from core.types import utcnow
from targeting.models import SegmentMember
from wallets import ledger
from wallets.accounts import member_available
from wallets.programs import resolve_program

ENTERED, LEFT = "segment.entered", "segment.left"
CHUNK = 1_000
# A segment saved in a program with at most this many members is back-filled before the request answers.
INLINE_BACKFILL_MEMBERS = 5_000

Notification = tuple[str, dict[str, Any]]
MEMBER = re.compile(r"(?<![.\w])member\b")
MEMBER_FIELD = re.compile(r"(?<![.\w])member\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class SegmentMemberRow:
    external_id: str
    points: int
    level: str | None
    since: datetime


@dataclass(frozen=True)
class SegmentPage:
    key: str
    items: list[SegmentMemberRow]
    next_after: int | None


@dataclass
class RefreshReport:
    members: int = 0
    entered: int = 0
    left: int = 0
    deliveries: list[str] = field(default_factory=list)


# ---- keeping membership -----------------------------------------------------------------------------------------


def refresh_members(
    session: Session, tenant_id: str, program_id: int, book: Rulebook, states: Iterable[MemberState], now: datetime
) -> list[Notification]:
    """Bring these members' kept membership in line with the program's segments; what entered and left."""
    states = list(states)
    if not states or not book.segments:
        return []
    bind_ = session.get_bind()
    ids = [state.member_id for state in states]
    table = SegmentMember.__table__  # type: ignore[attr-defined]
    current = set(
        session.execute(
            select(col(SegmentMember.segment), col(SegmentMember.member_id)).where(
                col(SegmentMember.tenant_id) == tenant_id,
                col(SegmentMember.program_id) == program_id,
                one_of(bind_, col(SegmentMember.member_id), ids),
            )
        ).tuples()
    )
    wanted: set[tuple[str, int]] = set()
    fields = _member_fields(book)
    for state in states:
        member = state.context(now)
        context = bind({"member": member if fields is None else {k: member[k] for k in fields if k in member}})
        for key, segment in book.segments.items():
            try:
                if segment.condition.evaluate_bool(context):
                    wanted.add((key, state.member_id))
            except EvaluationError:  # a condition that fails on a member (a missing attribute) leaves it out
                continue
    names = {state.member_id: state.external_id for state in states}
    notifications: list[Notification] = []
    if joining := sorted(wanted - current):
        inserted = session.execute(
            upsert_dialect(bind_)
            .insert(table)
            .on_conflict_do_nothing(index_elements=["tenant_id", "segment", "member_id"])
            .returning(table.c.segment, table.c.member_id),
            [
                {"tenant_id": tenant_id, "segment": key, "member_id": m, "program_id": program_id, "since": now}
                for key, m in joining
            ],
        ).all()
        notifications += [(ENTERED, {"segment": key, "member": names[m]}) for key, m in sorted(inserted)]
    leaving: dict[str, list[int]] = defaultdict(list)
    for key, m in sorted(current - wanted):
        leaving[key].append(m)
    for key, members in leaving.items():
        deleted = session.execute(
            delete(table)
            .where(table.c.tenant_id == tenant_id, table.c.segment == key, one_of(bind_, table.c.member_id, members))
            .returning(table.c.member_id)
        ).scalars()
        notifications += [(LEFT, {"segment": key, "member": names[m]}) for m in sorted(deleted)]
    return notifications


def attach_windows(
    session: Session, tenant_id: str, program_id: int, book: Rulebook, states: Iterable[MemberState], now: datetime
) -> None:
    """Load the windowed event counters (`member.events_30d`...) into these states when some expression of the
    program reads one: one grouped query for all of them, none otherwise."""
    if book.windows is None:
        return
    by_id = {state.member_id: state for state in states}
    for member_id, windows in load_windows(session, tenant_id, program_id, by_id, book.windows, now).items():
        by_id[member_id].windows = windows


def _member_fields(book: Rulebook) -> frozenset[str] | None:
    """The `member` fields the program's segment conditions read, or None when one uses `member` otherwise.
    Converting a context to CEL costs per field, far more than evaluating the conditions, so each member's is cut
    down to these (a third of the cost for a typical condition over two or three fields)."""
    fields: set[str] = set()
    for segment in book.segments.values():
        source = segment.condition.source
        named = MEMBER_FIELD.findall(source)
        if len(named) != len(MEMBER.findall(source)):
            return None
        fields.update(named)
    return frozenset(fields)


def refresh_program_members(
    session: Session, tenant_id: str, program_id: int, member_ids: Iterable[int], now: datetime | None = None
) -> list[str]:
    """Refresh these members in one program (loading their state, locked): the webhook deliveries it queued."""
    book = load_rulebook(session, tenant_id, program_id)
    ids = list(member_ids)
    if not book.segments or not ids:
        return []
    states = load_states(session, tenant_id, program_id, ids, streak_windows={}, parts=frozenset({"badges"}))
    now = now or utcnow()
    attach_windows(session, tenant_id, program_id, book, states.values(), now)
    notifications = refresh_members(session, tenant_id, program_id, book, states.values(), now)
    hooks = notice_subscribers(session, tenant_id) if notifications else []
    return publish_notices(session, tenant_id, hooks, notifications) if hooks else []


def refresh_tenant_members(session: Session, tenant_id: str, member_ids: Iterable[int]) -> list[str]:
    """Refresh these members in every program of the tenant that has segments (after an attribute change)."""
    ids = list(member_ids)
    deliveries: list[str] = []
    for program_id in _programs_with_segments(session, tenant_id):
        deliveries += refresh_program_members(session, tenant_id, program_id, ids)
    return deliveries


def refresh_segments(
    engine: Engine, tenant_id: str, now: datetime, *, max_members: int | None = None
) -> RefreshReport | None:
    """Re-evaluate every member of the tenant against its segments, a chunk per transaction (time-dependent
    conditions, back-fill after a segment is saved). With `max_members`, does nothing and answers None when the
    tenant has more members than that."""
    with unit_of_work(engine, read_only=True) as session:
        programs = _programs_with_segments(session, tenant_id)
        if max_members is not None and programs:
            count = session.scalar(select(func.count()).where(col(Member.tenant_id) == tenant_id))
            if int(count or 0) > max_members:
                return None
    report = RefreshReport()
    for program_id in programs:
        after = 0
        while True:
            after, deliveries, scanned, moves = run_in_transaction(
                engine, partial(_refresh_chunk, tenant_id=tenant_id, program_id=program_id, after=after, now=now)
            )
            report.members += scanned
            report.entered, report.left = report.entered + moves[0], report.left + moves[1]
            report.deliveries += deliveries
            if scanned < CHUNK:
                break
    return report


def refresh_segments_everywhere(engine: Engine, now: datetime) -> RefreshReport:
    with unit_of_work(engine, read_only=True) as session:
        tenants = sorted(
            set(
                session.scalars(
                    select(col(Definition.tenant_id)).where(
                        col(Definition.kind) == Kind.SEGMENT.value, col(Definition.is_current).is_(True)
                    )
                )
            )
        )
    total = RefreshReport()
    for tenant_id in tenants:
        report = refresh_segments(engine, tenant_id, now)
        assert report is not None
        total.members, total.entered, total.left = (
            total.members + report.members,
            total.entered + report.entered,
            total.left + report.left,
        )
        total.deliveries += report.deliveries
    return total


def _refresh_chunk(
    session: Session, tenant_id: str, program_id: int, after: int, now: datetime
) -> tuple[int, list[str], int, tuple[int, int]]:
    ids = [
        int(member_id)
        for member_id in session.scalars(
            select(col(Member.id))
            .where(col(Member.tenant_id) == tenant_id, col(Member.id) > after)
            .order_by(col(Member.id))
            .limit(CHUNK)
        )
        if member_id is not None
    ]
    if not ids:
        return after, [], 0, (0, 0)
    book = load_rulebook(session, tenant_id, program_id)
    states = load_states(session, tenant_id, program_id, ids, streak_windows={}, parts=frozenset({"badges"}))
    attach_windows(session, tenant_id, program_id, book, states.values(), now)
    notifications = refresh_members(session, tenant_id, program_id, book, states.values(), now)
    hooks = notice_subscribers(session, tenant_id) if notifications else []
    deliveries = publish_notices(session, tenant_id, hooks, notifications) if hooks else []
    entered = sum(1 for kind, _ in notifications if kind == ENTERED)
    return ids[-1], deliveries, len(ids), (entered, len(notifications) - entered)


def _programs_with_segments(session: Session, tenant_id: str) -> list[int]:
    return sorted(
        set(
            session.scalars(
                select(col(Definition.program_id)).where(
                    col(Definition.tenant_id) == tenant_id,
                    col(Definition.kind) == Kind.SEGMENT.value,
                    col(Definition.is_current).is_(True),
                )
            )
        )
    )


# ---- reading membership -----------------------------------------------------------------------------------------


def segment_members(
    session: Session,
    tenant_id: str,
    key: str,
    *,
    program: str | None = None,
    after: int | None = None,
    limit: int = 100,
) -> SegmentPage:
    """Members in the segment, in member id order after the cursor `after` (stable: a member who enters later
    lands in order, none is skipped or repeated); `next_after` is None on the last page."""
    program_id = _segment_program(session, tenant_id, key, program)
    rows = session.execute(
        select(col(SegmentMember.member_id), col(Member.external_id), col(SegmentMember.since))
        .join(Member, col(Member.id) == col(SegmentMember.member_id))
        .where(
            col(SegmentMember.tenant_id) == tenant_id,
            col(SegmentMember.segment) == key,
            col(SegmentMember.member_id) > (after or 0),
        )
        .order_by(col(SegmentMember.member_id))
        .limit(limit + 1)
    ).all()
    page, more = rows[:limit], len(rows) > limit
    ids = [member_id for member_id, _, _ in page]
    accounts = {member_available(m): m for m in ids}
    points = {
        accounts[account]: balance
        for account, balance, _ in ledger.balance_rows(session, tenant_id, program_id, accounts)
    }
    levels = {
        member_id: level
        for member_id, level in session.execute(
            select(col(MemberStats.member_id), col(MemberStats.level)).where(
                col(MemberStats.program_id) == program_id, one_of(session.get_bind(), col(MemberStats.member_id), ids)
            )
        ).tuples()
    }
    items = [SegmentMemberRow(external_id, points.get(m, 0), levels.get(m), since) for m, external_id, since in page]
    return SegmentPage(key, items, ids[-1] if more else None)


def segment_sizes(session: Session, tenant_id: str, program: str | None = None) -> dict[str, int]:
    """How many members each of the program's segments holds, from the kept membership."""
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    sizes = dict.fromkeys(load_rulebook(session, tenant_id, program_row.id).segments, 0)
    counted = session.execute(
        select(col(SegmentMember.segment), func.count())
        .where(col(SegmentMember.tenant_id) == tenant_id, col(SegmentMember.program_id) == program_row.id)
        .group_by(col(SegmentMember.segment))
    ).tuples()
    for key, size in counted:
        if key in sizes:
            sizes[key] = int(size)
    return dict(sorted(sizes.items()))


def _segment_program(session: Session, tenant_id: str, key: str, program: str | None) -> int:
    program_id = session.scalar(
        select(col(Definition.program_id)).where(
            col(Definition.tenant_id) == tenant_id,
            col(Definition.kind) == Kind.SEGMENT.value,
            col(Definition.key) == key,
            col(Definition.is_current).is_(True),
        )
    )
    if program_id is None or (program is not None and resolve_program(session, tenant_id, program).id != program_id):
        raise NotFound(f"segment {key!r} not found")
    return int(program_id)


def segments_of(session: Session, tenant_id: str, external_id: str, program: str | None = None) -> list[str]:
    """The keys of the program's segments the member is in now, evaluated on the member (not read from the kept
    membership, which a time-dependent condition may have outrun since the last refresh)."""
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
    now = utcnow()
    attach_windows(session, tenant_id, program_row.id, book, [state], now)
    context = bind({"member": state.context(now)})
    inside = []
    for key, segment in sorted(book.segments.items()):
        try:
            if segment.condition.evaluate_bool(context):
                inside.append(key)
        except EvaluationError:
            continue
    return inside
