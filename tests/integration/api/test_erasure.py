"""A member can be exported and forgotten: nothing personal remains in any table, and the books still add up."""

import csv
import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlmodel import Session

from core.db import engine_from_settings
from core.settings import Settings
from tests.conftest import new_tenant
from wallets import ledger

EXTERNAL_ID = "zoe-8812@example.org"
NAME = "Zoë Quintrell"
EMAIL = "zoe.quintrell@mail.example"
CITY = "Vik-i-Myrdal"
BIRTHDAY = "1990-02-03"
CARD_LABEL = "Quintrell keyring"
PERSONAL = [EXTERNAL_ID, NAME, EMAIL, CITY, BIRTHDAY, CARD_LABEL]


@pytest.fixture()
def engine(settings: Settings) -> Iterator[Engine]:
    engine = engine_from_settings(settings)
    yield engine
    engine.dispose()


def every_value(engine: Engine) -> Iterator[tuple[str, str]]:
    """(table, text of one row) for every row of every table in the database."""
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                yield (
                    table,
                    " ".join(
                        value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value) for value in row
                    ),
                )


def books(client: httpx.Client, auth: dict[str, str]) -> dict[str, Any]:
    """What accounting sees: the stats, the members export's totals, and every posting of the postings export."""
    stats = client.get("/v1/stats", headers=auth).json()
    members = list(csv.DictReader(io.StringIO(client.get("/v1/export/members.csv", headers=auth).text)))
    postings = csv.DictReader(io.StringIO(client.get("/v1/export/postings.csv", headers=auth).text))
    return {
        "liability": stats["liability"],
        "members": stats["members"],
        "members_csv": (len(members), sum(int(row["available"]) for row in members)),
        "postings_csv": [(row["transaction_id"], row["account"], row["amount"]) for row in postings],
    }


def test_an_erased_member_leaves_no_personal_data_and_the_books_still_add_up(
    client: httpx.Client, auth: dict[str, str], engine: Engine
) -> None:
    client.post("/v1/rules", json={"key": "buy", "event_type": "purchase", "points": "event.amount"}, headers=auth)
    client.post(
        "/v1/referrals", json={"event_type": "purchase", "referrer_points": 7, "referee_points": 3}, headers=auth
    )
    hook = client.post(
        "/v1/webhooks", json={"url": "https://hooks.receiver.invalid/laurel", "events": ["points.earned"]}, headers=auth
    )
    assert hook.status_code == 201, hook.text
    assert client.post("/v1/members", json={"external_id": EXTERNAL_ID, "display_name": NAME}, headers=auth).is_success
    patch = {"attributes": {"email": EMAIL, "city": CITY, "birthday": BIRTHDAY, "vip": True}}
    assert client.patch(f"/v1/members/{EXTERNAL_ID}", json=patch, headers=auth).is_success
    card = client.post(f"/v1/members/{EXTERNAL_ID}/cards", json={"label": CARD_LABEL}, headers=auth)
    assert card.status_code == 201, card.text
    number = card.json()["number"]
    event = {"id": "p1", "member": EXTERNAL_ID, "type": "purchase", "properties": {"amount": 40, "contact": EMAIL}}
    assert client.post("/v1/events", json=event, headers=auth).status_code == 201
    friend = {"external_id": "friend-1", "display_name": "Friend", "referred_by": EXTERNAL_ID}
    assert client.post("/v1/members", json=friend, headers=auth).is_success
    assert client.post(
        "/v1/events",
        json={"id": "p2", "member": "friend-1", "type": "purchase", "properties": {"amount": 5}},
        headers=auth,
    ).is_success
    link = client.post(f"/v1/members/{EXTERNAL_ID}/page-link", headers=auth).json()["url"]
    page = "/m/" + link.split("/m/")[1]
    assert client.get(page).status_code == 200

    export = client.get(f"/v1/members/{EXTERNAL_ID}/export", headers=auth)
    assert export.status_code == 200, export.text
    data = export.json()
    assert data["member"]["display_name"] == NAME and data["member"]["attributes"]["email"] == EMAIL
    assert {"events", "member_cards", "member_wallets", "member_stats"} <= data["tables"].keys()
    assert sum(p["amount"] for p in data["ledger"] if p["account"] == "available") == 47
    assert data["wallets"]["evm"].startswith("0x")
    before = books(client, auth)
    holding = {table for table, row in every_value(engine) for value in PERSONAL if value in row}
    assert {"members", "events", "member_cards", "webhook_deliveries"} <= holding

    erased = client.delete(f"/v1/members/{EXTERNAL_ID}", headers=auth)
    assert erased.status_code == 200, erased.text
    answer = erased.json()
    assert answer["member"].startswith("erased-") and not answer["already_erased"]
    assert answer["wallets"] == data["wallets"]

    leftovers = [(table, value) for table, row in every_value(engine) for value in PERSONAL if value in row]
    assert leftovers == []
    with Session(engine) as session:
        assert ledger.verify(session) == []
    assert books(client, auth) == before
    assert client.get(f"/v1/members/{EXTERNAL_ID}", headers=auth).status_code == 404
    assert client.get(page).status_code == 404
    assert client.get(f"/v1/cards/{number}", headers=auth).status_code in (404, 410)

    again = client.delete(f"/v1/members/{EXTERNAL_ID}", headers=auth)
    assert again.status_code == 200
    assert again.json()["already_erased"] and again.json()["member"] == answer["member"]
    remains = client.get(f"/v1/members/{EXTERNAL_ID}/export", headers=auth).json()
    assert remains["member"]["external_id"] == answer["member"] and remains["member"]["attributes"] == {}
    assert [(p["account"], p["amount"]) for p in remains["ledger"]] == [
        (p["account"], p["amount"]) for p in data["ledger"]
    ]
    with engine.connect() as conn:
        actions = [row[0] for row in conn.execute(select(text("action")).select_from(text("audit_log")))]
    assert actions.count("member.erase") == 2 and actions.count("member.export") == 2


