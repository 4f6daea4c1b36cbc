"""Where the devnet keeps its chain: one SQLite database, on disk or in memory.

Blocks, transactions with their receipts, Tron accounts and their stakes, contract metadata and the EVM's state trie all
live in it, and change together: nothing is visible to a restarted node until `commit`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eth.db.backends.base import BaseDB

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS trie (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, header BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    body BLOB NOT NULL,
    info BLOB NOT NULL,
    block_number INTEGER
);
CREATE INDEX IF NOT EXISTS transactions_by_block ON transactions (block_number, seq);
CREATE TABLE IF NOT EXISTS accounts (
    address BLOB PRIMARY KEY,
    create_time INTEGER NOT NULL,
    is_contract INTEGER NOT NULL,
    free_net_used INTEGER NOT NULL,
    free_net_time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS contracts (address BLOB PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS stakes (
    address BLOB NOT NULL,
    resource TEXT NOT NULL,
    frozen INTEGER NOT NULL,
    used INTEGER NOT NULL,
    used_time INTEGER NOT NULL,
    PRIMARY KEY (address, resource)
);
CREATE TABLE IF NOT EXISTS unfreezes (
    seq INTEGER PRIMARY KEY,
    address BLOB NOT NULL,
    resource TEXT NOT NULL,
    amount INTEGER NOT NULL,
    expire_time INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS unfreezes_by_address ON unfreezes (address, seq);
"""


@dataclass(frozen=True)
class AccountRecord:
    """A Tron account: it exists once it was funded or deployed; its TRX balance lives in the EVM state."""

    address: bytes
    create_time: int
    is_contract: bool
    free_net_used: int = 0
    free_net_time: int = 0


@dataclass(frozen=True)
class Stake:
    """TRX an account froze for one resource (Stake 2.0), and how much of that resource it used, as of `used_time`."""

    address: bytes
    resource: str
    frozen: int = 0
    used: int = 0
    used_time: int = 0


@dataclass(frozen=True)
class Unfreezing:
    """Unfrozen TRX on its way back to the balance: withdrawable from `expire_time` (ms) on."""

    resource: str
    amount: int
    expire_time: int


@dataclass(frozen=True)
class StoredBlock:
    number: int
    id: bytes
    header: bytes


@dataclass(frozen=True)
class StoredTransaction:
    id: bytes
    body: bytes
    info: bytes
    block_number: int | None


