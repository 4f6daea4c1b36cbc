"""Win-back bonuses: lapsed members are paid once per lapse, through the job endpoint."""

from datetime import UTC, datetime, timedelta

import httpx


def _event(client: httpx.Client, auth: dict[str, str], event_id: str, member: str, days_ago: int) -> None:
    at = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    body = {"id": event_id, "member": member, "type": "visit", "occurred_at": at}
    assert client.post("/v1/events", json=body, headers=auth).status_code == 201


def test_lapsed_members_get_the_bonus_once_per_lapse(client: httpx.Client, auth: dict[str, str]) -> None:
    settings = {"win_back": {"inactive_days": 30, "points": 15}}
    assert client.patch("/v1/programs/default", json={"settings": settings}, headers=auth).status_code == 200
    _event(client, auth, "old", "lapsed", 60)
    _event(client, auth, "new", "active", 1)
    client.post("/v1/members", json={"external_id": "never"}, headers=auth)
    first = client.post("/v1/jobs/win-back", headers=auth)
    assert first.status_code == 200, first.text
    assert first.json() == {"job": "win-back", "members": 1, "points_awarded": 15}
    assert client.post("/v1/jobs/win-back", headers=auth).json()["members"] == 0
    balances = {
        m: client.get(f"/v1/members/{m}/balance", headers=auth).json()["available"]
        for m in ("lapsed", "active", "never")
    }
    assert balances == {"lapsed": 15, "active": 0, "never": 0}
    posting = client.get("/v1/members/lapsed/ledger", headers=auth).json()["items"][0]
    assert (posting["kind"], posting["memo"]) == ("earn", "win-back bonus")
    # Back for a moment, then gone again: a new lapse, a new bonus.
    _event(client, auth, "again", "lapsed", 45)
    assert client.post("/v1/jobs/win-back", headers=auth).json()["points_awarded"] == 15


def test_win_back_settings_are_validated(client: httpx.Client, auth: dict[str, str]) -> None:
    for bad in [{"inactive_days": 0, "points": 5}, {"inactive_days": 3}, {"inactive_days": 3, "points": "5"}, 7]:
        response = client.patch("/v1/programs/default", json={"settings": {"win_back": bad}}, headers=auth)
        assert response.status_code == 422, bad
