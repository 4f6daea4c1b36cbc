"""Branding (with its contrast check), announcements, and the till's actions: each goes through the services the API
uses, and an action's key makes a repeated tap do nothing twice."""

import base64
import uuid

import httpx

from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.integration.api.test_console import signed_in

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode()


def test_branding_round_trips_and_a_low_contrast_pair_is_refused_by_name(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    assert client.get("/v1/branding", headers=auth).json()["colors"]["primary"] == "#2f6b3a"
    good = {
        "name": "Bean There",
        "colors": {"primary": "#7a2e0e", "on_primary": "#FFFFFF"},
        "logo": PNG,
        "description": "Coffee on the corner.",
        "contacts": {"phone": "+33 1 23 45 67 89", "website": "https://bean.example"},
    }
    saved = client.put("/v1/branding", json=good, headers=auth)
    assert saved.status_code == 200, saved.text
    assert saved.json()["colors"]["on_primary"] == "#ffffff" and saved.json()["logo"] == PNG
    assert client.get("/v1/branding", headers=auth).json()["contacts"]["website"] == "https://bean.example"

    pale = client.put("/v1/branding", json={"colors": {"primary": "#9fd3a8", "on_primary": "#ffffff"}}, headers=auth)
    assert pale.status_code == 422 and pale.headers["content-type"].startswith("application/problem+json")
    problem = pale.json()
    assert problem["type"].endswith("branding-contrast")
    assert {(p["foreground"], p["background"]) for p in problem["pairs"]} == {
        ("on_primary", "primary"),
        ("primary", "surface"),
    }
    assert "on_primary on primary" in problem["detail"]
    assert client.get("/v1/branding", headers=auth).json()["name"] == "Bean There"  # nothing saved

    not_png = "data:image/png;base64," + base64.b64encode(b"GIF89a").decode()
    assert client.put("/v1/branding", json={"logo": not_png}, headers=auth).status_code == 422
    assert client.put("/v1/branding", json={"colors": {"primary": "green"}}, headers=auth).status_code == 422


def test_announcements_show_between_their_dates_and_belong_to_their_tenant(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    now = client.post("/v1/announcements", json={"title": "Open late", "body": "Until 22:00 on Fridays."}, headers=auth)
    assert now.status_code == 201 and now.json()["current"] is True
    later = client.post(
        "/v1/announcements",
        json={"kind": "promotion", "title": "Summer", "body": "Double points", "starts_at": "2099-06-01T00:00:00Z"},
        headers=auth,
    ).json()
    assert later["current"] is False
    current = client.get("/v1/announcements?current=true", headers=auth).json()
    assert [a["title"] for a in current] == ["Open late"]
    assert len(client.get("/v1/announcements", headers=auth).json()) == 2

    bad = {"ends_at": "2099-01-01T00:00:00Z"}  # before its start
    assert client.patch(f"/v1/announcements/{later['id']}", json=bad, headers=auth).status_code == 422
    moved = client.patch(f"/v1/announcements/{later['id']}", json={"starts_at": "2020-01-01T00:00:00Z"}, headers=auth)
    assert moved.status_code == 200 and moved.json()["current"] is True

    other = client.post("/v1/tenants", json={"name": "Other"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    stranger = {"Authorization": f"Bearer {other.json()['api_key']}"}
    assert client.get(f"/v1/announcements/{later['id']}", headers=stranger).status_code == 404
    assert client.delete(f"/v1/announcements/{later['id']}", headers=stranger).status_code == 404
    assert client.delete(f"/v1/announcements/{later['id']}", headers=auth).status_code == 204
    assert client.get(f"/v1/announcements/{later['id']}", headers=auth).status_code == 404


def test_a_repeated_till_action_does_nothing_twice(live_server: LiveServer, client: httpx.Client) -> None:
    made = client.post("/v1/tenants", json={"name": "Till"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    auth = {"Authorization": f"Bearer {made.json()['api_key']}"}
    client.post("/v1/members", json={"external_id": "ana", "display_name": "Ana"}, headers=auth)
    client.post("/v1/rules", json={"key": "cash", "event_type": "purchase", "points": "event.amount"}, headers=auth)
    client.post("/v1/rewards", json={"key": "mug", "name": "Mug", "cost": 30}, headers=auth)
    client.post("/v1/promo-codes", json={"code": "HELLO", "points": 5}, headers=auth)
    number = client.get("/v1/members/ana/card", headers=auth).json()["number"]
    browser, csrf = signed_in(live_server, made.json()["api_key"])
    token = {"X-CSRF-Token": csrf}

    assert browser.post("/admin/till/lookup", json={"number": number}).status_code == 403  # no CSRF header
    found = browser.post("/admin/till/lookup", json={"number": number}, headers=token).json()
    assert found["summary"]["name"] == "Ana" and found["summary"]["available"] == 0
    assert browser.post("/admin/till/lookup", json={"number": "4000001234567890"}, headers=token).status_code == 404

    purchase = {"key": uuid.uuid4().hex, "member": "ana", "amount": 50}
    first = browser.post("/admin/till/purchase", json=purchase, headers=token).json()
    again = browser.post("/admin/till/purchase", json=purchase, headers=token).json()
    assert (first["points"], first["replayed"], again["replayed"]) == (50, False, True)
    assert again["summary"]["available"] == 50

    redeem = {"key": uuid.uuid4().hex, "member": "ana", "reward": "mug"}
    for _ in range(2):
        answer = browser.post("/admin/till/reward", json=redeem, headers=token).json()
    assert answer["replayed"] is True and answer["summary"]["available"] == 20
    reused = browser.post("/admin/till/reward", json={**redeem, "reward": "other"}, headers=token)
    assert reused.status_code == 409

    code = {"key": uuid.uuid4().hex, "member": "ana", "code": "hello"}
    for _ in range(2):
        answer = browser.post("/admin/till/promo", json=code, headers=token).json()
    assert answer["points"] == 5 and answer["summary"]["available"] == 25
    assert client.get("/v1/members/ana/balance", headers=auth).json()["available"] == 25

    poor = browser.post(
        "/admin/till/reward", json={"key": uuid.uuid4().hex, "member": "ana", "reward": "mug"}, headers=token
    )
    assert poor.status_code == 409 and "points" in poor.json()["error"]


def test_the_installable_pages_parts_need_a_genuine_link(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "ivo"}, headers=auth)
    url = client.post("/v1/members/ivo/page-link", json={}, headers=auth).json()["url"]
    token = url.split("/m/")[1].split("?")[0]
    manifest = client.get(f"/m/{token}/manifest.webmanifest").json()
    assert manifest["scope"] == "/m/" and manifest["theme_color"] == "#2f6b3a"
    assert client.get(f"/m/{token}x/manifest.webmanifest").status_code == 404
    assert client.get(f"/m/{token}x/icon-192.png").status_code == 404
    assert client.get(f"/m/{token}/icon-100.png").status_code == 404
    worker = client.get("/m/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript") and "caches" in worker.text
    page = client.get(url)
    assert "manifest-src 'self'" in page.headers["content-security-policy"]
    assert f'href="/m/{token}/manifest.webmanifest' in page.text


def test_card_images_take_the_brands_text_on_surface(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "kim"}, headers=auth)
    plain = client.get("/v1/members/kim/card.svg", headers=auth).text
    client.put("/v1/branding", json={"colors": {"text": "#2b1a0e", "surface": "#fffaf0"}}, headers=auth)
    branded = client.get("/v1/members/kim/card.svg", headers=auth).text
    barcode = client.get("/v1/members/kim/card/barcode.svg", headers=auth).text
    assert "#2b1a0e" not in plain
    assert "#2b1a0e" in branded and "#fffaf0" in branded
    assert "#2b1a0e" in barcode


def test_the_badge_widget_follows_the_tenants_branding_once_saved(
    live_server: LiveServer, client: httpx.Client
) -> None:
    made = client.post("/v1/tenants", json={"name": "Widget"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    auth = {"Authorization": f"Bearer {made.json()['api_key']}"}
    client.post("/v1/members", json={"external_id": "wen"}, headers=auth)
    link = client.post("/v1/members/wen/page-link", json={}, headers=auth).json()["url"]
    data_path = httpx.URL(link).path.replace("/m/", "/w/")
    assert client.get(data_path).json()["theme"]["accent"] == "#2f6b3a"  # the defaults before any branding
    colors = {"primary": "#7a2e0e", "on_primary": "#ffffff", "surface": "#fffaf0", "text": "#222222"}
    assert client.put("/v1/branding", json={"colors": colors}, headers=auth).status_code == 200
    theme = client.get(data_path).json()["theme"]
    assert theme == {"accent": "#7a2e0e", "background": "#fffaf0", "text": "#222222"}
