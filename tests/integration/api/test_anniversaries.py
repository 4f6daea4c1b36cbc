"""Birthday and anniversary points: paid on the day, once a year, however often the job runs."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import Engine

from achievements.anniversaries import award_anniversaries, celebrated_on
from core.db import create_db_engine, unit_of_work
from core.settings import Settings
from core.tenancy import create_tenant, upsert_member
from wallets.programs import update_program_settings


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(settings.effective_database_url)
    yield engine
    engine.dispose()


def balance(client: httpx.Client, auth: dict[str, str], member: str) -> int:
    return int(client.get(f"/v1/members/{member}/balance", headers=auth).json()["available"])


def test_birthday_points_are_paid_on_the_day_once(client: httpx.Client, auth: dict[str, str]) -> None:
    settings = {"birthday": {"points": 25}, "anniversary": {"points": 10}}
    assert client.patch("/v1/programs/default", json={"settings": settings}, headers=auth).status_code == 200
    today = datetime.now(UTC).date()
    tomorrow = today + timedelta(days=1)
    birthdays = {
        "ann": f"1990-{today:%m-%d}",
        "cat": f"{today:%m-%d}",
        "bob": f"1990-{tomorrow:%m-%d}",
        "dan": "soon",
    }
    for member, birthday in birthdays.items():
        client.post("/v1/members", json={"external_id": member}, headers=auth)
        client.patch(f"/v1/members/{member}", json={"attributes": {"birthday": birthday}}, headers=auth)
    first = client.post("/v1/jobs/birthdays", headers=auth)
    assert first.status_code == 200, first.text
    assert first.json() == {"job": "birthdays", "birthdays": 2, "anniversaries": 0, "points_awarded": 50}
    again = client.post("/v1/jobs/birthdays", headers=auth).json()
    assert again["birthdays"] == 0 and again["points_awarded"] == 0
    assert {m: balance(client, auth, m) for m in birthdays} == {"ann": 25, "cat": 25, "bob": 0, "dan": 0}
    ledger = client.get("/v1/members/ann/ledger", headers=auth).json()["items"]
    assert ledger[0]["memo"] == "birthday bonus"


def test_birthday_settings_are_validated(client: httpx.Client, auth: dict[str, str]) -> None:
    for value in ({"points": 0}, {"points": "5"}, {"pts": 5}, {"points": 5, "attribute": ""}, [5]):
        response = client.patch("/v1/programs/default", json={"settings": {"birthday": value}}, headers=auth)
        assert response.status_code == 422, (value, response.text)
    bad = client.patch("/v1/programs/default", json={"settings": {"anniversary": {"points": -1}}}, headers=auth)
    assert bad.status_code == 422


def test_anniversary_points_a_year_after_joining(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "Anniversaries")
        member, _ = upsert_member(session, tenant.id, "old-timer")
        update_program_settings(session, tenant.id, "default", {"anniversary": {"points": 10}})
    joined = member.created_at
    assert award_anniversaries(engine, tenant.id, joined + timedelta(hours=1)).anniversaries == 0  # joined today
    a_year_on = (
        joined.replace(year=joined.year + 1) if (joined.month, joined.day) != (2, 29) else joined + timedelta(days=365)
    )
    report = award_anniversaries(engine, tenant.id, a_year_on)
    assert (report.anniversaries, report.points) == (1, 10)
    assert award_anniversaries(engine, tenant.id, a_year_on + timedelta(minutes=5)).points == 0


def test_leap_day_birthdays_fall_on_the_28th_in_other_years() -> None:
    assert celebrated_on("2000-02-29", 2027) == date(2027, 2, 28)
    assert celebrated_on("2000-02-29", 2028) == date(2028, 2, 29)
    assert celebrated_on("02-29", 2027) == date(2027, 2, 28)
    assert celebrated_on("12-25", 2026) == date(2026, 12, 25)
    for junk in ("2001-02-29", "13-01", "tomorrow", 19900101, None, "1990-1-2-3"):
        assert celebrated_on(junk, 2026) is None