def test_another_tenant_cannot_erase_or_export(client: httpx.Client, auth: dict[str, str]) -> None:
    assert client.post("/v1/members", json={"external_id": "kept", "display_name": "Kept"}, headers=auth).is_success
    stranger = new_tenant(client, "Other")
    assert client.delete("/v1/members/kept", headers=stranger).status_code == 404
    assert client.get("/v1/members/kept/export", headers=stranger).status_code == 404
    assert client.get("/v1/members/kept", headers=auth).json()["display_name"] == "Kept"
    assert client.delete("/v1/members/nobody", headers=auth).status_code == 404


def test_erasure_touches_only_what_names_the_member(client: httpx.Client, auth: dict[str, str], engine: Engine) -> None:
    """A short external id, and a city other members share (too short to identify anyone): the erased member's
    copies go, nobody else's data changes."""
    for external_id, name in (("m7", "Ann Quistgaard"), ("k9", "Kim")):
        client.post("/v1/members", json={"external_id": external_id, "display_name": name}, headers=auth)
        client.patch(f"/v1/members/{external_id}", json={"attributes": {"city": "Oslo"}}, headers=auth)
    event = {"id": "k9-1", "member": "k9", "type": "visit", "properties": {"store": "Oslo", "with": "m7"}}
    assert client.post("/v1/events", json=event, headers=auth).status_code == 201
    upload = "external_id,display_name,city\nm7,Ann Quistgaard,Oslo\nk9,Kim,Oslo\n"
    queued = client.post("/v1/imports/members", content=upload, headers={**auth, "Content-Type": "text/csv"})
    assert queued.status_code == 202, queued.text

    erased = client.delete("/v1/members/m7", headers=auth).json()["member"]

    kept = client.get("/v1/members/k9/export", headers=auth).json()
    assert kept["member"]["attributes"] == {"city": "Oslo"} and kept["member"]["display_name"] == "Kim"
    assert kept["tables"]["events"][0]["properties"] == {"store": "Oslo", "with": erased}
    with engine.connect() as conn:
        content = conn.execute(text("SELECT content FROM imports")).scalars().all()
    assert f"external_id,display_name,city\n{erased},[erased],Oslo\nk9,Kim,Oslo\n".encode() in map(bytes, content)
    assert not [table for table, row in every_value(engine) if "Ann Quistgaard" in row]


def test_notes_and_messages_naming_an_erased_member_lose_the_personal_values(
    client: httpx.Client, auth: dict[str, str], engine: Engine
) -> None:
    client.post("/v1/rules", json={"key": "buy", "event_type": "purchase", "points": "event.amount"}, headers=auth)
    settings = {"settings": {"transfers": {"daily_limit": 500, "min": 1, "max": 200}}}
    assert client.patch("/v1/programs/default", json=settings, headers=auth).is_success
    assert client.post("/v1/members", json={"external_id": EXTERNAL_ID, "display_name": NAME}, headers=auth).is_success
    assert client.post("/v1/members", json={"external_id": "author-17"}, headers=auth).is_success
    event = {"id": "p1", "member": EXTERNAL_ID, "type": "purchase", "properties": {"amount": 40}}
    assert client.post("/v1/events", json=event, headers=auth).status_code == 201
    tip = {"id": "tip-1", "from": EXTERNAL_ID, "to": "author-17", "points": 30, "note": f"with love, {NAME}"}
    assert client.post("/v1/transfers", json=tip, headers=auth).status_code == 201, "transfer"
    export = client.get(f"/v1/members/{EXTERNAL_ID}/export", headers=auth).json()
    assert [row["note"] for row in export["tables"]["transfers"]] == [f"with love, {NAME}"]

    assert client.delete(f"/v1/members/{EXTERNAL_ID}", headers=auth).status_code == 200
    assert [(table, value) for table, row in every_value(engine) for value in PERSONAL if value in row] == []
    with Session(engine) as session:
        assert ledger.verify(session) == []
    assert client.get("/v1/members/author-17/balance", headers=auth).json()["available"] == 30
