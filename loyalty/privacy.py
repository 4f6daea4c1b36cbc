"""A member's data rights: export everything Laurel holds about a member, and erase what is personal.

Erasure keeps the books: the member's row stays, under a pseudonym (a keyed hash of the external id, so a repeated
request finds it again and nobody without the seed can reverse it), and the ledger's accounts were always named by
the internal id, so every posting, balance, total and export still adds up. What is personal goes: the display
name, the attributes (birthday, email, city...), the external id, card labels (cards are blocked, so a scanned card
or a page link finds nobody), the strings in the member's event properties (numbers stay, so reversals and sums
still work), and their copies in the tenant's other rows that name the member (ledger memos, webhook payloads,
other members' events, lines of import files). Tokens already on chain cannot be erased: the answer lists the
custodial addresses and badge tokens that remain.
"""

import csv
import hashlib
import hmac
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, or_, select, update
from sqlmodel import Session, SQLModel, col

from achievements.models import Event
from core.audit import record
from core.errors import NotFound
from core.privacy import containing, scrub_copies, scrubbed
from core.tenancy import Member
from core.types import utcnow
from loyalty.models import Card
from targeting.models import ImportJob
from wallets.custody import custodial_addresses
from wallets.keystore import KeyStore
from wallets.models import BadgeMint, LedgerTransaction, MemberWallet, Payout, Posting

PSEUDONYM_PURPOSE = "member-pseudonyms"
PSEUDONYM_PREFIX = "erased-"
ERASED = "[erased]"
# Columns naming a member by internal id: a table with one of them holds data about that member.
MEMBER_COLUMNS = (
    "member_id",
    "referee_id",
    "referrer_id",
    "winner_member_id",
    "sender_id",
    "receiver_id",
    "giver_id",
)
# Attribute values shorter than this (a city, a tier, an age) identify nobody and are too likely to be someone else's
# too: they are erased from the member's own row and events, not from other rows that mention the member.
MIN_IDENTIFYING_LENGTH = 6


@dataclass(frozen=True)
class Erasure:
    member: str
    member_id: int
    erased_at: datetime
    already_erased: bool
    wallets: dict[str, str]
    badge_tokens: list[dict[str, str]]
    withdrawal_addresses: list[dict[str, str]] = field(default_factory=list)


def pseudonym(keystore: KeyStore, tenant_id: str, external_id: str) -> str:
    digest = hmac.new(
        keystore.derived_key(PSEUDONYM_PURPOSE), f"{tenant_id}\x00{external_id}".encode(), hashlib.sha256
    ).hexdigest()
    return PSEUDONYM_PREFIX + digest[:32]


def find_member(session: Session, keystore: KeyStore, tenant_id: str, external_id: str) -> Member:
    """The member with this external id, or, once erased, its pseudonymous remains (the newest if the app
    registered and erased the same id again)."""
    alias = pseudonym(keystore, tenant_id, external_id)
    member = session.scalar(
        select(Member)
        .where(
            col(Member.tenant_id) == tenant_id,
            or_(
                col(Member.external_id) == external_id,
                col(Member.external_id) == alias,
                col(Member.external_id).like(f"{alias}:%"),
            ),
        )
        .order_by(col(Member.erased_at).is_not(None), col(Member.id).desc())
        .limit(1)
    )
    if member is None:
        raise NotFound(f"member {external_id!r} not found")
    return member


def erase_member(session: Session, keystore: KeyStore, tenant_id: str, external_id: str, actor: str) -> Erasure:
    """Forget the member's personal data (idempotent: an erased member is reported as it was left)."""
    member = find_member(session, keystore, tenant_id, external_id)
    assert member.id is not None
    already = member.erased_at is not None
    if not already:
        alias = pseudonym(keystore, tenant_id, external_id)
        taken = session.scalar(
            select(col(Member.id)).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == alias)
        )
        if taken is not None:
            alias = f"{alias}:{member.id}"
        identifiers = [value for value in (member.external_id, member.display_name, member.email) if value]
        replacements = _replacements(session, member, alias)
        member.external_id = alias
        member.display_name = None
        member.email = None
        member.locale = None
        member.attributes = {}
        member.erased_at = utcnow()
        session.add(member)
        _erase_cards(session, member.id)
        _erase_own_events(session, member.id)
        _scrub_tenant_text(session, tenant_id, identifiers, replacements)
        session.flush()
    assert member.erased_at is not None
    record(session, tenant_id, actor, "member.erase", f"member:{member.id}", already_erased=already)
    wallets = _wallets(session, member.id)
    paid_out = session.execute(
        select(col(Payout.chain), col(Payout.to_address)).where(col(Payout.member_id) == member.id).distinct()
    )
    return Erasure(
        member=member.external_id,
        member_id=member.id,
        erased_at=member.erased_at,
        already_erased=already,
        wallets=wallets,
        badge_tokens=[
            {"badge": mint.badge, "chain": mint.chain, "token_id": mint.token_id, "status": mint.status}
            for mint in session.scalars(select(BadgeMint).where(col(BadgeMint.member_id) == member.id))
        ],
        withdrawal_addresses=sorted(
            ({"chain": chain, "address": address} for chain, address in paid_out if address not in wallets.values()),
            key=lambda item: (item["chain"], item["address"]),
        ),
    )


