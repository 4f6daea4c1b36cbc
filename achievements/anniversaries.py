"""Birthday and anniversary rewards, a daily job: points on a member's birthday (a member attribute) and on the
anniversary of their joining, once a year each.

Program settings switch them on: `birthday: {"points", "attribute"?}` (the attribute holds `YYYY-MM-DD` or `MM-DD`;
default `birthday`) and `anniversary: {"points"}`. "Today" is the program's calendar day (its time zone); a
29 February birthday is celebrated on 28 February in other years. The ledger key names the program, member and
year, so however often the job runs (hourly, after a missed day, twice at once) a member is paid once a year; a
run on a later day does not catch up a missed birthday. It scans the tenant's members, a thousand at a time.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from achievements.ingest import program_zone
from core.db import one_of, run_in_transaction, unit_of_work
from core.notices import notice_subscribers, publish_notices
from core.tenancy import Member
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import LedgerTransaction, Program
from wallets.programs import fit_budget

CHUNK = 1_000


@dataclass
class AnniversaryReport:
    birthdays: int = 0
    anniversaries: int = 0
    points: int = 0
    deliveries: list[str] = field(default_factory=list)


def celebrated_on(value: Any, year: int) -> date | None:
    """The day of `year` on which a `YYYY-MM-DD` or `MM-DD` birthday is celebrated; None if it is not a date."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split("-")
    try:
        month, day = (int(parts[-2]), int(parts[-1])) if len(parts) in (2, 3) else (0, 0)
        if len(parts) == 3:
            date(int(parts[0]), month, day)  # a full date must be a real one
        if (month, day) == (2, 29) and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, month, day)
    except ValueError:
        return None


def award_anniversaries(engine: Engine, tenant_id: str, now: datetime) -> AnniversaryReport:
    """Pay today's birthday and anniversary points of every program of the tenant that sets them."""
    report = AnniversaryReport()
    with unit_of_work(engine, read_only=True) as session:
        programs = [
            p
            for p in session.scalars(select(Program).where(col(Program.tenant_id) == tenant_id))
            if (p.settings.get("birthday") or p.settings.get("anniversary")) and p.status == "active"
        ]
    for program in programs:
        cursor: int | None = 0
        while cursor is not None:
            chunk = partial(_award_chunk, tenant_id=tenant_id, program=program, now=now, after=cursor)
            cursor, births, joins, points, deliveries = run_in_transaction(engine, chunk)
            report.birthdays += births
            report.anniversaries += joins
            report.points += points
            report.deliveries += deliveries
    return report


def award_anniversaries_everywhere(engine: Engine, now: datetime) -> AnniversaryReport:
    with unit_of_work(engine, read_only=True) as session:
        tenants = sorted(
            {
                p.tenant_id
                for p in session.scalars(select(Program))
                if p.settings.get("birthday") or p.settings.get("anniversary")
            }
        )
    total = AnniversaryReport()
    for tenant_id in tenants:
        report = award_anniversaries(engine, tenant_id, now)
        total.birthdays += report.birthdays
        total.anniversaries += report.anniversaries
        total.points += report.points
        total.deliveries += report.deliveries
    return total


def _award_chunk(
    session: Session, *, tenant_id: str, program: Program, now: datetime, after: int
) -> tuple[int | None, int, int, int, list[str]]:
    """One chunk of members after id `after`: (the next cursor or None, birthdays, anniversaries, points,
    deliveries)."""
    assert program.id is not None
    program_id = program.id
    zone = program_zone(program)
    today = now.astimezone(zone).date()
    birthday = program.settings.get("birthday") or {}
    anniversary = program.settings.get("anniversary") or {}
    attribute = str(birthday.get("attribute") or "birthday")
    rows = session.execute(
        select(col(Member.id), col(Member.external_id), col(Member.attributes), col(Member.created_at))
        .where(col(Member.tenant_id) == tenant_id, col(Member.id) > after)
        .order_by(col(Member.id))
        .limit(CHUNK)
    ).tuples()
    due: dict[str, tuple[int, str, str, int]] = {}  # ledger key -> (member id, external id, reason, points)
    last = None
    for member_id, external_id, attributes, created_at in rows:
        last = member_id
        if birthday and celebrated_on(attributes.get(attribute), today.year) == today:
            key = f"birthday:{program_id}:{member_id}:{today.year}"
            due[key] = (member_id, external_id, "birthday", int(birthday["points"]))
        joined = created_at.astimezone(zone).date()
        if anniversary and joined.year < today.year and celebrated_on(joined.isoformat(), today.year) == today:
            key = f"anniversary:{program_id}:{member_id}:{today.year}"
            due[key] = (member_id, external_id, "anniversary", int(anniversary["points"]))
    if last is None:
        return None, 0, 0, 0, []
    paid = set(
        session.scalars(
            select(col(LedgerTransaction.idempotency_key)).where(
                col(LedgerTransaction.tenant_id) == tenant_id,
                one_of(session.get_bind(), col(LedgerTransaction.idempotency_key), due),
            )
        )
        if due
        else []
    )
    fresh = {key: item for key, item in sorted(due.items()) if key not in paid}
    fresh = dict(list(fresh.items())[: fit_budget(session, program, [item[3] for item in fresh.values()])])
    ledger.post_many(
        session,
        tenant_id,
        [
            TransactionSpec(
                program_id=program_id,
                kind=Kind.EARN,
                idempotency_key=key,
                entries=(Entry(member_available(member_id), points), Entry(program_issued(program_id), -points)),
                memo=f"{reason} bonus",
                created_at=now,
            )
            for key, (member_id, _, reason, points) in fresh.items()
        ],
    )
    notifications = [
        ("points.earned", {"member": external_id, "program": program.key, "points": points, "reason": reason})
        for member_id, external_id, reason, points in fresh.values()
    ]
    deliveries = (
        publish_notices(session, tenant_id, notice_subscribers(session, tenant_id), notifications) if fresh else []
    )
    births = sum(1 for *_, reason, _ in fresh.values() if reason == "birthday")
    return (
        last,
        births,
        len(fresh) - births,
        sum(points for *_, points in fresh.values()),
        deliveries,
    )
