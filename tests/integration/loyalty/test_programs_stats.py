"""Statistics per program and period, and the postings export an accounting system imports."""

import csv
import io
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlmodel import col

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from tests.conftest import new_tenant
from wallets.models import Balance, Program


def _shop(client: httpx.Client, auth: dict[str, str]) -> None:
    """Program `shop`: ann earns 100, bob 40, ann spends 30 on a reward."""
    assert client.post(
        "/v1/programs", json={"key": "shop", "name": "Shop", "status": "active"}, headers=auth
    ).is_success
    rule = {"key": "buy", "event_type": "purchase", "points": "event.amount", "program": "shop"}
    assert client.post("/v1/rules", json=rule, headers=auth).status_code == 201
    for event_id, member, amount in (("o1", "ann", 100), ("o2", "bob", 40), ("o3", "ann", 0)):
        body = {"id": event_id, "member": member, "type": "purchase", "properties": {"amount": amount}}
        assert client.post("/v1/events", json={**body, "program": "shop"}, headers=auth).status_code == 201
    reward = {"key": "mug", "name": "Mug", "cost": 30, "program": "shop"}
    assert client.post("/v1/rewards", json=reward, headers=auth).status_code == 201
    assert client.post("/v1/rewards/mug/redeem", json={"member": "ann"}, headers=auth).status_code == 201


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def test_stats_per_program_and_period(client: httpx.Client, auth: dict[str, str]) -> None:
    _shop(client, auth)
    stats = client.get("/v1/stats", params={"program": "shop"}, headers=auth).json()
    assert (stats["members"], stats["active_30d"], stats["repeat_rate"]) == (2, 2, 0.5)
    assert (stats["points_issued"], stats["points_redeemed"], stats["liability"]) == (140, 30, 110)
    assert stats["redemption_rate"] == round(30 / 140, 4) and stats["points_expired"] == 0
    assert "segments" in stats and stats["liability_tokens"] is None
    period = stats["period"]
    assert (period["points_issued"], period["points_redeemed"], period["points_expired"]) == (140, 30, 0)
    assert (period["events"], period["active_members"], period["new_members"]) == (3, 2, 2)
    assert datetime.fromisoformat(period["to"]) - datetime.fromisoformat(period["from"]) == timedelta(days=30)

    past = {"program": "shop", "from": "2020-01-01T00:00:00Z", "to": "2020-02-01T00:00:00Z"}
    old = client.get("/v1/stats", params=past, headers=auth).json()
    assert old["period"] | {"from": None, "to": None} == {
        "from": None,
        "to": None,
        "points_issued": 0,
        "points_redeemed": 0,
        "points_expired": 0,
        "events": 0,
        "active_members": 0,
        "new_members": 0,
    }
    assert old["points_issued"] == 140  # the headline figures stay all-time

    client.patch("/v1/programs/shop", json={"status": "closing"}, headers=auth)
    client.patch("/v1/programs/shop", json={"status": "closed"}, headers=auth)
    closed = client.get("/v1/stats", params={"program": "shop"}, headers=auth).json()
    assert (closed["points_expired"], closed["period"]["points_expired"], closed["liability"]) == (110, 110, 0)
    default = client.get("/v1/stats", headers=auth).json()
    assert (default["program"], default["points_issued"], default["period"]["events"]) == ("default", 0, 0)


def test_bad_stats_periods_are_422_naming_the_field(client: httpx.Client, auth: dict[str, str]) -> None:
    now = datetime.now(UTC)
    backwards = {"from": _iso(now), "to": _iso(now - timedelta(days=1))}
    for path in ("/v1/stats", "/v1/export/postings.csv"):
        response = client.get(path, params=backwards, headers=auth)
        assert response.status_code == 422 and "from" in response.json()["detail"], response.text
        response = client.get(path, params={"to": "yesterday"}, headers=auth)
        assert response.status_code == 422 and "to" in response.text
    assert client.get("/v1/stats", params={"program": "nope"}, headers=auth).status_code == 404
    assert client.get("/v1/export/postings.csv", params={"program": "nope"}, headers=auth).status_code == 404


def test_postings_export_balances_per_transaction_and_matches_balances(
    client: httpx.Client, auth: dict[str, str], settings: Settings
) -> None:
    _shop(client, auth)
    response = client.get("/v1/export/postings.csv", params={"program": "shop"}, headers=auth)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == [
        "transaction_id",
        "posted_at",
        "program",
        "currency",
        "kind",
        "account",
        "debit",
        "credit",
        "amount",
        "idempotency_key",
        "event_id",
        "memo",
    ]
    assert {row["kind"] for row in rows} == {"earn", "spend"} and {row["currency"] for row in rows} == {"PTS"}
    per_transaction: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_account: dict[str, int] = defaultdict(int)
    for row in rows:
        amount = int(row["amount"])
        totals = per_transaction[row["transaction_id"]]
        totals[0] += amount
        totals[1] += int(row["debit"] or 0)
        totals[2] += int(row["credit"] or 0)
        per_account[row["account"]] += amount
        assert (row["debit"] == "") != (row["credit"] == "")
    assert len(per_transaction) == 3  # two earning events (the zero-point one posts nothing) and the redemption
    assert all(total == 0 and debit == credit for total, debit, credit in per_transaction.values())
    engine = engine_from_settings(settings)
    with unit_of_work(engine, read_only=True) as session:
        program_id = session.scalar(
            select(col(Program.id)).where(col(Program.key) == "shop").order_by(col(Program.id).desc())
        )
        balances = {
            b.account: b.balance
            for b in session.scalars(select(Balance).where(col(Balance.program_id) == program_id))
            if b.balance
        }
    engine.dispose()
    assert dict(per_account) == balances

    everything = list(csv.DictReader(io.StringIO(client.get("/v1/export/postings.csv", headers=auth).text)))
    assert len(everything) == len(rows)  # the default program has no postings
    past = {"from": "2020-01-01T00:00:00Z", "to": "2020-02-01T00:00:00Z"}
    assert client.get("/v1/export/postings.csv", params=past, headers=auth).text.count("\n") == 1
    stranger = new_tenant(client, "Stranger")
    assert client.get("/v1/export/postings.csv", headers=stranger).text.count("\n") == 1
    assert client.get("/v1/export/postings.csv", params={"program": "shop"}, headers=stranger).status_code == 404
