"""The double-entry ledger: balanced, append-only postings; balances are a re-derivable cache of their sums."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache

import orjson
from sqlalchemy import Select, bindparam, func, select, text, update
from sqlmodel import Session, col

from core import stamps
from core.db import COPY_FROM_ROWS, allocate_ids, insert_rows, is_postgres, one_of, one_of_bound
from core.errors import Conflict, InsufficientPoints, UnbalancedTransaction
from core.types import utcnow
from wallets.accounts import is_debt_account, is_member_account
from wallets.models import Balance, LedgerTransaction, Posting


class Kind(StrEnum):
    """Why points moved. Earnings and penalties count toward a member's lifetime points; the rest do not."""

    EARN = "earn"
    PENALTY = "penalty"
    SPEND = "spend"
    ADJUST = "adjust"
    PAYOUT = "payout"
    EXPIRE = "expire"
    TRANSFER = "transfer"
    RECOGNITION = "recognition"
    ALLOWANCE = "allowance"
    REVERSAL = "reversal"
    RELEASE = "release"


# A recognition is earned by its receiver, and a return un-earns; a transfer or a release from the return window
# only moves points already earned.
LIFETIME_KINDS = frozenset({Kind.EARN, Kind.PENALTY, Kind.RECOGNITION, Kind.REVERSAL})


@dataclass(frozen=True)
class Entry:
    account: str
    amount: int


@dataclass(frozen=True)
class TransactionSpec:
    program_id: int
    kind: Kind
    idempotency_key: str
    entries: tuple[Entry, ...]
    memo: str = ""
    event_id: str | None = None
    created_at: datetime = field(default_factory=utcnow)

    def __post_init__(self) -> None:
        if sum(e.amount for e in self.entries) != 0:
            raise UnbalancedTransaction(f"transaction {self.idempotency_key!r} does not balance")
        if not self.entries:
            raise UnbalancedTransaction(f"transaction {self.idempotency_key!r} has no postings")


def post(session: Session, tenant_id: str, spec: TransactionSpec) -> LedgerTransaction:
    """Record one transaction. Re-posting the same idempotency key returns the original, and posts nothing."""
    existing = session.scalar(
        select(LedgerTransaction).where(
            col(LedgerTransaction.tenant_id) == tenant_id,
            col(LedgerTransaction.idempotency_key) == spec.idempotency_key,
        )
    )
    if existing is not None:
        if _entries_of(session, existing) != _normalised(spec.entries):
            raise Conflict(f"idempotency key {spec.idempotency_key!r} was used for another transaction")
        return existing
    post_many(session, tenant_id, [spec])
    created = session.scalar(
        select(LedgerTransaction).where(
            col(LedgerTransaction.tenant_id) == tenant_id,
            col(LedgerTransaction.idempotency_key) == spec.idempotency_key,
        )
    )
    assert created is not None
    return created


@stamps.tenant_scope
def debts_scope(tenant_id: str) -> str:
    """Set (`stamps.mark`) once a member of the tenant owed points: ingestion in a tenant whose members never did
    skips reading what a batch's members owe (`wallets.pending.debts`)."""
    return f"debts:{tenant_id}"


_TX_COLUMNS = ("id", "tenant_id", "program_id", "kind", "idempotency_key", "memo", "event_id", "created_at")
_POSTING_COLUMNS = ("transaction_id", "tenant_id", "program_id", "account", "amount", "created_at")
_BALANCE_COLUMNS = ("tenant_id", "program_id", "account", "balance", "lifetime")
# A change to one balance: (program id, account, amount, amount counted toward lifetime points)
_Increment = tuple[int, str, int, int]


def post_many(session: Session, tenant_id: str, specs: Sequence[TransactionSpec]) -> None:
    """Bulk path for new transactions (hot: event ingestion). Raises InsufficientPoints — and the caller's whole
    unit of work rolls back — if any member account would go below zero."""
    if not specs:
        return
    increments = _debit_members(session, tenant_id, specs)
    if is_postgres(session.get_bind()) and len(specs) <= COPY_FROM_ROWS:
        _post_in_one_statement(session, tenant_id, specs, increments)
    else:
        _insert_in_bulk(session, tenant_id, specs)
        _add_to_balances(session, tenant_id, increments)


