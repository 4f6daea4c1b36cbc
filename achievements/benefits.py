"""Accrual multipliers that come from outside the engine, such as a paid subscription's points multiplier.

A higher layer (loyalty's subscriptions) registers a source; ingestion asks every source once per batch for the
factors of the batch's members and the engine multiplies the positive points each rule awards by their product.
A registry keeps the dependency pointing down: the engine never learns what a subscription is.
"""

from collections.abc import Callable, Collection
from datetime import datetime

from sqlmodel import Session

# (session, tenant id, program id, member ids, now) -> {member id: factor}; members left out have a factor of 1.
MultiplierSource = Callable[[Session, str, int, Collection[int], datetime], dict[int, float]]
_sources: list[MultiplierSource] = []


def register_multiplier_source(source: MultiplierSource) -> None:
    if source not in _sources:
        _sources.append(source)


def accrual_multipliers(
    session: Session, tenant_id: str, program_id: int, member_ids: Collection[int], now: datetime
) -> dict[int, float]:
    factors: dict[int, float] = {}
    for source in _sources:
        for member_id, factor in source(session, tenant_id, program_id, member_ids, now).items():
            factors[member_id] = factors.get(member_id, 1.0) * factor
    return factors
