"""Junk to every POST path is a 4xx problem+json, never a 5xx."""

import httpx
import pytest

from api.app import create_app
from tests.conftest import ADMIN_TOKEN

JUNK_BODIES: list[bytes] = [
    b"{broken",
    b"",
    b"null",
    b"[]",
    b"12",
    b'"text"',
    b'{"id": 5, "member": [], "type": {}}',
    b'{"id": "x", "member": "m", "type": "t", "properties": {"a": NaN}}',
    b'{"id": "x", "member": "m", "type": "t", "properties": {"a": Infinity}}',
    b'{"id": "' + b"x" * 100_000 + b'", "member": "m", "type": "t"}',
    b'{"name": "' + b"y" * 100_000 + b'"}',
    b'{"id": "x", "member": "m", "type": "t", "properties": ' + b'{"a": ' * 50 + b"1" + b"}" * 50 + b"}",
    b'{"id": "x", "member": "m", "type": "t", "properties": {"n": 1e400}}',
    b'{"id": "x", "member": "m", "type": "t", "properties": {"n": 123456789012345678901234567890}}',
    b'{"events": [1, "two", null, {"id": []}]}',
    b'{"events": "no"}',
    b'{"key": "k k", "event_type": "", "points": 7}',
    b'{"external_id": "\\u0000bad"}',
    b'{"id": "x", "member": "m", "type": "t", "occurred_at": "yesterday"}',
    b'{"id": "x", "member": "m", "type": "t", "occurred_at": "2020-01-01T00:00:00"}',
    b'{"id": "x", "member": "m", "type": "t", "occurred_at": "2999-01-01T00:00:00Z"}',
    b'{"scopes": ["root"]}',
    b"\xff\xfe\x00garbage",
]


def post_paths() -> list[str]:
    paths = create_app().openapi()["paths"]
    return sorted(path.replace("{key_id}", "k") for path, ops in paths.items() if "post" in ops)


@pytest.mark.parametrize("path", post_paths())
def test_junk_bodies_get_4xx_problems(client: httpx.Client, auth: dict[str, str], path: str) -> None:
    headers = {**auth, "Content-Type": "application/json"}
    if path == "/v1/tenants":
        headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
    for body in JUNK_BODIES:
        response = client.post(path, content=body, headers=headers)
        if response.status_code in (200, 201):  # a junk-looking body may still be a valid one for this path
            continue
        assert 400 <= response.status_code < 500, (path, body[:80], response.status_code, response.text[:300])
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]


def test_oversized_body_is_413(client: httpx.Client, auth: dict[str, str]) -> None:
    body = b'{"events": [' + b",".join([b'{"id": "x"}'] * 2_000_000) + b"]}"
    response = client.post("/v1/events/batch", content=body, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 413
