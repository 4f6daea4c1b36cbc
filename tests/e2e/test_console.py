"""The admin console in a real browser: sign in, build a badge, watch it reach a member's page."""

from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.conftest import ADMIN_TOKEN, LiveServer


def test_a_badge_made_in_the_console_appears_on_the_member_page(
    browser: Browser, server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        tenant = api.post("/v1/tenants", json={"name": "Bakery"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        key = tenant.json()["api_key"]
        auth = {"Authorization": f"Bearer {key}"}
        api.post("/v1/members", json={"external_id": "noa", "display_name": "Noa"}, headers=auth)

        page = browser.new_page(viewport={"width": 1280, "height": 900})
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
        page.screenshot(path=str(shots / "console.png"), full_page=True)

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
        key = api.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()[
            "api_key"
        ]
        for n in range(3):
            api.post(
                "/v1/events",
                json={"id": f"o{n}", "member": f"m{n}", "type": "order", "properties": {"amount": 200}},
                headers={"Authorization": f"Bearer {key}"},
            )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/admin/login")
    page.get_by_label("Admin API key").fill(key)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_label("Rule key").fill("cashback")
    page.get_by_label("Rule event type").fill("order")
    page.get_by_label("Points (CEL integer)", exact=True).fill("1.5")
    expect(page.locator("#rule-points-check")).to_contain_text("integer")
    page.get_by_label("Points (CEL integer)", exact=True).fill("event.amount / 10")
    expect(page.locator("#rule-points-check")).to_have_text("Looks good")
    page.get_by_label("Try it on an event: properties (JSON)").fill('{"amount": 350}')
    page.get_by_role("button", name="Try it").click()
    expect(page.locator("#try-result")).to_have_text("This event would earn 35 points.")
    page.get_by_role("button", name="Create rule").click()
    expect(page.locator("#notice")).to_contain_text("Rule cashback saved")

    page.get_by_label("Campaign event type").fill("order")
    page.get_by_label("Campaign points (CEL integer)").fill("event.amount / 4")
    page.get_by_role("button", name="Simulate").click()
    expect(page.locator("#sim-points-total")).to_have_text("150")
    expect(page.locator("#sim-reached")).to_have_text("3")