class TrieDB(BaseDB):
    """py-evm's key-value store for trie nodes and code, inside the chain's SQLite database."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __getitem__(self, key: bytes) -> bytes:
        row = self._connection.execute("SELECT value FROM trie WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return bytes(row[0])

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self._connection.execute("INSERT OR REPLACE INTO trie (key, value) VALUES (?, ?)", (key, value))

    def __delitem__(self, key: bytes) -> None:
        if self._connection.execute("DELETE FROM trie WHERE key = ?", (key,)).rowcount == 0:
            raise KeyError(key)

    def _exists(self, key: bytes) -> bool:
        return self._connection.execute("SELECT 1 FROM trie WHERE key = ?", (key,)).fetchone() is not None


class ChainStore:
    """The tables behind the node. Not thread-safe by itself: the node serialises access with its lock."""

    def __init__(self, path: Path | None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        if path is not None:
            self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.executescript(_SCHEMA)
        self.trie = TrieDB(self._connection)

    def commit(self) -> None:
        self._connection.commit()

    def rollback(self) -> None:
        self._connection.rollback()

    def close(self) -> None:
        self._connection.close()

    # meta

    def get_meta(self, key: str) -> bytes | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def set_meta(self, key: str, value: bytes) -> None:
        self._connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # blocks

    def add_block(self, block: StoredBlock) -> None:
        self._connection.execute(
            "INSERT INTO blocks (number, id, header) VALUES (?, ?, ?)", (block.number, block.id, block.header)
        )

    def head_block(self) -> StoredBlock | None:
        return self._block("SELECT number, id, header FROM blocks ORDER BY number DESC LIMIT 1", ())

    def block_by_number(self, number: int) -> StoredBlock | None:
        return self._block("SELECT number, id, header FROM blocks WHERE number = ?", (number,))

    def block_by_id(self, block_id: bytes) -> StoredBlock | None:
        return self._block("SELECT number, id, header FROM blocks WHERE id = ?", (block_id,))

    def _block(self, query: str, parameters: tuple[int | bytes, ...]) -> StoredBlock | None:
        row = self._connection.execute(query, parameters).fetchone()
        return StoredBlock(row[0], bytes(row[1]), bytes(row[2])) if row else None

    def block_ids_descending(self, start: int, count: int) -> Iterator[bytes]:
        rows = self._connection.execute(
            "SELECT id FROM blocks WHERE number <= ? ORDER BY number DESC LIMIT ?", (start, count)
        ).fetchall()
        return (bytes(row[0]) for row in rows)

    # transactions

    def add_transaction(self, transaction: StoredTransaction) -> None:
        self._connection.execute(
            "INSERT INTO transactions (id, body, info, block_number) VALUES (?, ?, ?, ?)",
            (transaction.id, transaction.body, transaction.info, transaction.block_number),
        )

    def has_transaction(self, transaction_id: bytes) -> bool:
        query = "SELECT 1 FROM transactions WHERE id = ?"
        return self._connection.execute(query, (transaction_id,)).fetchone() is not None

    def transaction(self, transaction_id: bytes) -> StoredTransaction | None:
        row = self._connection.execute(
            "SELECT id, body, info, block_number FROM transactions WHERE id = ?", (transaction_id,)
        ).fetchone()
        return StoredTransaction(bytes(row[0]), bytes(row[1]), bytes(row[2]), row[3]) if row else None

    def block_transactions(self, number: int | None) -> list[StoredTransaction]:
        """The transactions of block `number` in order; `None` gives the pending ones."""
        rows = self._connection.execute(
            "SELECT id, body, info, block_number FROM transactions WHERE block_number IS ? ORDER BY seq",
            (number,),
        ).fetchall()
        return [StoredTransaction(bytes(r[0]), bytes(r[1]), bytes(r[2]), r[3]) for r in rows]

    def include_transaction(self, transaction_id: bytes, block_number: int, info: bytes) -> None:
        self._connection.execute(
            "UPDATE transactions SET block_number = ?, info = ? WHERE id = ?",
            (block_number, info, transaction_id),
        )

    # accounts and contracts

    def account(self, address: bytes) -> AccountRecord | None:
        row = self._connection.execute(
            """
            SELECT address, create_time, is_contract, free_net_used, free_net_time
            FROM accounts WHERE address = ?
            """,
            (address,),
        ).fetchone()
        return AccountRecord(bytes(row[0]), row[1], bool(row[2]), row[3], row[4]) if row else None

    def put_account(self, account: AccountRecord) -> None:
        self._connection.execute(
            """
            INSERT OR REPLACE INTO accounts (address, create_time, is_contract, free_net_used, free_net_time)
            VALUES (?, ?, ?, ?, ?)
            """,
            (
                account.address,
                account.create_time,
                int(account.is_contract),
                account.free_net_used,
                account.free_net_time,
            ),
        )

    def contract(self, address: bytes) -> bytes | None:
        row = self._connection.execute("SELECT body FROM contracts WHERE address = ?", (address,)).fetchone()
        return bytes(row[0]) if row else None

    def put_contract(self, address: bytes, body: bytes) -> None:
        self._connection.execute("INSERT INTO contracts (address, body) VALUES (?, ?)", (address, body))

    # stakes

    def stake(self, address: bytes, resource: str) -> Stake:
        row = self._connection.execute(
            "SELECT frozen, used, used_time FROM stakes WHERE address = ? AND resource = ?", (address, resource)
        ).fetchone()
        return Stake(address, resource, row[0], row[1], row[2]) if row else Stake(address, resource)

    def put_stake(self, stake: Stake) -> None:
        self._connection.execute(
            "INSERT OR REPLACE INTO stakes (address, resource, frozen, used, used_time) VALUES (?, ?, ?, ?, ?)",
            (stake.address, stake.resource, stake.frozen, stake.used, stake.used_time),
        )

    def total_frozen(self, resource: str) -> int:
        row = self._connection.execute("SELECT COALESCE(SUM(frozen), 0) FROM stakes WHERE resource = ?", (resource,))
        return int(row.fetchone()[0])

    def unfreezings(self, address: bytes) -> list[Unfreezing]:
        rows = self._connection.execute(
            "SELECT resource, amount, expire_time FROM unfreezes WHERE address = ? ORDER BY seq", (address,)
        ).fetchall()
        return [Unfreezing(r[0], r[1], r[2]) for r in rows]

    def replace_unfreezings(self, address: bytes, unfreezings: list[Unfreezing]) -> None:
        self._connection.execute("DELETE FROM unfreezes WHERE address = ?", (address,))
        self._connection.executemany(
            "INSERT INTO unfreezes (address, resource, amount, expire_time) VALUES (?, ?, ?, ?)",
            [(address, u.resource, u.amount, u.expire_time) for u in unfreezings],
        )
