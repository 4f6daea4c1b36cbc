"""A member's view and balance and their page write only when they find something to
write (matured pending points, a card not yet recorded; a read derives the member's addresses without recording
them): the usual read, a member's first included, takes no write lock, so it neither waits behind ingestion nor
holds it up."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import psycopg

from core.settings import Settings
from tests.integration.api.test_member_page import page_path

READS = ("/v1/members/ann", "/v1/members/ann/balance")


@contextmanager
def writer_holding_the_lock(settings: Settings) -> Iterator[None]:
    """Another writer in the middle of its transaction: SQLite's database lock, or PostgreSQL row locks on the
    member's balances (what a release of pending points locks)."""
    if settings.is_sqlite:
        conn = sqlite3.connect(settings.data_dir / "laurel.db", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    with psycopg.connect(settings.database_url.replace("+psycopg", "")) as conn:
        conn.execute("SELECT * FROM ledger_balances WHERE account LIKE 'member:%' FOR UPDATE").fetchall()
        yield
        conn.rollback()


def test_reads_answer_while_another_writer_holds_the_lock(
    client: httpx.Client, auth: dict[str, str], settings: Settings
) -> None:
    client.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "10"}, headers=auth)
    assert client.post("/v1/events", json={"id": "e1", "member": "ann", "type": "buy"}, headers=auth).is_success
    with writer_holding_the_lock(settings):
        first = {path: client.get(path, headers=auth, timeout=5) for path in READS}  # the member's first view
    assert all(answer.status_code == 200 for answer in first.values()), [a.text for a in first.values()]
    for path in READS:
        assert client.get(path, headers=auth).json() == first[path].json()


def test_the_member_page_answers_while_another_writer_holds_the_lock(
    client: httpx.Client, auth: dict[str, str], settings: Settings
) -> None:
    client.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "10"}, headers=auth)
    assert client.post("/v1/events", json={"id": "e1", "member": "cy", "type": "buy"}, headers=auth).is_success
    page = page_path(client, auth, "cy")
    first = client.get(page)  # records what the first view finds missing: addresses, the card
    assert first.status_code == 200
    with writer_holding_the_lock(settings):
        shown = client.get(page, timeout=5)
        assert shown.status_code == 200, shown.text
        assert shown.text.count("cy") == first.text.count("cy") > 0


def test_a_read_still_releases_matured_points_and_shows_the_members_addresses(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/rules", json={"key": "buy", "event_type": "buy", "points": "10"}, headers=auth)
    assert client.patch("/v1/programs/default", json={"settings": {"pending_days": 14}}, headers=auth).is_success
    assert client.post("/v1/events", json={"id": "e1", "member": "bob", "type": "buy"}, headers=auth).is_success
    assert client.get("/v1/members/bob/balance", headers=auth).json()["pending"] == 10
    client.patch("/v1/programs/default", json={"settings": {"pending_days": 0}}, headers=auth)
    # No job ran: the read itself moves the points out of the closed window, once.
    released = client.get("/v1/members/bob/balance", headers=auth).json()
    assert (released["available"], released["pending"]) == (10, 0)
    assert client.get("/v1/members/bob", headers=auth).json()["balance"]["available"] == 10
    wallets = client.get("/v1/members/bob", headers=auth).json()["wallets"]
    assert wallets["evm"].startswith("0x") and wallets["tron"].startswith("T")
