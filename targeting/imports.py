"""Bulk imports: a CSV of members (attributes, opening balances) or of point adjustments, checked when uploaded and
applied by the worker a chunk at a time.

Each chunk is one transaction that applies its rows and advances the job's `done` cursor together, under the job's
row lock; so a worker killed mid-import loses nothing and repeats nothing (the next run resumes at `done`), and two
workers on one job take turns. The same file again (same bytes, same kind) finds the existing job and changes
nothing. Bad rows are reported (`errors`: row number and reason) and skipped; good rows are applied.

Members: `external_id` (required), `display_name`, `points` (an opening balance, an `earn` so it counts toward
lifetime and levels), and any other column is an attribute (an empty cell leaves it alone). Points:
`external_id`, `points` (an `adjust`; negative takes points away, never below zero), `memo`.

With a program budget, opening balances and positive adjustments are paid from it, in row order, each whole or
not at all: a row the budget cannot cover is reported and its points are not applied (a members row's other
columns still are). Negative adjustments give no budget back, as penalties do not.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Engine, bindparam, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import Session, col

from core.db import RetryableConflict, is_postgres, one_of, run_in_transaction, unit_of_work
from core.errors import InsufficientPoints, InvalidInput, NotFound
from core.ids import new_id
from core.logging import get_logger
from core.tenancy import MAX_ATTRIBUTE_BYTES, Member, resolve_member_ids
from core.types import utcnow
from targeting.models import ImportJob
from targeting.segments import refresh_program_members, refresh_tenant_members
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Program
from wallets.programs import lock_budget, resolve_program, spend_budget

KINDS = ("members", "points")
REQUIRED = {"members": {"external_id"}, "points": {"external_id", "points"}}
KNOWN = {"members": {"external_id", "display_name", "points"}, "points": {"external_id", "points", "memo"}}
ATTRIBUTE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
EXTERNAL_ID = re.compile(r"^[^\x00-\x1f\x7f]{1,128}$")
MAX_POINTS = 10**12
MAX_ROWS = 1_000_000
MAX_STORED_ERRORS = 1_000
CHUNK = 1_000
# PostgreSQL statistics are refreshed after these chunks of a run (see `_analyze`).
ANALYZE_AFTER_CHUNKS = frozenset({1, 10})
BULK_TABLES = (
    "members", "member_stats", "ledger_transactions", "ledger_postings", "ledger_balances", "segment_members",
)  # fmt: skip
log = get_logger(__name__)


# The uploaded file, megabytes: read once per run of the worker, never by progress polls or per chunk.
_CONTENT: QueryableAttribute[bytes] = ImportJob.content  # type: ignore[assignment]


class ImportConflict(RetryableConflict):
    """A chunk's balance check lost a race with a concurrent spend; the chunk runs again."""


@dataclass
class _Budget:
    """A chunk's view of its program's budget: the row lock is taken on the first grant (none without a budget)."""

    session: Session
    program_id: int
    left: int | None = None
    spent: int = 0
    locked: bool = False

    def refusal(self, points: int) -> str | None:
        """None when the budget covers these points (they are then counted), else the reason to report."""
        if points <= 0:
            return None
        if not self.locked:
            program = self.session.get(Program, self.program_id)
            self.left = lock_budget(self.session, self.program_id) if program and program.budget is not None else None
            self.locked = True
        if self.left is None:
            return None
        if points > self.left - self.spent:
            return f"{points} points exceed the program's remaining budget of {self.left - self.spent}"
        self.spent += points
        return None

    def spend(self) -> None:
        spend_budget(self.session, self.program_id, self.spent)


@dataclass(frozen=True)
class Upload:
    job: ImportJob
    created: bool


