"""A member in the console: points adjusted, a badge granted and revoked and streak freezes given with the
buttons, each listed with who did it and why, and the adjustment in the member's ledger."""

import httpx
from playwright.sync_api import Browser, expect

from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.e2e.conftest import accessibility_problems, sign_in


def test_an_operator_adjusts_points_grants_and_revokes_a_badge_and_gives_freezes(
    browser: Browser, server: LiveServer
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        made = api.post("/v1/tenants", json={"name": "Florist"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        key = made.json()["api_key"]
        auth = {"Authorization": f"Bearer {key}"}
        api.post("/v1/members", json={"external_id": "ivy"}, headers=auth)
        streak = {"key": "daily", "name": "Daily", "freezes": 1, "criteria": {"event_type": "visit", "streak_days": 3}}
        api.post("/v1/badges", json=streak, headers=auth)
        api.post(
            "/v1/badges",
            json={"key": "vip", "name": "VIP", "criteria": {"event_type": "order", "count": 9}},
            headers=auth,
        )

        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        sign_in(page, server.url, key)
        page.get_by_role("link", name="Manage: ivy").click()
        expect(page.locator("#available")).to_have_text("0")

        page.get_by_label("Points to add (negative to take)").fill("40")
        page.locator("#adjust-reason").fill("bouquet arrived wilted")
        page.get_by_role("button", name="Adjust points").click()
        expect(page.locator("#notice")).to_have_text("Done.")
        expect(page.locator("#available")).to_have_text("40")

        page.get_by_label("Points to add (negative to take)").fill("-100")
        page.locator("#adjust-reason").fill("too much")
        page.get_by_role("button", name="Adjust points").click()
        expect(page.locator("#notice")).to_contain_text("40 points available")

        page.get_by_label("Badge to grant").select_option("vip")
        page.locator("#grant-reason").fill("opening day guest")
        page.get_by_role("button", name="Grant badge").click()
        expect(page.locator('#held [data-badge="vip"]')).to_be_visible()

        page.get_by_label("Reason to revoke vip").fill("wrong member")
        page.get_by_role("button", name="Revoke vip").click()
        expect(page.locator('#held [data-badge="vip"]')).to_have_count(0)

        page.get_by_label("Streak freezes to give").fill("2")
        page.locator("#freezes-reason").fill("app outage")
        page.get_by_role("button", name="Give freezes").click()
        expect(page.locator("#notice")).to_have_text("Done.")

        rows = page.locator("#manual-awards tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.nth(0)).to_contain_text("app outage")
        expect(rows.nth(0)).to_contain_text("console:")
        expect(page.locator('#manual-awards tr[data-kind="badge_revoke"]')).to_contain_text("wrong member")
        assert accessibility_problems(page) == []
        context.close()

        ledger = api.get("/v1/members/ivy/ledger", headers=auth).json()["items"]
        assert [(i["amount"], i["kind"]) for i in ledger] == [(40, "adjust")]
        assert "bouquet arrived wilted" in ledger[0]["memo"] and "console:" in ledger[0]["memo"]
        badges = api.get("/v1/members/ivy/badges", params={"include_locked": True}, headers=auth).json()
        assert next(b for b in badges if b["key"] == "daily")["freezes"] == {"held": 2, "used": 0}
