"""A member with points waiting out the return window, a payout in flight and a debt left by a return: the member
page shows pending, in payout and owed points and the return in its activity; the console's member page shows the
same figures and the return, and its buttons still work. Both languages, checked with axe."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import ADMIN_TOKEN, LiveServer, make_settings
from tests.e2e.conftest import accessibility_problems, assert_fits_the_width, sign_in

PHONE = {"width": 390, "height": 844}

# A payout is queued and its points reserved without reaching the chain (no worker runs here): the node is named
# so the EVM chain exists, never called.
EVM = {"evm_rpc_url": "http://127.0.0.1:9", "evm_chain_id": 31337, "evm_token_address": "0x" + "22" * 20}
FIGURES = {"available": "0", "pending": "40", "in_payout": "30", "debt": "90"}


@pytest.fixture(scope="module")
def payout_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = make_settings("sqlite", tmp_path_factory.mktemp("e2e-returns"), request, **EVM)
    with LiveServer(settings) as live:
        yield live


def _member_with_a_return(api: httpx.Client) -> tuple[str, str]:
    """ann: 100 points earned, 30 sent to a payout, 60 spent on a mug; then a 14-day window, 40 points pending;
    then the first purchase returned: 10 taken from available, 90 owed. Her API key and page link."""
    made = api.post("/v1/tenants", json={"name": "Kiosk"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    key = made.json()["api_key"]
    auth = {"Authorization": f"Bearer {key}"}
    api.post("/v1/rules", json={"key": "cashback", "event_type": "purchase", "points": "event.amount"}, headers=auth)
    api.post("/v1/rewards", json={"key": "mug", "name": "Mug", "cost": 60}, headers=auth)
    body = {"id": "o1", "member": "ann", "type": "purchase", "properties": {"amount": 100}}
    assert api.post("/v1/events", json=body, headers=auth).status_code == 201
    payout = {"member": "ann", "amount": 30, "chain": "evm", "to_address": "0x" + "11" * 20}
    assert api.post("/v1/payouts", json=payout, headers=auth).status_code == 202
    assert api.post("/v1/rewards/mug/redeem", json={"member": "ann"}, headers=auth).status_code == 201
    assert api.patch("/v1/programs/default", json={"settings": {"pending_days": 14}}, headers=auth).is_success
    body = {"id": "o2", "member": "ann", "type": "purchase", "properties": {"amount": 40}}
    assert api.post("/v1/events", json=body, headers=auth).status_code == 201
    returned = api.post("/v1/events/o1/reversals", json={"id": "back-o1"}, headers=auth)
    assert returned.status_code == 201 and returned.json()["effects"]["debt"] == 90
    balance = api.get("/v1/members/ann/balance", headers=auth).json()
    assert {name: str(balance[name]) for name in FIGURES} == FIGURES
    return key, api.post("/v1/members/ann/page-link", json={}, headers=auth).json()["url"]


def _console_figures(page: Page) -> dict[str, str]:
    ids = {"available": "#available", "pending": "#pending", "in_payout": "#in-payout", "debt": "#debt"}
    return {name: page.locator(selector).inner_text() for name, selector in ids.items()}


def test_pending_in_payout_and_debt_on_the_member_page_and_in_the_console(
    browser: Browser, payout_server: LiveServer, shots: Path
) -> None:
    with httpx.Client(base_url=payout_server.url, timeout=30) as api:
        key, url = _member_with_a_return(api)

    for language, returns_heading in (("en", "Returns"), ("ru", "Возвраты")):
        context = browser.new_context(viewport=PHONE, bypass_csp=True)
        page = context.new_page()
        page.goto(url.replace("lang=en", f"lang={language}"))
        expect(page.locator("#balance-pending")).to_have_text("40")
        expect(page.locator("#balance-in-payout")).to_have_text("30")
        expect(page.locator("#balance-debt")).to_have_text("90")
        returned = page.locator("li", has_text="return back-o1 of event o1")  # from available, and the debt
        expect(returned).to_have_count(2)
        expect(returned.first).to_be_visible()
        assert_fits_the_width(page)
        assert accessibility_problems(page) == []
        page.screenshot(path=str(shots / f"member-return-{language}.png"), full_page=True)

        sign_in(page, payout_server.url, key)
        page.goto(f"{payout_server.url}/admin/members/ann?lang={language}")
        assert _console_figures(page) == FIGURES
        expect(page.get_by_role("heading", name=returns_heading)).to_be_visible()
        expect(page.locator('#returns tr[data-return="back-o1"]')).to_contain_text("-100")
        expect(page.locator('#returns tr[data-return="back-o1"]')).to_contain_text("90")
        assert accessibility_problems(page) == []
        context.close()

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, payout_server.url, key)
    page.get_by_role("link", name="Manage: ann").click()
    page.get_by_label("Points to add (negative to take)").fill("25")
    page.locator("#adjust-reason").fill("sorry for the wait")
    page.get_by_role("button", name="Adjust points").click()
    expect(page.locator("#notice")).to_have_text("Done.")
    expect(page.locator("#available")).to_have_text("0")
    expect(page.locator("#debt")).to_have_text("65")  # points given by hand pay the debt first, as earnings do
    expect(page.locator("#pending")).to_have_text("40")
    page.get_by_label("Streak freezes to give").fill("1")
    page.locator("#freezes-reason").fill("outage")
    page.get_by_role("button", name="Give freezes").click()
    expect(page.locator("#notice")).to_have_text("Done.")
    expect(page.locator("#manual-awards tbody tr")).to_have_count(2)
    assert accessibility_problems(page) == []
    context.close()
