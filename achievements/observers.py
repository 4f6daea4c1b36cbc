"""Event observers: what a higher layer keeps up to date as events arrive, such as people's team goals.

Ingestion hands every observer the events it has just stored and evaluated, in the same transaction, and publishes
the notices the observers give back with its own. A registry keeps the dependency pointing down (as accrual
multipliers do): the engine never learns what a goal is. An observer that raises rolls the whole batch back.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from core.notices import Notice
from wallets.models import Program


@dataclass(frozen=True)
class ObservedEvent:
    id: str
    member_id: int
    member: str
    type: str
    properties: dict[str, Any]
    occurred_at: datetime


# (session, tenant id, program, the batch's stored events, now) -> notices to publish
Observer = Callable[[Session, str, Program, Sequence[ObservedEvent], datetime], list[Notice]]
_observers: list[Observer] = []


def register_observer(observer: Observer) -> None:
    if observer not in _observers:
        _observers.append(observer)


def observe(
    session: Session, tenant_id: str, program: Program, events: Sequence[ObservedEvent], now: datetime
) -> list[Notice]:
    notices: list[Notice] = []
    if events:
        for observer in _observers:
            notices += observer(session, tenant_id, program, events, now)
    return notices
