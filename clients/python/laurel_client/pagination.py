"""Cursor pagination: a page is `{"items": [...], "next_<param>": cursor | null}`; pass `<param>=cursor` for the
next one (`next_before` → `?before=`, `next_after` → `?after=`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Page = Mapping[str, Any]


def next_cursor(page: Page) -> tuple[str, Any] | None:
    """The query parameter and value that fetch the page after `page`; None on the last page."""
    for key, value in page.items():
        if key.startswith("next_") and value is not None:
            return key.removeprefix("next_"), value
    return None


def pages(fetch: Callable[[dict[str, Any]], Page], params: Mapping[str, Any] | None = None) -> Iterator[Any]:
    """Every item of a listing, page after page: `fetch(params)` answers one page for the given query."""
    query = dict(params or {})
    while True:
        page = fetch(query)
        yield from page["items"]
        cursor = next_cursor(page)
        if cursor is None:
            return
        query[cursor[0]] = cursor[1]