def create_import(session: Session, tenant_id: str, kind: str, content: bytes, program: str | None) -> Upload:
    """Check an uploaded CSV (encoding, header) and queue it; the same file again gives back its job."""
    if kind not in KINDS:
        raise NotFound(f"no import of {kind!r}; imports are of {', '.join(KINDS)}")
    header, rows = _parse(content)
    missing = REQUIRED[kind] - set(header)
    if missing:
        raise InvalidInput(f"the CSV header lacks {', '.join(sorted(missing))}", field="header")
    extra = [name for name in header if name not in KNOWN[kind]]
    if kind == "points" and extra:
        raise InvalidInput(
            f"unknown columns {', '.join(extra)}: points imports take {sorted(KNOWN[kind])}", field="header"
        )
    bad = [name for name in extra if not ATTRIBUTE.match(name)]
    if bad:
        raise InvalidInput(f"attribute columns must be identifiers: {', '.join(bad[:5])}", field="header")
    if len(set(header)) != len(header):
        raise InvalidInput("the CSV header repeats a column", field="header")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"at most {MAX_ROWS} rows per file", field="body")
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    digest = hashlib.sha256(content).hexdigest()
    existing = session.scalar(
        select(ImportJob).where(
            col(ImportJob.tenant_id) == tenant_id, col(ImportJob.kind) == kind, col(ImportJob.sha256) == digest
        )
    )
    if existing is not None:
        return Upload(existing, created=False)
    job = ImportJob(
        id=new_id("imp"),
        tenant_id=tenant_id,
        program_id=program_row.id,
        kind=kind,
        sha256=digest,
        content=content,
        rows=len(rows),
        status="queued" if rows else "done",
        finished_at=None if rows else utcnow(),
    )
    session.add(job)
    session.flush()
    return Upload(job, created=True)


def get_import(session: Session, tenant_id: str, import_id: str) -> ImportJob:
    job = session.get(ImportJob, import_id, options=[defer(_CONTENT)])
    if job is None or job.tenant_id != tenant_id:
        raise NotFound(f"import {import_id!r} not found")
    return job


