"""The till on a phone: a card found by the camera (Chromium's fake camera playing a generated card image), by a photo
of the card's barcode and by its typed number; a purchase, a reward, a promo code and a pass in a few taps, a double
tap doing nothing twice; and the till in the tenant's branding."""

import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.conftest import LiveServer
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, accessibility_problems, assert_fits_the_width, sign_in
from tests.e2e.test_console import PHONE, tenant


def camera_video(card_png: bytes, path: Path) -> Path:
    """A Y4M video (what Chromium's fake camera plays) of the card's QR code held in the middle of the frame."""
    frame = Image.new("RGB", (640, 480), (235, 235, 230))
    card = Image.open(io.BytesIO(card_png)).convert("RGB")
    card.thumbnail((400, 400))
    frame.paste(card, ((640 - card.width) // 2, (480 - card.height) // 2))
    y, u, v = frame.convert("YCbCr").split()
    planes = y.tobytes() + u.resize((320, 240)).tobytes() + v.resize((320, 240)).tobytes()
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n" + (b"FRAME\n" + planes) * 10)
    return path


@pytest.fixture()
def cafe(server: LiveServer) -> Iterator[tuple[str, dict[str, str], str]]:
    """A café with a cashback rule, a reward, a promo code, a pass held by its member Mia, and Mia's card number."""
    with httpx.Client(base_url=server.url, timeout=30) as api:
        _, key, auth = tenant(api, "Corner Café")
        api.post("/v1/members", json={"external_id": "mia", "display_name": "Mia"}, headers=auth)
        api.post(
            "/v1/rules", json={"key": "cash", "event_type": "purchase", "points": "event.amount / 10"}, headers=auth
        )
        api.post("/v1/levels", json={"key": "bean", "name": "Bean", "min_points": 0}, headers=auth)
        api.post("/v1/rewards", json={"key": "cookie", "name": "Cookie", "cost": 20}, headers=auth)
        api.post("/v1/promo-codes", json={"code": "WELCOME", "points": 15, "per_member": 1}, headers=auth)
        api.post(
            "/v1/passes", json={"key": "coffee-5", "name": "5 coffees", "uses": 5, "event_type": "coffee"}, headers=auth
        )
        api.post("/v1/members/mia/passes", json={"pass": "coffee-5", "reference": "sale-1"}, headers=auth)
        api.put(
            "/v1/branding",
            json={"name": "Corner Café", "colors": {"primary": "#7a2e0e", "background": "#fbf6ef"}},
            headers=auth,
        )
        number = api.get("/v1/members/mia/card", headers=auth).json()["number"]
        yield key, auth, number


def balance(server: LiveServer, auth: dict[str, str]) -> int:
    return int(httpx.get(f"{server.url}/v1/members/mia/balance", headers=auth).json()["available"])


def test_a_cashier_finds_mia_by_typed_number_and_serves_her_in_a_few_taps(
    browser: Browser, server: LiveServer, cafe: tuple[str, dict[str, str], str], shots: Path
) -> None:
    key, auth, number = cafe
    page = browser.new_page(viewport=PHONE)
    sign_in(page, server.url, key)
    page.goto(f"{server.url}/till")
    expect(page).to_have_url(re.compile(r"/admin/till$"))
    expect(page.get_by_role("heading", name=re.compile("Corner Café · Till"))).to_be_visible()
    page.get_by_label("Card number").fill(f"{number[:4]} {number[4:8]} {number[8:12]} {number[12:]}")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.locator("#member-name")).to_have_text("Mia")
    expect(page.locator("#member-level")).to_have_text("No level yet")
    expect(page.locator("#member-balance")).to_have_text("0 points")

    page.get_by_label("Purchase amount").fill("250")
    page.get_by_role("button", name="Record purchase").dblclick()  # a double tap
    expect(page.locator("#till-status")).to_have_text("Purchase recorded: +25 points.")
    expect(page.locator("#member-balance")).to_have_text("25 points")
    expect(page.locator("#member-level")).to_have_text("Bean")
    assert balance(server, auth) == 25

    page.get_by_label("Promo code").fill("welcome")
    page.get_by_role("button", name="Redeem code").click()
    expect(page.locator("#member-balance")).to_have_text("40 points")
    page.get_by_label("Reward").select_option("cookie")
    page.get_by_role("button", name="Redeem", exact=True).click()
    expect(page.locator("#till-status")).to_have_text(re.compile(r"^Reward redeemed: Cookie \(\W20 points\)\.$"))
    expect(page.locator("#member-balance")).to_have_text("20 points")
    page.get_by_role("button", name="Use 5 coffees (5 left)").click()
    expect(page.get_by_role("button", name="Use 5 coffees (4 left)")).to_be_visible()
    page.get_by_label("Promo code").fill("welcome")
    page.get_by_role("button", name="Redeem code").click()  # once per member: the service's refusal is shown
    expect(page.locator("#till-status")).to_contain_text("WELCOME")
    expect(page.locator("#till-status")).to_have_class(re.compile("error"))
    assert balance(server, auth) == 20
    assert_fits_the_width(page)
    page.screenshot(path=str(shots / "till-phone.png"), full_page=True)


def test_a_photo_of_the_cards_barcode_finds_the_member(
    browser: Browser, server: LiveServer, cafe: tuple[str, dict[str, str], str]
) -> None:
    key, auth, number = cafe
    barcode = httpx.get(f"{server.url}/v1/members/mia/card/barcode.png", headers=auth).content
    page = browser.new_page(viewport=PHONE)
    sign_in(page, server.url, key)
    page.goto(f"{server.url}/admin/till")
    page.get_by_label("Or a photo of the card").set_input_files(
        {"name": "card.png", "mimeType": "image/png", "buffer": barcode}
    )
    expect(page.locator("#member-name")).to_have_text("Mia")
    expect(page.get_by_label("Card number")).to_have_value(number)
    assert page.locator("main").get_attribute("data-decoder") in ("native", "zxing")


def test_the_camera_reads_the_cards_qr_code(
    browser: Browser, server: LiveServer, cafe: tuple[str, dict[str, str], str], tmp_path: Path
) -> None:
    key, auth, number = cafe
    qr = httpx.get(f"{server.url}/v1/members/mia/card.png", headers=auth).content
    video = camera_video(qr, tmp_path / "card.y4m")
    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with_camera = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + camera)
    try:
        context = with_camera.new_context(viewport=PHONE)
        context.grant_permissions(["camera"], origin=server.url)
        page = context.new_page()
        sign_in(page, server.url, key)
        page.goto(f"{server.url}/admin/till")
        page.get_by_role("button", name="Scan a card").click()
        expect(page.locator("#member-name")).to_have_text("Mia", timeout=20_000)
        expect(page.get_by_label("Card number")).to_have_value(number)
        expect(page.locator("#camera")).to_be_hidden()  # the camera stops once the card is read
    finally:
        with_camera.close()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_till_passes_axe_in_both_languages(
    browser: Browser, server: LiveServer, cafe: tuple[str, dict[str, str], str], language: str
) -> None:
    key, _, number = cafe
    context = browser.new_context(locale=language, viewport=PHONE, bypass_csp=True)
    page: Page = context.new_page()
    sign_in(page, server.url, key)
    page.goto(f"{server.url}/admin/till?lang={language}")
    page.locator("#number").fill(number)
    page.locator("#lookup button").click()
    expect(page.locator("#member-name")).to_have_text("Mia")
    assert accessibility_problems(page) == []
    context.close()
