"""Browser fixtures: Debian's Chromium (never a downloaded browser) driven by Playwright, against a live server."""

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from core.tenancy import get_member
from loyalty.accounts import rewards_redeemed
from tests.conftest import LiveServer, make_settings
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.programs import resolve_program

CHROMIUM = os.environ.get("LAUREL_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background fetches, no component updates, no first-run UI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def e2e_settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings("sqlite", tmp_path_factory.mktemp("e2e"), request)


@pytest.fixture(scope="module")
def server(e2e_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(e2e_settings) as live:
        yield live


def seed_history(settings: Settings, api: httpx.Client, tenant_id: str, auth: dict[str, str], days: int = 30) -> None:
    """A month of a small shop's life for the charts: members joining, visiting, earning and spending points on
    past days (the ledger's and the members' dates are set directly: the API dates what it writes now)."""
    today = datetime.now(UTC).date()

    def moment(day: int, n: int) -> datetime:
        return datetime.combine(today - timedelta(days=day), time(10 + n % 8), UTC)

    for n in range(12):
        api.post("/v1/members", json={"external_id": f"guest{n}", "display_name": f"Guest {n}"}, headers=auth)
        for day in range(0, days - n * 2, 1 + n % 3):
            event = {"id": f"seed-{n}-{day}", "member": f"guest{n}", "type": "visit"}
            api.post("/v1/events", json={**event, "occurred_at": moment(day, n).isoformat()}, headers=auth)
    engine = engine_from_settings(settings)
    try:
        with unit_of_work(engine) as session:
            program_id = resolve_program(session, tenant_id).id
            assert program_id is not None
            for n in range(12):
                member = get_member(session, tenant_id, f"guest{n}")
                assert member.id is not None
                member.created_at = moment(days - 1 - n * 2, 0)
                session.add(member)
                for day in range(days - 1 - n * 2, -1, -1 - n % 3):
                    points = 10 + (n * 7 + day * 3) % 40
                    earn = (Entry(member_available(member.id), points), Entry(program_issued(program_id), -points))
                    spend = (Entry(member_available(member.id), -points), Entry(rewards_redeemed(program_id), points))
                    moves = [(Kind.EARN, earn)] + ([(Kind.SPEND, spend)] if (n + day) % 5 == 0 else [])
                    for kind, entries in moves:
                        spec = TransactionSpec(
                            program_id, kind, f"seed-{kind}-{n}-{day}", entries, created_at=moment(day, n)
                        )
                        ledger.post(session, tenant_id, spec)
    finally:
        engine.dispose()


@pytest.fixture()
def shots(tmp_path: Path) -> Path:
    """Where the tests' screenshots go: a temporary folder, or the README's pictures with
    `LAUREL_SCREENSHOTS=docs/screenshots`."""
    folder = Path(os.environ.get("LAUREL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def assert_fits_the_width(page: Page) -> None:
    """Nothing sticks out sideways: the page scrolls only down (wide tables scroll inside their own box)."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"


def sign_in(page: Page, url: str, key: str) -> None:
    page.goto(f"{url}/admin/login")
    page.locator("#api_key").fill(key)
    page.locator("#api_key").press("Enter")
    expect(page.locator("#kpis")).to_be_visible()


AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def accessibility_problems(page: Page) -> list[str]:
    """What axe-core (from package.json's devDependencies) finds against WCAG 2 A and AA: labels, contrast, names,
    landmarks... The page's context needs `bypass_csp=True` for axe's script to be injected."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))"
    )
    return list(found)