def _insert_in_bulk(session: Session, tenant_id: str, specs: Sequence[TransactionSpec]) -> None:
    """Transactions and postings as two bulk inserts, the transactions' ids allocated beforehand."""
    tx_table = LedgerTransaction.__table__  # type: ignore[attr-defined]
    ids = allocate_ids(session, tx_table, len(specs))
    insert_rows(
        session,
        tx_table,
        _TX_COLUMNS,
        [
            (tx_id, tenant_id, s.program_id, s.kind.value, s.idempotency_key, s.memo, s.event_id, s.created_at)
            for tx_id, s in zip(ids, specs, strict=True)
        ],
    )
    insert_rows(
        session,
        Posting.__table__,  # type: ignore[attr-defined]
        _POSTING_COLUMNS,
        [
            (tx_id, tenant_id, s.program_id, e.account, e.amount, s.created_at)
            for tx_id, s in zip(ids, specs, strict=True)
            for e in s.entries
        ],
    )


# The transactions take their ids from their sequence and hand them to their postings through RETURNING, matched
# by idempotency key (unique in a tenant); postings are numbered in the order given. The balances' increments
# follow in the same statement, in the order given (key order: see `_add_to_balances`).
_POST = text(
    """
    WITH tx AS (
        INSERT INTO ledger_transactions (tenant_id, program_id, kind, idempotency_key, memo, event_id, created_at)
        SELECT :tenant_id, t.program_id, t.kind, t.idempotency_key, t.memo, t.event_id, t.created_at
        FROM json_to_recordset(CAST(:transactions AS json)) AS t(
            program_id bigint, kind text, idempotency_key text, memo text, event_id text, created_at timestamptz)
        RETURNING id, program_id, idempotency_key, created_at
    ), posted AS (
        INSERT INTO ledger_postings (transaction_id, tenant_id, program_id, account, amount, created_at)
        SELECT tx.id, :tenant_id, tx.program_id, p.account, p.amount, tx.created_at
        FROM ROWS FROM (
            json_to_recordset(CAST(:postings AS json)) AS (idempotency_key text, account text, amount bigint)
        ) WITH ORDINALITY AS p(idempotency_key, account, amount, n)
        JOIN tx USING (idempotency_key)
        ORDER BY p.n
    )
    INSERT INTO ledger_balances (tenant_id, program_id, account, balance, lifetime)
    SELECT :tenant_id, b.program_id, b.account, b.balance, b.lifetime
    FROM json_to_recordset(CAST(:balances AS json)) AS b(
        program_id bigint, account text, balance bigint, lifetime bigint)
    ON CONFLICT (tenant_id, program_id, account) DO UPDATE SET
        balance = ledger_balances.balance + excluded.balance, lifetime = ledger_balances.lifetime + excluded.lifetime
    """
)


def _post_in_one_statement(
    session: Session, tenant_id: str, specs: Sequence[TransactionSpec], increments: list[_Increment]
) -> None:
    """Transactions, postings and the balances they raise with one PostgreSQL statement: one round trip where the
    bulk path takes six (the ids, a COPY of each table at two apiece, the balances), a third of a few events'."""
    transactions = [
        {
            "program_id": s.program_id,
            "kind": s.kind.value,
            "idempotency_key": s.idempotency_key,
            "memo": s.memo,
            "event_id": s.event_id,
            "created_at": s.created_at,
        }
        for s in specs
    ]
    postings = [
        {"idempotency_key": s.idempotency_key, "account": e.account, "amount": e.amount}
        for s in specs
        for e in s.entries
    ]
    balances = [
        {"program_id": program_id, "account": account, "balance": amount, "lifetime": lifetime}
        for program_id, account, amount, lifetime in increments
    ]
    session.connection().execute(
        _POST,
        {
            "tenant_id": tenant_id,
            "transactions": orjson.dumps(transactions).decode(),
            "postings": orjson.dumps(postings).decode(),
            "balances": orjson.dumps(balances).decode(),
        },
    )


