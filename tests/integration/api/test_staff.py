"""Staff accounts: invitations, sign-in with a password, each role held to its pages and actions on the server,
removal signing a user out everywhere, and the append-only audit log that records all of it."""

import re
import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import engine_from_settings
from core.settings import Settings
from tests.conftest import LiveServer, new_tenant

PASSWORD = "correct horse battery"


def invite(client: httpx.Client, auth: dict[str, str], email: str, role: str) -> dict[str, str]:
    answer = client.post("/v1/staff", json={"email": email, "role": role}, headers=auth)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def join(live_server: LiveServer, invitation: dict[str, str]) -> tuple[httpx.Client, str | None]:
    """Opens the invitation link, sets the password, and returns the signed-in browser and its CSRF token."""
    browser = httpx.Client(base_url=live_server.url, timeout=30)
    link = httpx.URL(invitation["invitation_url"])
    assert browser.get(link.raw_path.decode()).status_code == 200
    token = link.params["token"]
    assert browser.post("/admin/invitation", data={"token": token, "password": "short"}).status_code == 422
    joined = browser.post("/admin/invitation", data={"token": token, "password": PASSWORD}, follow_redirects=False)
    assert joined.status_code == 303
    assert joined.headers["location"] == ("/till" if invitation["role"] == "cashier" else "/admin")
    page = browser.get("/admin")
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    return browser, match.group(1) if match else None


