"""The badge widget on a plain page of another origin: one script tag, a member's signed link, the tenant's colours,
English and Russian, and nothing the browser had to refuse (CORS, CSP)."""

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from tests.conftest import LiveServer, new_tenant

SHOP_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>A shop</title>
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src {laurel}; connect-src {laurel}; img-src data:; style-src 'unsafe-inline'">
<script src="{laurel}/widget.js" defer></script></head>
<body><h1>My account</h1>
<laurel-level link="{link}"></laurel-level>
<laurel-badges link="{link}"></laurel-badges>
</body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture()
def shop_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A plain static site on another port: another origin than Laurel's."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}", tmp_path
    server.shutdown()


def test_the_widget_renders_on_another_origin(
    browser: Browser, server: LiveServer, shop_site: tuple[str, Path], shots: Path
) -> None:
    origin, folder = shop_site
    with httpx.Client(base_url=server.url, timeout=30) as api:
        auth = new_tenant(api, "Widget shop")
        theme = {"accent": "#aa2200", "background": "#fff8e7", "text": "#222222"}
        bad = api.patch("/v1/programs/default", json={"settings": {"theme": {"accent": "red; x: y"}}}, headers=auth)
        assert bad.status_code == 422, bad.text
        api.patch("/v1/programs/default", json={"settings": {"theme": theme}}, headers=auth).raise_for_status()
        api.post("/v1/members", json={"external_id": "mia", "display_name": "Mia"}, headers=auth)
        api.post("/v1/rules", json={"key": "coffee", "event_type": "coffee", "points": "10"}, headers=auth)
        regular = {"key": "regular", "name": "Regular", "criteria": {"event_type": "coffee", "count": 2}}
        loyal = {"key": "loyal", "name": "Loyal", "criteria": {"event_type": "coffee", "count": 5}}
        for badge in (regular, loyal):
            api.post("/v1/badges", json=badge, headers=auth).raise_for_status()
        api.post("/v1/levels", json={"key": "bean", "name": "Bean", "min_points": 0}, headers=auth)
        api.post("/v1/levels", json={"key": "roaster", "name": "Roaster", "min_points": 100}, headers=auth)
        for n in range(3):
            api.post("/v1/events", json={"id": f"c{n}", "member": "mia", "type": "coffee"}, headers=auth)
        link = api.post("/v1/members/mia/page-link", json={}, headers=auth).json()["url"]

        data = api.get(link.split("?")[0].replace("/m/", "/w/"), headers={"Origin": origin})
        assert data.headers["access-control-allow-origin"] == "*"
        assert "default-src 'none'" in data.headers["content-security-policy"]
        assert api.get(link.split("?")[0].replace("/m/", "/w/") + "x").status_code == 404

    for lang in ("en", "ru"):
        page_link = link.replace("lang=en", f"lang={lang}")
        (folder / f"account-{lang}.html").write_text(SHOP_PAGE.format(lang=lang, laurel=server.url, link=page_link))
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if _is_error(message) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{origin}/account-en.html")

    badges = page.locator("laurel-badges")
    expect(badges.locator('li[data-key="regular"]')).to_contain_text("Earned")
    locked = badges.locator('li[data-key="loyal"]')
    expect(locked).to_contain_text("Locked · 3 of 5")
    expect(locked.locator("progress")).to_have_attribute("value", "3")
    level = page.locator("laurel-level")
    expect(level.locator(".level")).to_have_text("Bean")
    expect(level.locator(".points")).to_have_text("30")
    expect(level).to_contain_text("70 more to Roaster")
    colours = level.locator(".points").evaluate(
        "node => [getComputedStyle(node).color, getComputedStyle(node.getRootNode().host).backgroundColor]"
    )
    assert colours == ["rgb(170, 34, 0)", "rgb(255, 248, 231)"]
    page.screenshot(path=str(shots / "widget-en.png"), full_page=True)

    page.goto(f"{origin}/account-ru.html")
    expect(page.locator("laurel-badges").locator('li[data-key="loyal"]')).to_contain_text("Не получен · 3 из 5")  # noqa: RUF001
    expect(page.locator("laurel-level")).to_contain_text("Уровень")
    assert problems == []


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"