def _parse(content: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 (byte {exc.start})", field="body") from exc
    if "\x00" in text:
        raise InvalidInput("the file holds NUL bytes; it is not a CSV", field="body")
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InvalidInput(f"not a CSV: {exc}", field="body") from exc
    if not lines:
        raise InvalidInput("the file is empty; a CSV with a header row is expected", field="body")
    header = [name.strip() for name in lines[0]]
    return header, [line for line in lines[1:] if any(cell.strip() for cell in line)]


def process_import(
    engine: Engine, import_id: str, *, chunk: int = CHUNK, after_chunk: Callable[[], None] | None = None
) -> None:
    """Apply the job's remaining rows, a chunk per transaction, until it is done."""
    with unit_of_work(engine, read_only=True) as session:
        job = session.get(ImportJob, import_id)
        if job is None or job.status == "done":
            return
        header, rows = _parse(job.content)
    chunks = 0
    while run_in_transaction(engine, lambda s: _apply_chunk(s, import_id, header, rows, chunk)):
        chunks += 1
        if chunks in ANALYZE_AFTER_CHUNKS and is_postgres(engine):
            _analyze(engine)
        if after_chunk is not None:
            after_chunk()


def _analyze(engine: Engine) -> None:
    """Refresh PostgreSQL's statistics of the tables an import fills. Planned with none (autovacuum off, or not
    come round yet) or with those of a much smaller table, a lookup by `= ANY(array)` filters the tenant's whole
    index range instead of seeking each key, so every chunk costs more than the last: 20,000 members took 52 s
    that way, 10 s with statistics. The advice for any bulk load: ANALYZE after it (here, early in it)."""
    try:
        with engine.connect() as conn:
            conn.execute(text(f"ANALYZE {', '.join(BULK_TABLES)}"))
            conn.commit()
    except DBAPIError as exc:  # not the tables' owner: the import goes on, only slower
        log.warning("could not analyze after a bulk load", error=str(exc.orig)[:200])


def pending_imports(engine: Engine) -> list[str]:
    with unit_of_work(engine, read_only=True) as session:
        return list(
            session.scalars(
                select(col(ImportJob.id))
                .where(col(ImportJob.status).in_(("queued", "running")))
                .order_by(col(ImportJob.created_at))
            )
        )


def _apply_chunk(session: Session, import_id: str, header: list[str], rows: list[list[str]], size: int) -> bool:
    """One chunk from the job's cursor; whether rows remain."""
    stmt = select(ImportJob).where(col(ImportJob.id) == import_id).options(defer(_CONTENT))
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update()
    job = session.scalar(stmt)
    if job is None or job.status == "done":
        return False
    start, end = job.done, min(job.done + size, len(rows))
    records = [dict(zip(header, (cell.strip() for cell in row), strict=False)) for row in rows[start:end]]
    numbers = range(start + 1, end + 1)  # data row numbers, the header not counted
    apply = _apply_members if job.kind == "members" else _apply_points
    errors, touched = apply(session, job, list(zip(numbers, records, strict=True)))
    if job.kind == "members":  # attributes count in every program's segments, balances in this one's
        refresh_tenant_members(session, job.tenant_id, touched)
    else:
        refresh_program_members(session, job.tenant_id, job.program_id, touched)
    job.done, job.applied = end, job.applied + (end - start) - len(errors)
    job.error_count += len(errors)
    if errors and len(job.errors) < MAX_STORED_ERRORS:
        job.errors = [*job.errors, *errors][:MAX_STORED_ERRORS]
    job.status = "done" if end >= len(rows) else "running"
    if job.status == "done":
        job.finished_at = utcnow()
        job.content = b""  # applied: only its hash is still needed (to recognise the file if sent again)
    session.add(job)
    return job.status != "done"


def _points(value: str, *, allow_negative: bool) -> int:
    try:
        amount = int(value)
    except ValueError as exc:
        raise ValueError(f"points {value[:40]!r} is not an integer") from exc
    if abs(amount) > MAX_POINTS or (amount < 0 and not allow_negative):
        raise ValueError(f"points {amount} out of range")
    return amount


def _checked_id(record: dict[str, str]) -> str:
    external_id = record.get("external_id", "")
    if not EXTERNAL_ID.match(external_id):
        raise ValueError("external_id is empty, too long or holds control characters")
    return external_id


def _apply_members(
    session: Session, job: ImportJob, items: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[int]]:
    errors: list[dict[str, Any]] = []
    valid: list[tuple[int, str, str | None, int, dict[str, str]]] = []
    for number, record in items:
        try:
            external_id = _checked_id(record)
            name = record.get("display_name") or None
            if name is not None and len(name) > 200:
                raise ValueError("display_name is longer than 200 characters")
            points = _points(record["points"], allow_negative=False) if record.get("points") else 0
            attributes = {k: v for k, v in record.items() if k not in KNOWN["members"] and v}
        except ValueError as exc:
            errors.append({"row": number, "error": str(exc)})
            continue
        valid.append((number, external_id, name, points, attributes))
    ids = resolve_member_ids(session, job.tenant_id, {external_id for _, external_id, *_ in valid})
    current = {
        member_id: (name, attributes)
        for member_id, name, attributes in session.execute(
            select(col(Member.id), col(Member.display_name), col(Member.attributes)).where(
                one_of(session.get_bind(), col(Member.id), ids.values())
            )
        ).tuples()
    }
    changes: dict[int, dict[str, Any]] = {}
    specs: list[TransactionSpec] = []
    budget = _Budget(session, job.program_id)
    for number, external_id, name, points, attributes in valid:
        member_id = ids[external_id]
        # a member may appear on several rows: each row builds on what the rows before it set
        before = changes.get(member_id)
        old_name, old_attributes = (before["display_name"], before["attributes"]) if before else current[member_id]
        merged = {**old_attributes, **attributes}
        if len(orjson.dumps(merged)) > MAX_ATTRIBUTE_BYTES:
            errors.append({"row": number, "error": f"attributes would exceed {MAX_ATTRIBUTE_BYTES} bytes"})
            continue
        changes[member_id] = {"display_name": name or old_name, "attributes": merged}
        if points and (refused := budget.refusal(points)):
            errors.append({"row": number, "error": f"opening balance not applied: {refused}"})
        elif points:
            specs.append(_spec(job, number, member_id, points, Kind.EARN, "opening balance (import)"))
    table = Member.__table__  # type: ignore[attr-defined]
    updated = [
        {"_id": member_id, "new_name": c["display_name"], "new_attributes": c["attributes"]}
        for member_id, c in changes.items()
        if (c["display_name"], c["attributes"]) != current[member_id]
    ]
    if updated:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                display_name=bindparam("new_name", type_=table.c.display_name.type),
                attributes=bindparam("new_attributes", type_=table.c.attributes.type),
            ),
            updated,
        )
    budget.spend()
    ledger.post_many(session, job.tenant_id, specs)
    return sorted(errors, key=lambda e: int(e["row"])), sorted(set(ids.values()))


