"""The member page: reached only through a genuine, unexpired signed link, and showing the member's standing."""

import httpx

from tests.conftest import new_tenant


def page_path(client: httpx.Client, auth: dict[str, str], member: str, **body: object) -> str:
    response = client.post(f"/v1/members/{member}/page-link", json=body, headers=auth)
    assert response.status_code == 201, response.text
    return "/" + response.json()["url"].split("/", 3)[3]


def test_member_page_shows_level_badges_quests_and_balance(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "ann", "display_name": "Ann Lee"}, headers=auth)
    client.post("/v1/rules", json={"key": "post", "event_type": "post", "points": "30"}, headers=auth)
    client.post(
        "/v1/badges",
        json={"key": "first", "name": "First post", "criteria": {"event_type": "post", "count": 1}},
        headers=auth,
    )
    client.post(
        "/v1/badges",
        json={"key": "tenth", "name": "Tenth post", "criteria": {"event_type": "post", "count": 10}},
        headers=auth,
    )
    client.post("/v1/levels", json={"key": "silver", "name": "Silver", "min_points": 50}, headers=auth)
    client.post("/v1/levels", json={"key": "gold", "name": "Gold", "min_points": 200}, headers=auth)
    for i in range(2):
        client.post("/v1/events", json={"id": f"p{i}", "member": "ann", "type": "post"}, headers=auth)
    page = client.get(page_path(client, auth, "ann"))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Ann Lee" in html and 'id="level-name">Silver<' in html
    assert 'data-badge="first" data-awarded="yes"' in html and 'data-badge="tenth" data-awarded="no"' in html
    assert 'id="balance-available">60<' in html
    assert "default-src 'none'" in page.headers["content-security-policy"]
    client.post(
        "/v1/funds", json={"key": "trees", "name": "Plant trees", "event_type": "post", "per_event": 3}, headers=auth
    )
    client.post("/v1/events", json={"id": "p9", "member": "ann", "type": "post"}, headers=auth)
    assert 'data-fund="trees">Plant trees · <strong>3</strong>' in client.get(page_path(client, auth, "ann")).text
    russian = client.get(page_path(client, auth, "ann", lang="ru")).text
    assert "Значки" in russian and 'lang="ru"' in russian


def test_tampered_expired_and_foreign_links_are_refused(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "bob"}, headers=auth)
    path = page_path(client, auth, "bob")
    token = path.split("/m/")[1].split("?")[0]
    body, mac = token.split(".")
    for bad in (f"{body}x.{mac}", f"{body}.{mac[:-2]}", "nonsense", f"{body}."):
        assert client.get(f"/m/{bad}").status_code == 404, bad
    assert client.post("/v1/members/nobody/page-link", headers=auth).status_code == 404
    stranger = new_tenant(client, "Other")
    assert client.post("/v1/members/bob/page-link", headers=stranger).status_code == 404


def test_link_lifetime_is_bounded(client: httpx.Client, auth: dict[str, str]) -> None:
    client.post("/v1/members", json={"external_id": "cy"}, headers=auth)
    assert client.get(page_path(client, auth, "cy", expires_in_days=1)).status_code == 200
    for days in (0, 91):
        response = client.post("/v1/members/cy/page-link", json={"expires_in_days": days}, headers=auth)
        assert response.status_code == 422
