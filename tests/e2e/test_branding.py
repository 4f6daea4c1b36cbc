"""Branding and announcements made in the console, seen on the member page; the member page installable (manifest,
service worker) with its card shown offline."""

import io
import re
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import accessibility_problems, assert_fits_the_width, sign_in
from tests.e2e.test_console import DESKTOP, PHONE, tenant


def logo_png() -> bytes:
    image = Image.new("RGB", (96, 96), "#7a2e0e")
    image.paste(Image.new("RGB", (48, 48), "#fbf6ef"), (24, 24))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_branding_and_an_announcement_made_in_the_console_show_on_the_member_page(
    browser: Browser, server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Bakery")
        api.post("/v1/members", json={"external_id": "noa", "display_name": "Noa"}, headers=auth)
        page = browser.new_page(viewport=DESKTOP)
        sign_in(page, server.url, key)
        page.get_by_role("link", name="Branding").click()
        look = page.locator("#look")
        look.get_by_label("Name shown on pages").fill("Rye & Co")
        look.get_by_label("Primary (header, buttons)").fill("#c9e4ca")  # pale: white text on it is unreadable
        look.get_by_role("button", name="Save branding").click()
        expect(page.locator("#branding-error")).to_contain_text("on_primary on primary")
        expect(look.get_by_label("Name shown on pages")).to_have_value("Rye & Co")  # the form comes back as sent

        look.get_by_label("Primary (header, buttons)").fill("#7a2e0e")
        look.get_by_label("Page background").fill("#fbf6ef")
        look.get_by_label("Logo (PNG, JPEG, WebP or SVG, up to 256 KiB)").set_input_files(
            {"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}
        )
        look.get_by_label("Description").fill("Sourdough since 1998. Fresh bread every morning.")
        look.get_by_label("Phone").fill("+33 1 23 45 67 89")
        look.get_by_label("Website (https://…)").fill("https://rye.example")
        look.get_by_role("button", name="Save branding").click()
        expect(page.get_by_role("status")).to_have_text("Branding saved.")
        saved = api.get("/v1/branding", headers=auth).json()
        assert saved["colors"]["primary"] == "#7a2e0e" and saved["logo"].startswith("data:image/png;base64,")

        form = page.locator("#announcement-form")
        form.get_by_label("Kind").select_option("promotion")
        form.get_by_label("Title").fill("Croissant Tuesdays")
        form.get_by_label("Text").fill("Double points on every croissant, all day.")
        form.get_by_role("button", name="Publish").click()
        expect(page.locator("[data-announcement]")).to_contain_text("showing now")
        page.screenshot(path=str(shots / "console-branding.png"), full_page=True)

        url = api.post("/v1/members/noa/page-link", json={}, headers=auth).json()["url"]
        member = browser.new_page(viewport=PHONE)
        member.goto(url)
        expect(member.locator("#brand-name")).to_have_text("Rye & Co")
        expect(member.get_by_alt_text("Rye & Co")).to_be_visible()
        expect(member.locator('#announcements [data-kind="promotion"]')).to_contain_text("Croissant Tuesdays")
        expect(member.locator("#contacts")).to_contain_text("+33 1 23 45 67 89")
        assert_fits_the_width(member)
        member.screenshot(path=str(shots / "member-branded-phone.png"), full_page=True)


def test_the_member_page_installs_and_shows_the_card_offline(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, _, auth = tenant(api, "Gym")
        api.post("/v1/members", json={"external_id": "ivo", "display_name": "Ivo"}, headers=auth)
        url = api.post("/v1/members/ivo/page-link", json={}, headers=auth).json()["url"]
        token = re.search(r"/m/([^?]+)", url)
        assert token is not None
        manifest = api.get(f"/m/{token.group(1)}/manifest.webmanifest")
        assert manifest.headers["content-type"].startswith("application/manifest+json")
        assert manifest.json()["start_url"].startswith(f"/m/{token.group(1)}")
        assert manifest.json()["display"] == "standalone"
        icon = api.get(manifest.json()["icons"][0]["src"])
        assert icon.status_code == 200 and icon.content.startswith(b"\x89PNG")

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("data-offline", "ready", timeout=15_000)
    number = page.locator("#card-number").inner_text()
    context.set_offline(True)
    page.reload()
    expect(page.locator("#card-number")).to_have_text(number)
    expect(page.get_by_alt_text(re.compile(r"^Code 128 barcode of card 9\d{15}$"))).to_be_visible()
    assert page.get_by_alt_text(re.compile("^Card ")).evaluate("img => img.naturalWidth") > 0
    expect(page.locator("#offline-note")).to_be_visible()
    context.close()


def test_the_branding_page_and_the_branded_member_page_pass_axe(browser: Browser, server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Florist")
        api.put("/v1/branding", json={"colors": {"primary": "#5b2a86"}, "description": "Flowers."}, headers=auth)
        api.post("/v1/announcements", json={"title": "Mother's day", "body": "Order early."}, headers=auth)
        api.post("/v1/members", json={"external_id": "eli"}, headers=auth)
        url = api.post("/v1/members/eli/page-link", json={}, headers=auth).json()["url"]
    for language in ("en", "ru"):
        context = browser.new_context(locale=language, viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        sign_in(page, server.url, key)
        page.goto(f"{server.url}/admin/branding?lang={language}")
        assert accessibility_problems(page) == []
        page.goto(url.replace("lang=en", f"lang={language}"))
        assert accessibility_problems(page) == []
        context.close()