def _debit_members(session: Session, tenant_id: str, specs: Sequence[TransactionSpec]) -> list[_Increment]:
    """Take from member accounts what the transactions take, in key order, none below zero (or raise
    InsufficientPoints), and give back what the other accounts gain, in key order: the increments that
    `_add_to_balances` or `_post_in_one_statement` applies."""
    deltas: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for spec in specs:
        counts = spec.kind in LIFETIME_KINDS
        for entry in spec.entries:
            delta = deltas[(spec.program_id, entry.account)]
            delta[0] += entry.amount
            if counts:
                delta[1] += entry.amount
    if any(is_debt_account(account) for _, account in deltas):
        stamps.mark(session, debts_scope(tenant_id))
    debits: list[_Increment] = []
    increments: list[_Increment] = []
    for (program_id, account), (amount, lifetime) in sorted(deltas.items()):
        taken = amount < 0 and is_member_account(account)
        (debits if taken else increments).append((program_id, account, amount, lifetime))
    if len(debits) > 1 and is_postgres(session.get_bind()):
        _debit_in_one_statement(session, tenant_id, debits)
    else:
        for debit in debits:
            _debit(session, tenant_id, *debit)
    return increments


def _add_to_balances(session: Session, tenant_id: str, increments: list[_Increment]) -> None:
    table = Balance.__table__  # type: ignore[attr-defined]
    insert_rows(
        session,
        table,
        _BALANCE_COLUMNS,
        [(tenant_id, *increment) for increment in increments],
        on_conflict="ON CONFLICT (tenant_id, program_id, account) DO UPDATE SET"
        f" balance = {table.name}.balance + excluded.balance, lifetime = {table.name}.lifetime + excluded.lifetime",
    )


def _debit(session: Session, tenant_id: str, program_id: int, account: str, amount: int, lifetime: int) -> None:
    table = Balance.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(table)
        .where(
            table.c.tenant_id == tenant_id,
            table.c.program_id == program_id,
            table.c.account == account,
            table.c.balance + amount >= 0,
        )
        .values(balance=table.c.balance + amount, lifetime=table.c.lifetime + lifetime)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise InsufficientPoints(f"account {account} has fewer than {-amount} points available")


# Rows locked in key order first, as the one-by-one path takes them: two batches never wait on each other crosswise.
_DEBIT_MANY = text(
    """
    WITH debit AS (
        SELECT * FROM unnest(CAST(:programs AS bigint[]), CAST(:accounts AS varchar[]),
                             CAST(:amounts AS bigint[]), CAST(:lifetimes AS bigint[]))
            AS d(program_id, account, amount, lifetime)
    ), locked AS (
        SELECT b.program_id, b.account FROM ledger_balances b JOIN debit USING (program_id, account)
        WHERE b.tenant_id = :tenant_id ORDER BY b.program_id, b.account FOR UPDATE OF b
    )
    UPDATE ledger_balances b SET balance = b.balance + debit.amount, lifetime = b.lifetime + debit.lifetime
    FROM debit JOIN locked USING (program_id, account)
    WHERE b.tenant_id = :tenant_id AND b.program_id = debit.program_id AND b.account = debit.account
        AND b.balance + debit.amount >= 0
    RETURNING b.program_id, b.account
    """
)


def _debit_in_one_statement(session: Session, tenant_id: str, debits: Sequence[tuple[int, str, int, int]]) -> None:
    """Debit many member accounts in one PostgreSQL statement (a thousand-payout batch was a thousand round
    trips); none may go below zero, and the first account (in key order) that would raises InsufficientPoints."""
    programs, accounts, amounts, lifetimes = (list(column) for column in zip(*debits, strict=True))
    params = {"tenant_id": tenant_id, "programs": programs, "accounts": accounts, "amounts": amounts}
    debited = set(session.execute(_DEBIT_MANY, {**params, "lifetimes": lifetimes}).tuples())
    for program_id, account, amount, _ in debits:
        if (program_id, account) not in debited:
            raise InsufficientPoints(f"account {account} has fewer than {-amount} points available")


def balances(
    session: Session, tenant_id: str, program_id: int, accounts: Iterable[str], *, for_update: bool = False
) -> dict[str, Balance]:
    """Cached balances of the given accounts (missing ones are absent). `for_update` locks the rows on
    PostgreSQL so a check-then-post sequence is race-free; SQLite writers already hold the database lock."""
    stmt = (
        select(Balance)
        .where(
            col(Balance.tenant_id) == tenant_id,
            col(Balance.program_id) == program_id,
            one_of(session.get_bind(), col(Balance.account), accounts),
        )
        .order_by(col(Balance.account))
    )  # one lock order for every transaction: no deadlocks between batches
    if for_update and is_postgres(session.get_bind()):
        stmt = stmt.with_for_update()
    return {b.account: b for b in session.scalars(stmt)}