def test_invitations_are_validated_and_work_once(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = invite(client, auth, "Vera@Example.com", "viewer")
    assert made["email"] == "vera@example.com" and made["status"] == "invited" and made["emailed"] is False
    assert (
        client.post("/v1/staff", json={"email": "vera@example.com", "role": "admin"}, headers=auth).status_code == 409
    )
    for bad in ({"email": "vera", "role": "viewer"}, {"email": "x@example.com", "role": "king"}, {"role": "viewer"}):
        answer = client.post("/v1/staff", json=bad, headers=auth)
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    browser, _ = join(live_server, made)
    again = browser.post(
        "/admin/invitation", data={"token": httpx.URL(made["invitation_url"]).params["token"], "password": PASSWORD}
    )
    assert again.status_code == 404
    listed = client.get("/v1/staff", headers=auth).json()
    assert [(u["email"], u["role"], u["status"]) for u in listed] == [("vera@example.com", "viewer", "active")]
    other = new_tenant(client, "Other")
    assert client.get(f"/v1/staff/{made['id']}", headers=other).status_code == 404
    assert client.delete(f"/v1/staff/{made['id']}", headers=other).status_code == 404
    browser.close()


def test_sign_in_with_a_password(live_server: LiveServer, client: httpx.Client, auth: dict[str, str]) -> None:
    join(live_server, invite(client, auth, "mo@example.com", "moderator"))[0].close()
    with httpx.Client(base_url=live_server.url, timeout=30) as browser:
        wrong = browser.post("/admin/login", data={"email": "mo@example.com", "password": "not the password"})
        assert wrong.status_code == 401
        right = browser.post(
            "/admin/login", data={"email": "MO@example.com", "password": PASSWORD}, follow_redirects=False
        )
        assert right.status_code == 303 and right.headers["location"] == "/admin"
        assert "mo@example.com" in browser.get("/admin").text


def test_each_role_is_held_to_its_pages_and_actions(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    cashier, _ = join(live_server, invite(client, auth, "cash@example.com", "cashier"))
    moderator, moderator_csrf = join(live_server, invite(client, auth, "mod@example.com", "moderator"))
    viewer, viewer_csrf = join(live_server, invite(client, auth, "view@example.com", "viewer"))
    badge = {"key": "b1", "name": "B1", "event_type": "t", "count": "1"}
    promo = {"code": "FREE10", "points": "10"}

    assert cashier.get("/admin").status_code == 403
    assert cashier.get("/admin/loyalty").status_code == 403
    assert cashier.post("/admin/badges", data=badge).status_code == 403

    saved = moderator.post("/admin/badges", data={**badge, "csrf": moderator_csrf}, follow_redirects=False)
    assert saved.status_code == 303 and "saved" in saved.headers["location"]
    assert moderator.post("/admin/promo-codes", data={**promo, "csrf": moderator_csrf}).status_code == 403
    assert moderator.get("/admin/staff").status_code == 403
    assert moderator.get("/admin/audit").status_code == 403

    assert viewer.get("/admin").status_code == 200 and viewer.get("/admin/people").status_code == 200
    badge2 = {**badge, "key": "b2", "csrf": viewer_csrf}
    assert viewer.post("/admin/badges", data=badge2).status_code == 403
    assert viewer.post("/admin/promo-codes", data={**promo, "csrf": viewer_csrf}).status_code == 403
    assert [b["key"] for b in client.get("/v1/badges", headers=auth).json()] == ["b1"]
    for browser in (cashier, moderator, viewer):
        browser.close()


def test_removal_signs_the_user_out_everywhere(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    made = invite(client, auth, "gone@example.com", "admin")
    first, _ = join(live_server, made)
    second = httpx.Client(base_url=live_server.url, timeout=30)
    second.post("/admin/login", data={"email": "gone@example.com", "password": PASSWORD})
    assert first.get("/admin").status_code == 200 and second.get("/admin").status_code == 200
    assert client.delete(f"/v1/staff/{made['id']}", headers=auth).json()["status"] == "removed"
    for browser in (first, second):
        assert browser.get("/admin", follow_redirects=False).headers["location"] == "/admin/login"
        browser.close()
    assert client.get("/v1/staff", headers=auth).json() == []
    assert client.delete(f"/v1/staff/{made['id']}", headers=auth).status_code == 404
    refused = httpx.post(
        f"{live_server.url}/admin/login", data={"email": "gone@example.com", "password": PASSWORD}, timeout=30
    )
    assert refused.status_code == 401


def test_the_audit_log_records_changes_by_keys_and_staff(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str], settings: Settings
) -> None:
    made = invite(client, auth, "boss@example.com", "owner")
    owner, csrf = join(live_server, made)
    owner.post("/admin/badges", data={"key": "b1", "name": "B1", "event_type": "t", "count": "1", "csrf": csrf})
    client.post("/v1/events", json={"id": "e1", "member": "m1", "type": "t"}, headers=auth)
    client.post("/v1/staff", json={"email": "nope", "role": "viewer"}, headers=auth)  # refused: not recorded
    page = client.get("/v1/audit", headers=auth).json()
    seen = [(e["actor"].split(":")[0], e["action"]) for e in reversed(page["items"])]
    assert seen == [
        ("operator", "tenant.create"),
        ("key", "POST /v1/staff"),
        ("staff", "staff.accept"),
        ("staff", "POST /admin/badges"),
    ]
    staff_only = client.get("/v1/audit", params={"actor": f"staff:{made['id']}"}, headers=auth).json()["items"]
    assert [e["action"] for e in staff_only] == ["POST /admin/badges", "staff.accept"]
    first = client.get("/v1/audit", params={"limit": 1}, headers=auth).json()
    rest = client.get("/v1/audit", params={"limit": 10, "before": first["next_before"]}, headers=auth).json()
    assert [e["id"] for e in first["items"] + rest["items"]] == [e["id"] for e in page["items"]]
    assert client.get("/v1/audit", params={"since": "not a time"}, headers=auth).status_code == 422
    assert client.get("/v1/audit", headers=new_tenant(client, "Other")).json()["items"][0]["action"] == "tenant.create"
    assert 'data-audit="' in owner.get("/admin/audit").text
    owner.close()

    engine = engine_from_settings(settings)
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()


def test_a_cashier_records_a_purchase_at_the_till_and_nothing_else(
    live_server: LiveServer, client: httpx.Client, auth: dict[str, str]
) -> None:
    client.post("/v1/rules", json={"key": "till", "event_type": "purchase", "points": "event.amount"}, headers=auth)
    client.post("/v1/members", json={"external_id": "tia", "display_name": "Tia"}, headers=auth)
    number = client.get("/v1/members/tia/card", headers=auth).json()["number"]
    cashier, _ = join(live_server, invite(client, auth, "till@example.com", "cashier"))

    till = cashier.get("/till", follow_redirects=True)  # where a cashier lands after signing in
    assert till.status_code == 200 and str(till.url).endswith("/admin/till")
    match = re.search(r'data-csrf="([0-9a-f]+)"', till.text)
    assert match is not None
    token = {"X-CSRF-Token": match.group(1)}
    found = cashier.post("/admin/till/lookup", json={"number": number}, headers=token).json()
    assert found["summary"]["name"] == "Tia"
    sale = cashier.post(
        "/admin/till/purchase", json={"key": uuid.uuid4().hex, "member": "tia", "amount": 40}, headers=token
    )
    assert sale.status_code == 200 and sale.json()["points"] == 40
    assert client.get("/v1/members/tia/balance", headers=auth).json()["available"] == 40

    assert cashier.get("/admin").status_code == 403
    assert cashier.get("/admin/branding").status_code == 403
    cashier.close()
