"""The Python SDK's hand-written layer, pure parts: it accepts exactly what Laurel's own signer signs, refuses any
other body, secret or age; it pages through `next_<param>` cursors; it backs off within its cap. A program's theme
takes hex colours only."""

import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from notifications.webhooks import signature
from wallets.theme import DEFAULT_THEME, check_theme, program_theme

sys.path.insert(0, str(Path(__file__).parents[2] / "clients" / "python"))
from laurel_client import BadSignature, RetryPolicy, pages, verify_signature

NOW = 1_790_000_000


@given(body=st.binary(max_size=200), other=st.binary(min_size=1, max_size=10))
def test_a_delivery_verifies_only_as_laurel_signed_it(body: bytes, other: bytes) -> None:
    secret = "whsec_test"
    header = signature(secret.encode(), NOW, body)
    verify_signature(secret, header, body, now=NOW + 10)
    with pytest.raises(BadSignature):
        verify_signature(secret, header, body + other, now=NOW)
    with pytest.raises(BadSignature):
        verify_signature("whsec_other", header, body, now=NOW)
    with pytest.raises(BadSignature):
        verify_signature(secret, header, body, now=NOW + 301)
    with pytest.raises(BadSignature):
        verify_signature(secret, "v1=" + header.split("v1=")[1], body, now=NOW)


def test_pages_follow_the_cursor_the_page_names() -> None:
    book = {None: {"items": [3, 2], "next_before": 2}, 2: {"items": [1], "next_before": None}}
    asked: list[dict[str, object]] = []

    def fetch(query: dict[str, object]) -> dict[str, object]:
        asked.append(dict(query))
        return book[query.get("before")]  # type: ignore[index]

    assert list(pages(fetch, {"limit": 2})) == [3, 2, 1]
    assert asked == [{"limit": 2}, {"limit": 2, "before": 2}]


def test_backoff_doubles_within_its_cap_and_honours_retry_after() -> None:
    policy = RetryPolicy(attempts=8, base=0.5, cap=4.0)
    for attempt in range(6):
        expected = min(0.5 * 2**attempt, 4.0)
        assert expected <= policy.wait(attempt, None) <= expected * 1.1  # up to 10% jitter
    limited = httpx.Response(429, headers={"Retry-After": "3"})
    assert policy.wait(0, limited) == 3.0
    assert policy.should_retry(limited) and policy.should_retry(None)
    assert not policy.should_retry(httpx.Response(409))


@pytest.mark.parametrize(
    "theme", ["#fff", {"accent": "red"}, {"accent": "#12345"}, {"shadow": "#000000"}, {"text": "#fff; x: y"}]
)
def test_a_theme_takes_hex_colours_only(theme: object) -> None:
    with pytest.raises(InvalidInput):
        check_theme(theme)


def test_a_theme_fills_in_the_defaults() -> None:
    check_theme({"accent": "#aa2200"})
    assert program_theme({"theme": {"accent": "#aa2200"}}) == {**DEFAULT_THEME, "accent": "#aa2200"}
    assert program_theme({}) == DEFAULT_THEME
