"""Member cards: a stable Luhn-checked number, QR codes that decode to it, lookup by number."""

import struct

import httpx

from tests.conftest import new_tenant


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in reversed(number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def test_a_member_gets_one_stable_luhn_checked_card(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "alice"}, headers=auth)
    first = client.get("/v1/members/alice/card", headers=auth)
    assert first.status_code == 200, first.text
    number = first.json()["number"]
    assert len(number) == 16 and number.isdigit() and luhn_ok(number)
    assert client.get("/v1/members/alice/card", headers=auth).json()["number"] == number
    client.post("/v1/members", json={"external_id": "bob"}, headers=auth)
    assert client.get("/v1/members/bob/card", headers=auth).json()["number"] != number


def test_card_qr_codes_come_as_svg_and_png(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "carol"}, headers=auth)
    svg = client.get("/v1/members/carol/card.svg", headers=auth)
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    png = client.get("/v1/members/carol/card.png", headers=auth)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png.content[16:24])  # the IHDR chunk
    assert width == height >= (21 + 8) * 8  # a version-1 QR code or larger, with its quiet zone, at scale 8
    assert client.get("/v1/members/carol/card.gif", headers=auth).status_code == 404


def test_a_scanned_number_finds_its_member(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "dan"}, headers=auth)
    number = client.get("/v1/members/dan/card", headers=auth).json()["number"]
    found = client.get(f"/v1/cards/{number}", headers=auth)
    assert found.status_code == 200 and found.json()["member"] == "dan"
    wrong_check_digit = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert client.get(f"/v1/cards/{wrong_check_digit}", headers=auth).status_code == 404


def test_cards_are_tenant_scoped(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "erin"}, headers=auth)
    number = client.get("/v1/members/erin/card", headers=auth).json()["number"]
    stranger = new_tenant(client, "Other")
    assert client.get("/v1/members/erin/card", headers=stranger).status_code == 404
    assert client.get("/v1/members/erin/card.png", headers=stranger).status_code == 404
    assert client.get(f"/v1/cards/{number}", headers=stranger).status_code == 404
    assert client.get("/v1/members/nobody/card", headers=auth).status_code == 404