def export_member(session: Session, keystore: KeyStore, tenant_id: str, external_id: str, actor: str) -> dict[str, Any]:
    """Everything Laurel holds about the member: its row, every row of every table that names it, and its ledger
    postings. Tables are found from the schema, so a table added later is exported without changing this."""
    member = find_member(session, keystore, tenant_id, external_id)
    assert member.id is not None
    wallets = custodial_addresses(session, keystore, tenant_id, [member.id])[member.id]  # recorded if only derived
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = _rows_naming(session, table, tenant_id, member.id)
        if rows:
            tables[table.name] = rows
    postings = session.execute(
        select(Posting, LedgerTransaction)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
        .where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.account).like(f"member:{member.id}:%"),
        )
        .order_by(col(Posting.id))
    ).tuples()
    ledger = [
        {
            "id": posting.id,
            "program_id": posting.program_id,
            "account": posting.account.rsplit(":", 1)[-1],
            "amount": posting.amount,
            "kind": tx.kind,
            "memo": tx.memo,
            "event_id": tx.event_id,
            "created_at": posting.created_at.isoformat(),
        }
        for posting, tx in postings
    ]
    record(session, tenant_id, actor, "member.export", f"member:{member.id}", tables=sorted(tables))
    return {
        "member": _jsonable(member.model_dump()),
        "wallets": wallets,
        "ledger": ledger,
        "tables": tables,
        "exported_at": utcnow().isoformat(),
    }


def _wallets(session: Session, member_id: int) -> dict[str, str]:
    rows = session.scalars(select(MemberWallet).where(col(MemberWallet.member_id) == member_id))
    return {row.chain: row.address for row in rows}


def _rows_naming(session: Session, table: Table, tenant_id: str, member_id: int) -> list[dict[str, Any]]:
    columns = [table.c[name] for name in MEMBER_COLUMNS if name in table.c]
    if not columns or table.name == "members":
        return []
    stmt = select(table).where(or_(*(column == member_id for column in columns)))
    if "tenant_id" in table.c:
        stmt = stmt.where(table.c.tenant_id == tenant_id)
    return [_jsonable(dict(row)) for row in session.execute(stmt).mappings()]


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _personal_strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _personal_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _personal_strings(item)


def _replacements(session: Session, member: Member, alias: str) -> dict[str, str]:
    """What to replace in other rows that name the member: the external id by the pseudonym, the name, card labels
    and identifying attribute values (an email, a birthday, a phone) by `[erased]`. Longest first, so a name is
    replaced before a part of it."""
    labels = session.scalars(
        select(col(Card.label)).where(col(Card.member_id) == member.id, col(Card.label).is_not(None))
    )
    attributes = [value for value in _personal_strings(member.attributes) if len(value) >= MIN_IDENTIFYING_LENGTH]
    values = [member.display_name or "", *attributes, *(label or "" for label in labels)]
    found = {value: ERASED for value in values if value}
    found[member.external_id] = alias
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


def _erased_strings(value: Any) -> Any:
    """The same structure with every string replaced: amounts and flags stay, so sums and reversals still work."""
    if isinstance(value, str):
        return ERASED
    if isinstance(value, Mapping):
        return {key: _erased_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_erased_strings(item) for item in value]
    return value


def _erase_cards(session: Session, member_id: int) -> None:
    now = utcnow()
    session.execute(update(Card).where(col(Card.member_id) == member_id).values(label=None))
    session.execute(
        update(Card)
        .where(col(Card.member_id) == member_id, col(Card.status) == "active")
        .values(status="blocked", blocked_at=now)
    )


def _erase_own_events(session: Session, member_id: int) -> None:
    for event in session.scalars(select(Event).where(col(Event.member_id) == member_id)):
        event.properties = _erased_strings(event.properties)
        session.add(event)


def _scrub_tenant_text(
    session: Session, tenant_id: str, identifiers: list[str], replacements: Mapping[str, str]
) -> None:
    """Copies of personal values in the tenant's free text: ledger memos, other members' event properties (a referral
    names its referrer), lines of import files and their error reports, and what other packages registered (webhook
    payloads). Only what names the member (its external id or name) is touched: an attribute value such as a city
    is replaced there, not in every other member's data."""
    for tx in session.scalars(
        select(LedgerTransaction).where(
            col(LedgerTransaction.tenant_id) == tenant_id, containing(LedgerTransaction.memo, identifiers)
        )
    ):
        tx.memo = scrubbed(tx.memo, replacements)[:500]
        session.add(tx)
    for event in session.scalars(
        select(Event).where(
            col(Event.tenant_id) == tenant_id,
            or_(containing(Event.properties, identifiers), containing(Event.effects, identifiers)),
        )
    ):
        event.properties = scrubbed(event.properties, replacements)
        event.effects = scrubbed(event.effects, replacements)
        session.add(event)
    for job in session.scalars(select(ImportJob).where(col(ImportJob.tenant_id) == tenant_id)):
        text = job.content.decode("utf-8", errors="replace")
        lines = text.splitlines(keepends=True)
        cleaned = "".join(
            _scrubbed_csv_line(line, replacements) if _names(line, identifiers) else line for line in lines
        )
        errors = [scrubbed(error, replacements) if _names(str(error), identifiers) else error for error in job.errors]
        if cleaned != text or errors != job.errors:
            job.content = cleaned.encode()
            job.errors = errors
            session.add(job)
    scrub_copies(session, tenant_id, identifiers, replacements)


def _scrubbed_csv_line(line: str, replacements: Mapping[str, str]) -> str:
    """One CSV line with its fields scrubbed (whole fields, so a short id is replaced only where it is a field)."""
    body = line.rstrip("\r\n")
    out = io.StringIO()
    fields = next(csv.reader([body]), [])
    csv.writer(out, lineterminator="").writerow([scrubbed(field, replacements) for field in fields])
    return out.getvalue() + line[len(body) :]


def _names(text: str, identifiers: list[str]) -> bool:
    return any(identifier in text for identifier in identifiers)