def _apply_points(
    session: Session, job: ImportJob, items: list[tuple[int, dict[str, str]]]
) -> tuple[list[dict[str, Any]], list[int]]:
    errors: list[dict[str, Any]] = []
    parsed: list[tuple[int, str, int, str]] = []
    for number, record in items:
        try:
            amount = _points(record.get("points", ""), allow_negative=True)
            if amount == 0:
                raise ValueError("points must not be zero")
            parsed.append((number, _checked_id(record), amount, record.get("memo", "")[:200]))
        except ValueError as exc:
            errors.append({"row": number, "error": str(exc)})
    bind = session.get_bind()
    rows = session.execute(
        select(col(Member.external_id), col(Member.id)).where(
            col(Member.tenant_id) == job.tenant_id, one_of(bind, col(Member.external_id), {p[1] for p in parsed})
        )
    ).tuples()
    members = {external_id: member_id for external_id, member_id in rows}
    accounts = {member_available(member_id): member_id for member_id in members.values() if member_id is not None}
    balances = {
        accounts[account]: balance
        for account, balance, _ in ledger.balance_rows(session, job.tenant_id, job.program_id, accounts)
    }
    specs: list[TransactionSpec] = []
    adjusted: set[int] = set()
    budget = _Budget(session, job.program_id)
    for number, external_id, amount, memo in parsed:
        member_id = members.get(external_id)
        if member_id is None:
            errors.append({"row": number, "error": f"unknown member {external_id!r}"})
            continue
        if balances.get(member_id, 0) + amount < 0:
            errors.append({"row": number, "error": f"{external_id!r} has fewer than {-amount} points"})
            continue
        if refused := budget.refusal(amount):
            errors.append({"row": number, "error": refused})
            continue
        balances[member_id] = balances.get(member_id, 0) + amount
        adjusted.add(member_id)
        specs.append(_spec(job, number, member_id, amount, Kind.ADJUST, memo or "adjustment (import)"))
    budget.spend()
    try:
        ledger.post_many(session, job.tenant_id, specs)
    except InsufficientPoints as exc:  # a concurrent spend between our read and the write: run the chunk again
        raise ImportConflict(str(exc)) from exc
    return sorted(errors, key=lambda e: int(e["row"])), sorted(adjusted)


def _spec(job: ImportJob, number: int, member_id: int, amount: int, kind: Kind, memo: str) -> TransactionSpec:
    return TransactionSpec(
        program_id=job.program_id,
        kind=kind,
        idempotency_key=f"import:{job.id}:{number}",
        entries=(Entry(member_available(member_id), amount), Entry(program_issued(job.program_id), -amount)),
        memo=memo,
    )
