"""The member page in a real browser: what a member sees, on a phone and on a desktop."""

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.conftest import LiveServer, new_tenant
from tests.e2e.conftest import accessibility_problems, assert_fits_the_width

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_a_new_badge_appears_on_the_member_page(browser: Browser, server: LiveServer, shots: Path) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        auth = new_tenant(api, "Cafe")
        api.post("/v1/members", json={"external_id": "mia", "display_name": "Mia"}, headers=auth)
        api.post("/v1/rules", json={"key": "coffee", "event_type": "coffee", "points": "10"}, headers=auth)
        api.post(
            "/v1/badges",
            json={"key": "regular", "name": "Regular", "criteria": {"event_type": "coffee", "count": 2}},
            headers=auth,
        )
        api.post("/v1/levels", json={"key": "bean", "name": "Bean", "min_points": 0}, headers=auth)
        api.post("/v1/levels", json={"key": "roaster", "name": "Roaster", "min_points": 100}, headers=auth)
        url = api.post("/v1/members/mia/page-link", json={}, headers=auth).json()["url"]

        page = browser.new_page(viewport=PHONE)
        page.goto(url)
        badge = page.locator('[data-badge="regular"]')
        expect(page.locator("#member-name")).to_have_text("Mia")
        expect(badge).to_be_visible()
        expect(badge).to_have_attribute("data-awarded", "no")
        expect(badge).to_contain_text("0 of 2")

        for n in range(2):
            api.post("/v1/events", json={"id": f"c{n}", "member": "mia", "type": "coffee"}, headers=auth)
        page.reload()
        expect(badge).to_have_attribute("data-awarded", "yes")
        expect(badge.get_by_alt_text("Regular")).to_be_visible()
        expect(page.locator("#balance-available")).to_have_text("20")
        expect(page.locator("#level-progress")).to_be_visible()
        expect(page.get_by_alt_text(re.compile("^Card "))).to_be_visible()
        barcode = page.get_by_alt_text(re.compile(r"^Code 128 barcode of card 9\d{15}$"))
        expect(barcode).to_be_visible()
        assert barcode.evaluate("img => img.naturalWidth") > 0  # the image decoded, not a broken-image box
        expect(page.locator("#card-number")).to_have_text(re.compile(r"^9\d{3} \d{4} \d{4} \d{4}$"))
        assert_fits_the_width(page)
        page.screenshot(path=str(shots / "member-phone.png"), full_page=True)

        desktop = browser.new_page(viewport=DESKTOP)
        desktop.goto(url.replace("lang=en", "lang=ru"))
        expect(desktop.get_by_role("heading", name="Значки")).to_be_visible()
        assert_fits_the_width(desktop)
        desktop.screenshot(path=str(shots / "member-desktop-ru.png"), full_page=True)
    assert (shots / "member-phone.png").stat().st_size > 10_000


def test_a_tampered_link_shows_nothing_of_the_member(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        auth = new_tenant(api, "Shop")
        api.post("/v1/members", json={"external_id": "max", "display_name": "Max Secret"}, headers=auth)
        url = api.post("/v1/members/max/page-link", json={}, headers=auth).json()["url"]
    token = url.split("/m/")[1].split("?")[0]
    page = browser.new_page()
    response = page.goto(url.replace(token, token[:-3] + "AAA"))
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("Max Secret")


def test_the_member_page_passes_the_automated_accessibility_checks(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        auth = new_tenant(api, "Bookshop")
        badge = {"key": "reader", "name": "Reader", "criteria": {"event_type": "read", "count": 3}}
        api.post("/v1/badges", json=badge, headers=auth)
        api.post("/v1/events", json={"id": "r1", "member": "eve", "type": "read"}, headers=auth)
        url = api.post("/v1/members/eve/page-link", json={}, headers=auth).json()["url"]
    for language in ("en", "ru"):
        context = browser.new_context(viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        page.goto(url.replace("lang=en", f"lang={language}"))
        expect(page.locator('[data-badge="reader"]')).to_be_visible()
        assert_fits_the_width(page)
        assert accessibility_problems(page) == []
        context.close()
