"""Staff in a real browser: an owner invites from the staff page, invitees set a password from their link, and
each role sees only what it may do (a cashier cannot open the definitions, a moderator cannot move points, a viewer
only reads); the new pages pass axe in English and Russian."""

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.e2e.conftest import accessibility_problems, sign_in

PASSWORD = "a long enough password"
REFUSED = {"en-GB": "Your role does not allow", "ru-RU": "Ваша роль не позволяет"}


@pytest.fixture(scope="module")
def owner_key(server: LiveServer) -> str:
    with httpx.Client(base_url=server.url, timeout=30) as api:
        made = api.post("/v1/tenants", json={"name": "Café"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        key = str(made.json()["api_key"])
        badge = {"key": "regular", "name": "Regular", "criteria": {"event_type": "visit", "count": 5}}
        api.post("/v1/badges", json=badge, headers={"Authorization": f"Bearer {key}"})
        return key


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(locale="en-GB", bypass_csp=True)
    yield made
    made.close()


def invite_from_the_staff_page(page: Page, url: str, key: str, email: str, role: str) -> str:
    """Signs in with the owner's key, invites from the form, and returns the link the notice shows."""
    sign_in(page, url, key)
    page.locator("#staff-link").click()
    page.locator("#invite-email").fill(email)
    page.locator("#invite-role").select_option(role)
    page.locator("#invite button[type=submit]").click()
    notice = page.locator("#notice").inner_text()
    match = re.search(r"https?://\S+token=\S+", notice)
    assert match is not None, notice
    return match.group(0)


def join(context: BrowserContext, link: str) -> Page:
    page = context.new_page()
    page.goto(link)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    return page


def refused(page: Page, language: str = "en-GB") -> None:
    expect(page.locator("main [role=alert]")).to_contain_text(REFUSED[language])


def test_a_cashier_cannot_open_the_definitions(
    browser: Browser, context: BrowserContext, server: LiveServer, owner_key: str
) -> None:
    owner = context.new_page()
    link = invite_from_the_staff_page(owner, server.url, owner_key, "cash@example.com", "cashier")
    cashier_context = browser.new_context(locale="en-GB")
    cashier = join(cashier_context, link)
    expect(cashier).to_have_url(re.compile(r"/till$"))
    for path in ("/admin", "/admin/badges/regular", "/admin/loyalty"):
        cashier.goto(f"{server.url}{path}")
        refused(cashier)
    cashier_context.close()


def test_a_moderator_edits_definitions_but_cannot_move_points(
    context: BrowserContext, server: LiveServer, owner_key: str
) -> None:
    owner = context.new_page()
    link = invite_from_the_staff_page(owner, server.url, owner_key, "mod@example.com", "moderator")
    owner.locator("form[action='/admin/logout'] button").click()
    moderator = join(context, link)
    expect(moderator.locator("#kpis")).to_be_visible()
    expect(moderator.locator("#staff-link")).to_have_count(0)
    moderator.goto(f"{server.url}/admin/badges/regular")
    expect(moderator.locator("h2").first).to_be_visible()
    moderator.goto(f"{server.url}/admin/loyalty")
    moderator.locator("#promo-code-form").evaluate("form => form.submit()")
    refused(moderator)


def test_a_viewer_only_reads(context: BrowserContext, server: LiveServer, owner_key: str) -> None:
    owner = context.new_page()
    link = invite_from_the_staff_page(owner, server.url, owner_key, "view@example.com", "viewer")
    owner.locator("form[action='/admin/logout'] button").click()
    viewer = join(context, link)
    expect(viewer.locator("#kpis")).to_be_visible()
    viewer.locator("#badge-form").evaluate("form => form.submit()")
    refused(viewer)
    viewer.goto(f"{server.url}/admin/audit")
    refused(viewer)


def test_the_staff_pages_pass_the_accessibility_checks_in_both_languages(
    browser: Browser, server: LiveServer, owner_key: str
) -> None:
    for language in ("en-GB", "ru-RU"):
        context = browser.new_context(locale=language, bypass_csp=True)
        page = context.new_page()
        sign_in(page, server.url, owner_key)
        for path in ("/admin/staff", "/admin/audit"):
            page.goto(f"{server.url}{path}")
            assert accessibility_problems(page) == [], path
        link = invite_from_the_staff_page(page, server.url, owner_key, f"axe-{language}@example.com", "viewer")
        page.locator("form[action='/admin/logout'] button").click()
        assert accessibility_problems(page) == []  # the sign-in page, with both forms
        page.goto(link)
        assert accessibility_problems(page) == []
        page.goto(f"{server.url}/admin/loyalty")  # signed out: the sign-in page again
        invited = join(context, link)
        invited.goto(f"{server.url}/admin/audit")
        refused(invited, language)
        assert accessibility_problems(invited) == []
        context.close()
