"""Barcodes that decode to the card number; several cards per member; blocking and replacing a lost card."""

import io
import re

import httpx
import zxingcpp
from PIL import Image, ImageDraw

from tests.conftest import new_tenant

PHYSICAL = "4000001234567899"  # Luhn-valid


def svg_to_image(svg: str) -> Image.Image:
    """Draw the SVG's bars (its inked rectangles) on a white image: enough for a scanner to read a 1D barcode."""
    bars = [
        (float(x), float(w))
        for x, w in re.findall(
            r'<rect x="([\d.]+)mm" y="[\d.]+mm" width="([\d.]+)mm" height="[\d.]+mm" '
            r'style="fill:[^;"]+;"',  # the brand's ink (near-black by default)
            svg,
        )
    ]
    assert bars, svg[:500]
    scale = 12  # pixels per millimetre
    width = int((max(x + w for x, w in bars) + 10) * scale)
    image = Image.new("L", (width, 200), 255)
    draw = ImageDraw.Draw(image)
    for x, w in bars:
        draw.rectangle([round(x * scale), 20, round((x + w) * scale) - 1, 180], fill=0)
    return image


def decoded(image: Image.Image) -> list[tuple[str, str]]:
    return [(r.text, r.format.name) for r in zxingcpp.read_barcodes(image)]


def test_card_barcodes_decode_to_the_card_number(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "bar"}, headers=auth)
    card = client.get("/v1/members/bar/card", headers=auth).json()
    number = card["number"]
    png = client.get("/v1/members/bar/card/barcode.png", headers=auth)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert decoded(Image.open(io.BytesIO(png.content))) == [(number, "Code128")]
    svg = client.get("/v1/members/bar/card/barcode.svg", headers=auth)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert decoded(svg_to_image(svg.text)) == [(number, "Code128")]
    assert number in svg.text  # the digits printed under the bars
    assert client.get(card["barcode_png"], headers=auth).content == png.content
    assert client.get("/v1/members/bar/card/barcode.gif", headers=auth).status_code == 404
    # the QR code paths stay as they were
    assert client.get("/v1/members/bar/card.png", headers=auth).status_code == 200
    qr = Image.open(io.BytesIO(client.get(card["qr_png"], headers=auth).content))
    assert decoded(qr) == [(number, "QRCode")]


def test_a_member_holds_virtual_and_physical_cards_and_any_active_one_finds_them(
    client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/members", json={"external_id": "multi"}, headers=auth)
    primary = client.get("/v1/members/multi/card", headers=auth).json()
    assert primary["primary"] and primary["kind"] == "virtual" and primary["status"] == "active"
    virtual = client.post("/v1/members/multi/cards", json={"label": "phone"}, headers=auth)
    assert virtual.status_code == 201, virtual.text
    assert not virtual.json()["primary"] and virtual.json()["label"] == "phone"
    plastic = client.post("/v1/members/multi/cards", json={"number": PHYSICAL}, headers=auth)
    assert plastic.status_code == 201 and plastic.json()["kind"] == "physical"
    again = client.post("/v1/members/multi/cards", json={"number": PHYSICAL}, headers=auth)
    assert again.status_code == 200 and again.json()["number"] == PHYSICAL
    for number in (primary["number"], virtual.json()["number"], PHYSICAL):
        found = client.get(f"/v1/cards/{number}", headers=auth)
        assert found.status_code == 200 and found.json()["member"] == "multi"
    cards = client.get("/v1/members/multi/cards", headers=auth).json()["cards"]
    assert cards[0]["number"] == primary["number"] and len(cards) == 3
    assert client.get("/v1/members/multi/card", headers=auth).json()["number"] == primary["number"]
    client.post("/v1/members", json={"external_id": "other"}, headers=auth)
    taken = client.post("/v1/members/other/cards", json={"number": PHYSICAL}, headers=auth)
    assert taken.status_code == 409


def test_bad_card_numbers_are_rejected_naming_the_field(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "typo"}, headers=auth)
    for bad in ("4000001234567890", "12ab5678", "123"):
        response = client.post("/v1/members/typo/cards", json={"number": bad}, headers=auth)
        assert response.status_code == 422, (bad, response.text)
        assert "number" in response.text
    assert client.post("/v1/members/nobody/cards", json={}, headers=auth).status_code == 404


def test_a_lost_card_is_blocked_or_replaced_and_the_balance_stays(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "lost"}, headers=auth)
    client.post("/v1/promo-codes", json={"code": "CARDS10", "points": 10}, headers=auth)
    client.post("/v1/promo-codes/CARDS10/redeem", json={"member": "lost"}, headers=auth)
    old = client.get("/v1/members/lost/card", headers=auth).json()["number"]

    replaced = client.post(f"/v1/cards/{old}/replace", json={}, headers=auth)
    assert replaced.status_code == 201, replaced.text
    new = replaced.json()
    assert new["primary"] and new["number"] != old and new["status"] == "active"
    assert client.post(f"/v1/cards/{old}/replace", json={}, headers=auth).json()["number"] == new["number"]
    assert client.get("/v1/members/lost/card", headers=auth).json()["number"] == new["number"]
    gone = client.get(f"/v1/cards/{old}", headers=auth)
    assert gone.status_code == 410 and gone.json()["card_status"] == "replaced"
    assert client.get("/v1/members/lost/balance", headers=auth).json()["available"] == 10

    spare = client.post("/v1/members/lost/cards", json={"number": "4000001234567808"}, headers=auth)
    assert spare.status_code == 201, spare.text
    blocked = client.post(f"/v1/cards/{new['number']}/block", headers=auth)
    assert blocked.status_code == 200 and blocked.json()["status"] == "blocked"
    assert client.post(f"/v1/cards/{new['number']}/block", headers=auth).json()["status"] == "blocked"
    assert client.get(f"/v1/cards/{new['number']}", headers=auth).status_code == 410
    assert client.get("/v1/members/lost/card", headers=auth).json()["number"] == spare.json()["number"]
    assert client.post(f"/v1/cards/{new['number']}/replace", json={}, headers=auth).status_code == 409
    assert client.get("/v1/members/lost/balance", headers=auth).json()["available"] == 10


def test_card_changes_are_tenant_scoped(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "mine"}, headers=auth)
    number = client.get("/v1/members/mine/card", headers=auth).json()["number"]
    stranger = new_tenant(client, "Other")
    assert client.post(f"/v1/cards/{number}/block", headers=stranger).status_code == 404
    assert client.post(f"/v1/cards/{number}/replace", json={}, headers=stranger).status_code == 404
    assert client.get(f"/v1/cards/{number}/barcode.png", headers=stranger).status_code == 404
    assert client.get("/v1/members/mine/card/barcode.svg", headers=stranger).status_code == 404
    assert client.get(f"/v1/cards/{number}", headers=auth).json()["status"] == "active"