def balance_rows(
    session: Session, tenant_id: str, program_id: int, accounts: Iterable[str]
) -> list[tuple[str, int, int]]:
    """(account, balance, lifetime) of the given accounts, as plain tuples: the bulk path's cheap read."""
    stmt = _balance_rows_query(is_postgres(session.get_bind()))
    params = {"tenant_id": tenant_id, "program_id": program_id, "accounts": list(accounts)}
    rows = session.connection().execute(stmt, params).all()
    return [(account, balance, lifetime) for account, balance, lifetime in rows]


@cache
def _balance_rows_query(postgres: bool) -> Select[str, int, int]:
    return select(col(Balance.account), col(Balance.balance), col(Balance.lifetime)).where(
        col(Balance.tenant_id) == bindparam("tenant_id"),
        col(Balance.program_id) == bindparam("program_id"),
        one_of_bound(postgres, col(Balance.account), "accounts"),
    )


@dataclass(frozen=True)
class PostingView:
    id: int
    transaction_id: int
    account: str
    amount: int
    kind: str
    memo: str
    event_id: str | None
    created_at: datetime


def postings_of(
    session: Session, tenant_id: str, program_id: int, accounts: Sequence[str], *, before: int | None, limit: int
) -> list[PostingView]:
    """Postings on the given accounts, newest first, keyset-paginated by posting id."""
    stmt = (
        select(Posting, LedgerTransaction)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(Posting.transaction_id))
        .where(
            col(Posting.tenant_id) == tenant_id,
            col(Posting.program_id) == program_id,
            col(Posting.account).in_(accounts),
        )
        .order_by(col(Posting.id).desc())
        .limit(limit)
    )
    if before is not None:
        stmt = stmt.where(col(Posting.id) < before)
    return [
        PostingView(
            id=p.id,
            transaction_id=t.id,
            account=p.account,
            amount=p.amount,
            kind=t.kind,
            memo=t.memo,
            event_id=t.event_id,
            created_at=p.created_at,
        )
        for p, t in session.execute(stmt).tuples()
    ]


@dataclass(frozen=True)
class Drift:
    program_id: int
    account: str
    cached: int
    derived: int


def verify(session: Session, tenant_id: str | None = None) -> list[Drift]:
    """Re-derive every balance from postings and report any account whose cache disagrees (should be none),
    and any transaction whose postings do not sum to zero (reported with account `transaction:<id>`)."""
    sums = select(
        col(Posting.tenant_id), col(Posting.program_id), col(Posting.account), func.sum(col(Posting.amount))
    ).group_by(col(Posting.tenant_id), col(Posting.program_id), col(Posting.account))
    cached_stmt = select(Balance)
    unbalanced = (
        select(col(Posting.transaction_id), col(Posting.program_id), func.sum(col(Posting.amount)))
        .group_by(col(Posting.transaction_id), col(Posting.program_id))
        .having(func.sum(col(Posting.amount)) != 0)
    )
    if tenant_id is not None:
        sums = sums.where(col(Posting.tenant_id) == tenant_id)
        cached_stmt = cached_stmt.where(col(Balance.tenant_id) == tenant_id)
        unbalanced = unbalanced.where(col(Posting.tenant_id) == tenant_id)
    derived = {(t, p, a): int(total) for t, p, a, total in session.execute(sums).tuples()}
    cached = {(b.tenant_id, b.program_id, b.account): b.balance for b in session.scalars(cached_stmt)}
    drifts = [
        Drift(program_id=key[1], account=key[2], cached=cached.get(key, 0), derived=derived.get(key, 0))
        for key in sorted(derived.keys() | cached.keys())
        if cached.get(key, 0) != derived.get(key, 0)
    ]
    drifts += [
        Drift(program_id=p, account=f"transaction:{tx}", cached=0, derived=int(total))
        for tx, p, total in session.execute(unbalanced).tuples()
    ]
    return drifts


def _normalised(entries: Iterable[Entry]) -> list[tuple[str, int]]:
    return sorted((e.account, e.amount) for e in entries)


def _entries_of(session: Session, tx: LedgerTransaction) -> list[tuple[str, int]]:
    rows = session.execute(
        select(col(Posting.account), col(Posting.amount)).where(col(Posting.transaction_id) == tx.id)
    ).tuples()
    return sorted((account, amount) for account, amount in rows)
