"""The console's second round in a real browser: a saved rule edited into a new version that then acts on events,
badges of every criteria shape, the loyalty mechanics (a promo code made in the console and redeemed through the
API), and the member page's language switch."""

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import accessibility_problems, assert_fits_the_width, sign_in
from tests.e2e.test_console import DESKTOP, PHONE, tenant


def test_a_rule_is_edited_into_version_2_and_acts_on_the_next_event(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Florist")
        api.post("/v1/rules", json={"key": "bouquet", "event_type": "sale", "points": "10"}, headers=auth)
        first = api.post(
            "/v1/events",
            json={"id": "s1", "member": "liv", "type": "sale", "properties": {"amount": 300}},
            headers=auth,
        )
        assert first.json()["effects"]["points"] == 10

        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        page.get_by_role("link", name="Edit: bouquet").click()
        form = page.locator("#rule-form")
        expect(form.get_by_label("Rule event type")).to_have_value("sale")
        points = form.get_by_label("Points (CEL integer)", exact=True)
        expect(points).to_have_value("10")
        expect(page.locator('#history [data-version="1"]')).to_contain_text("current")
        points.fill("event.amount / ")
        expect(page.locator("#rule-points-check")).to_contain_text("Syntax error")
        points.fill("event.amount / 10")
        expect(page.locator("#rule-points-check")).to_have_text("Looks good")
        form.get_by_role("button", name="Save as a new version").click()
        expect(page.locator("#notice")).to_have_text("Rule bouquet saved as version 2")
        expect(page.locator('#history [data-version="2"]')).to_contain_text("current")
        expect(page.locator('#history [data-version="1"]')).to_be_visible()
        expect(points).to_have_value("event.amount / 10")

        second = api.post(
            "/v1/events",
            json={"id": "s2", "member": "liv", "type": "sale", "properties": {"amount": 300}},
            headers=auth,
        )
        assert second.json()["effects"]["points"] == 30
        assert api.get("/v1/rules/bouquet", headers=auth).json()["version"] == 2


def test_badges_of_each_criteria_shape_are_built_in_the_form(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Pool")
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        form = page.locator("#badge-form")
        expect(form.get_by_label("Events needed")).to_be_visible()
        expect(form.get_by_label("Days in a row")).to_be_hidden()
        form.get_by_label("Badge key").fill("swimmer")
        form.get_by_label("Badge name").fill("Swimmer")
        form.get_by_label("Earned by").select_option("streak")
        expect(form.get_by_label("Events needed")).to_be_hidden()
        form.get_by_label("Badge event type").fill("swim")
        form.get_by_label("Days in a row").fill("3")
        form.get_by_role("button", name="Create badge").click()
        expect(page.locator("#notice")).to_contain_text("Badge swimmer saved")

        form.get_by_label("Badge key").fill("vip")
        form.get_by_label("Badge name").fill("VIP")
        form.get_by_label("Earned by").select_option("member")
        condition = form.get_by_label("Member condition (CEL over member)")
        condition.fill("event.amount > 1")  # events are not in scope for a member condition
        expect(page.locator("#badge-member-check")).to_contain_text("unknown variable")
        condition.fill("member.points >= 100")
        expect(page.locator("#badge-member-check")).to_have_text("Looks good")
        form.get_by_role("button", name="Create badge").click()
        expect(page.locator("#notice")).to_contain_text("Badge vip saved")
        criteria = {b["key"]: b["criteria"] for b in api.get("/v1/badges", headers=auth).json()}
        assert criteria["swimmer"]["streak_days"] == 3 and criteria["vip"]["condition"] == "member.points >= 100"

        page.get_by_role("link", name="Edit: vip").click()
        form = page.locator("#badge-form")
        expect(form.get_by_label("Earned by")).to_have_value("member")
        expect(form.get_by_label("Member condition (CEL over member)")).to_have_value("member.points >= 100")
        expect(form.get_by_label("Badge event type")).to_be_hidden()


def test_a_promo_code_made_in_the_console_is_redeemed_through_the_api(
    browser: Browser, server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Deli")
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        page.get_by_role("link", name="Loyalty mechanics").click()
        form = page.locator("#promo-code-form")
        form.get_by_label("Code").fill("welcome10")
        form.get_by_label("Points").fill("10")
        form.get_by_label("Uses in total (empty: unlimited)").fill("1")
        form.get_by_role("button", name="Create code").click()
        expect(page.locator("#notice")).to_have_text("Promo code WELCOME10 created")
        expect(page.locator('[data-code="WELCOME10"]')).to_contain_text("0 / 1")

        redeemed = api.post("/v1/promo-codes/welcome10/redeem", json={"member": "zoe"}, headers=auth)
        assert redeemed.status_code == 200, redeemed.text
        assert redeemed.json()["points"] == 10
        assert api.post("/v1/promo-codes/WELCOME10/redeem", json={"member": "ian"}, headers=auth).status_code == 409
        page.reload()
        expect(page.locator('[data-code="WELCOME10"]')).to_contain_text("1 / 1")

        batch = page.locator("#promo-batch-form")
        batch.get_by_label("How many codes").fill("5")
        batch.get_by_label("Prefix").fill("GIFT")
        batch.get_by_label("Points").fill("3")
        batch.get_by_role("button", name="Generate codes").click()
        codes = page.get_by_label("The new codes, one a line (copy them now)")
        expect(codes).to_be_visible()
        generated = codes.input_value().split("\n")
        page.locator("#promo").screenshot(path=str(shots / "console-promo-codes.png"))
        assert len(generated) == 5 and all(re.fullmatch(r"GIFT[A-Z2-9]{10}", c) for c in generated)
        assert (
            api.post(f"/v1/promo-codes/{generated[0]}/redeem", json={"member": "zoe"}, headers=auth).json()["points"]
            == 3
        )

        form = page.locator("#promo-code-form")
        form.get_by_label("Code").fill("again")
        form.get_by_label("Points").fill("5")
        form.get_by_label("Only for segment").select_option("")
        form.get_by_label("Valid from (UTC)").fill("2030-01-02T10:00")
        form.get_by_label("Expires (UTC)").fill("2030-01-01T10:00")
        form.get_by_role("button", name="Create code").click()
        expect(page.locator("#promo_code-error")).to_contain_text("starts_at must be before expires_at")
        expect(page.locator("#promo-code-form").get_by_label("Code")).to_have_value("again")


def test_the_member_page_switches_language_and_keeps_its_link(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, _, auth = tenant(api, "Tea room")
        api.post("/v1/members", json={"external_id": "ola", "display_name": "Ola"}, headers=auth)
        url = api.post("/v1/members/ola/page-link", json={}, headers=auth).json()["url"]
    page = browser.new_page(viewport=PHONE)
    page.goto(url)
    switch = page.get_by_role("navigation", name="Language")
    expect(switch.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    switch.get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", name="Значки")).to_be_visible()
    expect(page.locator("#member-name")).to_have_text("Ola")
    assert "lang=ru" in page.url and url.split("?")[0] in page.url
    page.get_by_role("navigation", name="Язык").get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Badges")).to_be_visible()
    assert_fits_the_width(page)


def test_the_new_console_pages_pass_the_automated_accessibility_checks(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Bakery two")
        api.post("/v1/rules", json={"key": "loaf", "event_type": "buy", "points": "1"}, headers=auth)
        api.post("/v1/segments", json={"key": "all", "name": "All", "condition": "true"}, headers=auth)
        api.post("/v1/members", json={"external_id": "ivy"}, headers=auth)
        api.post("/v1/rewards", json={"key": "bun", "name": "Bun", "cost": 50, "stock": 4}, headers=auth)
    for language, viewport in (("en-GB", DESKTOP), ("ru-RU", PHONE)):
        context = browser.new_context(locale=language, viewport=viewport, bypass_csp=True)
        page = context.new_page()
        sign_in(page, server.url, key)
        for path in ("/admin/rules/loaf", "/admin/loyalty", "/admin/segments/all"):
            page.goto(f"{server.url}{path}")
            expect(page.locator("main h2").first).to_be_visible()
            assert_fits_the_width(page)
            assert accessibility_problems(page) == [], path
        page.goto(f"{server.url}/admin/loyalty")
        page.locator("#promo-code-form [name=code]").fill("late")
        page.locator("#promo-code-form [name=points]").fill("1")
        page.locator("#promo-code-form [name=starts_at]").fill("2030-01-02T10:00")
        page.locator("#promo-code-form [name=expires_at]").fill("2030-01-01T10:00")
        page.locator("#promo-code-form button[type=submit]").click()  # refused: shown beside the form
        expect(page.locator("#promo_code-error")).to_be_visible()
        assert accessibility_problems(page) == []
        context.close()
