"""Personal values copied into free text (a webhook payload naming a member, a ledger memo, an import file), and
the port through which erasure reaches the packages that keep such copies without importing them.

A package that keeps copies registers a scrubber when it is imported (as notifications does for its outbox);
erasure calls every registered scrubber with what to replace by what, inside its own transaction.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, String, cast, or_
from sqlmodel import Session

Scrubber = Callable[[Session, str, Mapping[str, str]], None]
_scrubbers: list[Scrubber] = []


def register_scrubber(scrubber: Scrubber) -> None:
    if scrubber not in _scrubbers:
        _scrubbers.append(scrubber)


def scrub_copies(session: Session, tenant_id: str, replacements: Mapping[str, str]) -> None:
    """Replace the tenant's copies of these values in every registered place."""
    for scrubber in _scrubbers:
        scrubber(session, tenant_id, replacements)


def scrubbed(value: Any, replacements: Mapping[str, str]) -> Any:
    """The same structure with each needle replaced inside every string (needles in the order given)."""
    if isinstance(value, str):
        for needle, replacement in replacements.items():
            value = value.replace(needle, replacement)
        return value
    if isinstance(value, Mapping):
        return {key: scrubbed(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [scrubbed(item, replacements) for item in value]
    return value


def containing(column: Any, needles: Iterable[str]) -> ColumnElement[bool]:
    """Rows whose column, as text (JSON included), contains any of the needles: a cheap first filter."""
    return or_(*(cast(column, String).like(f"%{_escaped(needle)}%", escape="\\") for needle in needles))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
