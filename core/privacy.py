"""Personal values copied into free text (a webhook payload naming a member, a ledger memo, an import file), and
the port through which erasure reaches the packages that keep such copies without importing them.

A package that keeps copies registers a scrubber when it is imported (as notifications does for its outbox);
erasure calls every registered scrubber with what to replace by what, inside its own transaction.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, String, cast, or_
from sqlmodel import Session

# (session, tenant id, identifiers that mark a row as naming the member, what to replace by what in such rows)
Scrubber = Callable[[Session, str, list[str], Mapping[str, str]], None]
_scrubbers: list[Scrubber] = []
MIN_SUBSTRING_LENGTH = 6


def register_scrubber(scrubber: Scrubber) -> None:
    if scrubber not in _scrubbers:
        _scrubbers.append(scrubber)


def scrub_copies(session: Session, tenant_id: str, identifiers: list[str], replacements: Mapping[str, str]) -> None:
    """In every registered place, replace the values in the tenant's rows that name the member."""
    for scrubber in _scrubbers:
        scrubber(session, tenant_id, identifiers, replacements)


def scrubbed(value: Any, replacements: Mapping[str, str]) -> Any:
    """The same structure with personal strings replaced: a string equal to a value is replaced whole, and a longer
    value (an email, a full name) also inside a longer string; a short one only whole, so an external id `m` does not
    eat every `m` of a payload."""
    if isinstance(value, str):
        if value in replacements:
            return replacements[value]
        for needle, replacement in replacements.items():
            if len(needle) >= MIN_SUBSTRING_LENGTH:
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
