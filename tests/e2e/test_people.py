"""People in a real browser: the member page shows recognitions received, goals with progress bars and transfers;
the console's people page shows the feed, allowances, goals and the approvals queue, and approves from it, in
English and Russian."""

from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from api.templating import STRINGS
from tests.conftest import LiveServer
from tests.e2e.conftest import accessibility_problems, assert_fits_the_width, sign_in
from tests.e2e.test_console import DESKTOP, PHONE, tenant


def _scheme(api: httpx.Client, auth: dict[str, str]) -> None:
    settings = {
        "recognition": {"monthly_allowance": 100, "values": ["teamwork", "customer-first"], "approval_threshold": 40},
        "transfers": {"daily_limit": 500},
    }
    assert api.patch("/v1/programs/default", json={"settings": settings}, headers=auth).status_code == 200
    for name, team in (("ann", "blue"), ("bob", "blue"), ("cy", "red")):
        api.post("/v1/members", json={"external_id": name}, headers=auth)
        api.patch(f"/v1/members/{name}", json={"attributes": {"team": team}}, headers=auth)
    goal = {
        "key": "tickets",
        "name": "Tickets closed",
        "event_type": "ticket.closed",
        "target": 4,
        "period": "month",
        "team_attribute": "team",
        "points": 5,
    }
    assert api.post("/v1/goals", json=goal, headers=auth).status_code == 201
    for n, who in enumerate(("ann", "bob", "ann")):
        api.post("/v1/events", json={"id": f"t{n}", "member": who, "type": "ticket.closed"}, headers=auth)
    thanks = {"id": "r1", "from": "ann", "to": "bob", "points": 25, "message": "Saved the demo", "values": ["teamwork"]}
    assert api.post("/v1/recognitions", json=thanks, headers=auth).status_code == 201
    tip = {"id": "tip1", "from": "bob", "to": "cy", "points": 10, "note": "for the docs"}
    assert api.post("/v1/transfers", json=tip, headers=auth).status_code == 201
    big = {"id": "r2", "from": "cy", "to": "ann", "points": 60, "message": "Carried the release"}
    assert api.post("/v1/recognitions", json=big, headers=auth).json()["status"] == "pending"


def test_the_member_page_shows_recognitions_goals_and_transfers(
    browser: Browser, server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, _, auth = tenant(api, "Support team")
        _scheme(api, auth)
        url = api.post("/v1/members/bob/page-link", json={}, headers=auth).json()["url"]
    page = browser.new_page(viewport=PHONE)
    page.goto(url)
    thanks = page.locator('[data-recognition="r1"]')
    expect(thanks).to_contain_text("+25")
    expect(thanks).to_contain_text("Saved the demo")
    expect(thanks).to_contain_text("#teamwork")
    goal = page.locator('[data-goal="tickets"]')
    expect(goal).to_contain_text("Tickets closed")
    expect(page.locator("#goals progress")).to_have_attribute("value", "75")
    expect(page.locator('[data-transfer="tip1"]')).to_contain_text("\u221210 to cy")
    expect(page.locator("#allowance-left")).to_contain_text("100")
    assert_fits_the_width(page)
    page.screenshot(path=str(shots / "member-people.png"), full_page=True)
    page.goto(url + "&lang=ru" if "?" in url else url + "?lang=ru")
    expect(page.locator("#recognitions-heading")).to_have_text(STRINGS["ru"]["recognitions"])
    page.close()


def test_the_console_lists_people_and_approves_a_waiting_recognition(
    browser: Browser, server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Support desk")
        _scheme(api, auth)
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        page.locator("#people-link").click()
        expect(page.locator('#feed [data-recognition="r1"]')).to_contain_text("Saved the demo")
        expect(page.locator("#feed thead")).to_contain_text("Values")
        expect(page.locator('#allowances [data-allowance="ann"]')).to_contain_text("75")
        expect(page.locator('#goals [data-goal="tickets"]')).to_contain_text("Tickets closed")
        expect(page.locator("#goals")).to_contain_text("blue: 3 / 4")
        waiting = page.locator('#approvals [data-recognition="r2"]')
        expect(waiting).to_contain_text("Carried the release")
        assert_fits_the_width(page)
        page.screenshot(path=str(shots / "console-people.png"), full_page=True)
        waiting.get_by_role("button", name="Approve").click()
        expect(page.locator("#notice")).to_have_text("Recognition r2 approved")
        expect(page.locator('#approvals [data-recognition="r2"]')).to_have_count(0)
        assert api.get("/v1/members/ann/balance", headers=auth).json()["available"] == 60
        page.close()
        for language in ("en", "ru"):
            heading = STRINGS[language]["console"]["people"]["sections"]["approvals"]
            context = browser.new_context(locale=language, viewport=PHONE, bypass_csp=True)
            localized = context.new_page()
            sign_in(localized, server.url, key)
            localized.goto(f"{server.url}/admin/people")
            expect(localized.locator("#approvals-heading")).to_have_text(heading)
            assert_fits_the_width(localized)
            assert accessibility_problems(localized) == []
            context.close()
