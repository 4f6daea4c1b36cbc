"""The admin console in a real browser: sign in, build a program with the editors, watch it work on events and
reach a member's page; the figures as charts; Russian; a phone's width; the keyboard alone."""

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from core.settings import Settings
from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.e2e.conftest import accessibility_problems, assert_fits_the_width, seed_history, sign_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def tenant(api: httpx.Client, name: str) -> tuple[str, str, dict[str, str]]:
    """A new tenant: its id, its admin key, and the API headers carrying that key."""
    made = api.post("/v1/tenants", json={"name": name}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    return made["id"], made["api_key"], {"Authorization": f"Bearer {made['api_key']}"}


@pytest.fixture(scope="module")
def shop(server: LiveServer, e2e_settings: Settings) -> tuple[str, dict[str, str]]:
    """A tenant with a month of history, a rule, a badge, a quest and levels: what the screenshots show."""
    with httpx.Client(base_url=server.url, timeout=60) as api:
        tenant_id, key, auth = tenant(api, "Corner shop")
        api.post(
            "/v1/rules", json={"key": "purchase", "event_type": "purchase", "points": "event.amount / 10"}, headers=auth
        )
        api.post(
            "/v1/badges",
            json={"key": "regular", "name": "Regular", "criteria": {"event_type": "visit", "count": 5}},
            headers=auth,
        )
        api.post(
            "/v1/quests",
            json={"key": "first-week", "name": "First week", "steps": [{"event_type": "visit", "count": 3}]},
            headers=auth,
        )
        for level, name, points in (("bronze", "Bronze", 0), ("silver", "Silver", 200)):
            api.post("/v1/levels", json={"key": level, "name": name, "min_points": points}, headers=auth)
        seed_history(e2e_settings, api, tenant_id, auth)
    return key, auth


def test_a_badge_made_in_the_console_appears_on_the_member_page(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Bakery")
        api.post("/v1/members", json={"external_id": "noa", "display_name": "Noa"}, headers=auth)

        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{server.url}/admin")
        page.get_by_label("Admin API key").fill(key)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("#kpi-members")).to_have_text("1")

        page.get_by_label("Badge key").fill("croissant-fan")
        page.get_by_label("Badge name").fill("Croissant fan")
        page.get_by_label("Badge event type").fill("croissant")
        page.get_by_label("Events needed").fill("2")
        page.get_by_label("Badge condition (CEL, optional)").fill("event.price >")
        expect(page.locator("#badge-condition-check")).to_contain_text("Syntax error")
        page.get_by_label("Badge condition (CEL, optional)").fill("event.price > 1")
        expect(page.locator("#badge-condition-check")).to_have_text("Looks good")
        page.get_by_role("button", name="Create badge").click()
        expect(page.locator("#notice")).to_contain_text("Badge croissant-fan saved")
        expect(page.locator('[data-badge="croissant-fan"]')).to_be_visible()

        for n in range(2):
            api.post(
                "/v1/events",
                json={"id": f"b{n}", "member": "noa", "type": "croissant", "properties": {"price": 3}},
                headers=auth,
            )
        page.locator('button[data-member="noa"]').click()
        badge = page.locator('[data-badge="croissant-fan"]')
        expect(badge).to_have_attribute("data-awarded", "yes")
        expect(badge).to_be_visible()


def test_a_rule_is_tried_on_an_event_then_a_campaign_is_priced(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Shop")
        for n in range(3):
            api.post(
                "/v1/events",
                json={"id": f"o{n}", "member": f"m{n}", "type": "order", "properties": {"amount": 200}},
                headers=auth,
            )
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, server.url, key)
    form = page.locator("#rule-form")
    form.get_by_label("Rule key").fill("cashback")
    form.get_by_label("Rule event type").fill("order")
    form.get_by_label("Points (CEL integer)", exact=True).fill("1.5")
    expect(page.locator("#rule-points-check")).to_contain_text("integer")
    form.get_by_label("Points (CEL integer)", exact=True).fill("event.amount / 10")
    expect(page.locator("#rule-points-check")).to_have_text("Looks good")
    form.get_by_label("Try it on an event: properties (JSON)").fill('{"amount": 350}')
    form.get_by_role("button", name="Try it").click()
    expect(page.locator("#rule-try-result")).to_have_text("This event would earn 35 points.")
    form.get_by_role("button", name="Create rule").click()
    expect(page.locator("#notice")).to_contain_text("Rule cashback saved")
    expect(page.locator('[data-rule="cashback"]')).to_be_visible()

    page.get_by_label("Campaign event type").fill("order")
    page.get_by_label("Campaign points (CEL integer)").fill("event.amount / 4")
    page.get_by_role("button", name="Simulate").click()
    expect(page.locator("#sim-points-total")).to_have_text("150")
    expect(page.locator("#sim-reached")).to_have_text("3")


def test_a_quest_with_a_bad_condition_is_stopped_before_saving_and_once_fixed_works_on_events(
    browser: Browser, server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Gym")
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        form = page.locator("#quest-form")
        form.get_by_label("Quest key").fill("starter")
        form.get_by_label("Quest name").fill("Starter")
        form.get_by_label("Step 1 event type").fill("signup")
        form.get_by_role("button", name="Add a step").click()
        form.get_by_label("Step 2 event type").fill("workout")
        form.get_by_label("Step 2 count").fill("2")
        condition = form.get_by_label("Step 2 condition (CEL, optional)")
        condition.fill("event.minutes >= ")
        check = page.locator("#quest-step-2-condition-check")
        expect(check).to_contain_text("Line 1, column")
        expect(check).to_contain_text("Syntax error")
        expect(condition).to_have_attribute("aria-invalid", "true")
        form.get_by_label("Quest bonus points").fill("40")
        page.locator("#quests").screenshot(path=str(shots / "console-quest-editor.png"))
        form.get_by_role("button", name="Create quest").click()
        expect(condition).to_be_focused()  # the browser kept the form: nothing was saved
        expect(page.locator("#notice")).to_have_count(0)
        assert api.get("/v1/quests", headers=auth).json() == []

        condition.fill("event.minutes >= 30")
        expect(check).to_have_text("Looks good")
        form.get_by_label("Event type to try").fill("signup")
        form.get_by_role("button", name="Try it").click()
        expect(page.locator("#quest-try-result")).to_have_text("This event would earn 0 points. Quest starter: 1 of 3.")
        form.get_by_role("button", name="Create quest").click()
        expect(page.locator("#notice")).to_contain_text("Quest starter saved")
        expect(page.locator('[data-quest="starter"]')).to_contain_text("signup, workout")

        events = [("signup", 0), ("workout", 45), ("workout", 10), ("workout", 60)]
        for n, (kind, minutes) in enumerate(events):
            sent = {"id": f"q{n}", "member": "ada", "type": kind, "properties": {"minutes": minutes}}
            effects = api.post("/v1/events", json=sent, headers=auth).json()["effects"]
        assert effects["points"] == 40
        quest = api.get("/v1/members/ada/quests", headers=auth).json()[0]
        assert (quest["key"], quest["status"]) == ("starter", "completed")


def test_the_figures_are_drawn_per_day_over_30_or_90_days(
    browser: Browser, server: LiveServer, shop: tuple[str, dict[str, str]], shots: Path
) -> None:
    key, _ = shop
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, server.url, key)
    expect(page.locator("#kpi-members")).to_have_text("12")
    for chart in ("members", "active", "points", "liability"):
        expect(page.locator(f"#chart-{chart} svg")).to_be_visible()
    members = page.locator("#chart-members circle.point")
    expect(members).to_have_count(30)
    expect(members.last).to_be_visible()
    expect(members.last.locator("title")).to_have_text(re.compile(r": Members 12$"))
    expect(page.locator("#chart-points circle.point")).to_have_count(60)  # issued and redeemed
    expect(page.locator("#chart-active")).to_contain_text("Active members per day")
    page.screenshot(path=str(shots / "console-desktop.png"))

    page.get_by_role("link", name="90 days").click()
    expect(page.locator("#chart-liability circle.point")).to_have_count(90)
    expect(page.get_by_role("link", name="90 days")).to_have_attribute("aria-current", "true")


def test_the_console_speaks_russian_by_the_browser_or_by_choice(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, _ = tenant(api, "Лавка")
    context = browser.new_context(locale="ru-RU", viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{server.url}/admin/login")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_label("Ключ API администратора").fill(key)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Показатели")).to_be_visible()
    expect(page.get_by_role("button", name="Создать задание")).to_be_visible()
    page.get_by_label("Ключ правила").fill("visit")
    page.get_by_label("Тип события правила").fill("visit")
    page.get_by_label("Баллы (целое выражение CEL)", exact=True).fill("event.")
    expect(page.locator("#rule-points-check")).to_contain_text("Строка 1, столбец")
    page.get_by_label("Баллы (целое выражение CEL)", exact=True).fill("5")
    expect(page.locator("#rule-points-check")).to_have_text("Всё верно")
    page.get_by_role("button", name="Создать правило").click()
    expect(page.locator("#notice")).to_have_text("Сохранено: правило visit")

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Figures")).to_be_visible()
    page.goto(f"{server.url}/admin")  # the choice is remembered over the browser's language
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_on_a_phone_everything_fits_and_the_menu_leads_to_each_section(
    browser: Browser, server: LiveServer, shop: tuple[str, dict[str, str]], shots: Path
) -> None:
    key, _ = shop
    page = browser.new_page(viewport=PHONE)
    sign_in(page, server.url, key)
    assert_fits_the_width(page)
    menu = page.get_by_role("navigation", name="Sections")
    expect(menu).to_be_visible()
    expect(page.locator("#chart-members svg")).to_be_in_viewport()
    page.screenshot(path=str(shots / "console-phone.png"))
    for name, section in (("Quests", "#quests"), ("Payouts", "#payouts"), ("Rules", "#rules")):
        page.evaluate("window.scrollTo(0, 0)")
        link = menu.get_by_role("link", name=name)
        expect(link).to_be_in_viewport()
        link.click()
        expect(page.locator(f"{section} h2")).to_be_in_viewport()
    form = page.locator("#quest-form")
    form.get_by_role("button", name="Add a step").click()
    expect(form.get_by_label("Step 2 event type")).to_be_visible()
    form.get_by_label("Step 2 condition (CEL, optional)").fill("event.minutes >")
    expect(page.locator("#quest-step-2-condition-check")).to_be_visible()
    assert_fits_the_width(page)  # a long compiler message wraps instead of widening the page


def test_a_level_and_a_quest_can_be_built_with_the_keyboard_alone(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Library")
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

        page.get_by_label("Level key").focus()
        page.keyboard.type("reader")
        page.keyboard.press("Tab")
        expect(page.get_by_label("Level name")).to_be_focused()
        page.keyboard.type("Reader")
        page.keyboard.press("Tab")
        expect(page.get_by_label("Reached by")).to_be_focused()
        page.keyboard.press("ArrowDown")  # lifetime points -> experience
        page.keyboard.press("Tab")
        page.keyboard.type("100")
        page.keyboard.press("Enter")  # submits the form from a text field
        expect(page.locator("#notice")).to_contain_text("Level reader saved")
        level = api.get("/v1/levels", headers=auth).json()[0]
        assert (level["key"], level["min_xp"]) == ("reader", 100)

        add = page.locator("#quest-form").get_by_role("button", name="Add a step")
        add.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_label("Step 2 event type")).to_be_focused()
        page.keyboard.type("borrow")
        page.keyboard.press("Tab")
        expect(page.get_by_label("Step 2 condition (CEL, optional)")).to_be_focused()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Remove step 2")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_label("Step 2 event type")).to_have_count(0)
        expect(page.get_by_label("Step 1 event type")).to_be_focused()


def test_a_program_is_moved_along_its_lifecycle_from_the_programs_view(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Club")
        made = api.post("/v1/programs", json={"key": "summer", "name": "Summer", "status": "draft"}, headers=auth)
        assert made.status_code == 201, made.text
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        row = page.locator('[data-program="summer"]')
        expect(row).to_contain_text("draft")
        expect(row.locator("button[data-status]")).to_have_count(1)
        row.get_by_role("button", name="Start: Summer").click()
        expect(page.locator("#notice")).to_have_text("Program summer is now active")
        row.get_by_role("button", name="Begin closing: Summer").click()
        expect(row).to_contain_text(re.compile(r"closing\s*closes \d{4}-\d\d-\d\d"))
        assert api.get("/v1/programs/summer", headers=auth).json()["status"] == "closing"
        page.locator("#kpis").get_by_role("link", name="Summer").click()
        expect(page.locator("#kpis").get_by_role("link", name="Summer")).to_have_attribute("aria-current", "true")
        page.get_by_role("link", name="90 days").click()
        expect(page.locator("#chart-members circle.point")).to_have_count(90)
        expect(page.locator("#kpis").get_by_role("link", name="Summer")).to_have_attribute("aria-current", "true")


def test_the_console_passes_the_automated_accessibility_checks_in_both_languages(
    browser: Browser, server: LiveServer, shop: tuple[str, dict[str, str]]
) -> None:
    key, _ = shop
    for language, viewport in (("en-GB", DESKTOP), ("ru-RU", PHONE)):
        context = browser.new_context(locale=language, viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{server.url}/admin/login")
        assert accessibility_problems(page) == []
        sign_in(page, server.url, key)
        page.locator("#quest-form [data-cel]").first.fill("event.x >")  # an error on show, announced
        expect(page.locator("#quest-step-1-condition-check")).to_have_class(re.compile("error"))
        assert accessibility_problems(page) == []
        context.close()
