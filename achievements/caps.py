"""Earning caps: at most so many points, or so many awards, per member per day, week or month.

A rule's `cap` limits what that rule gives; the program setting `cap` limits the rule points of all rules
together. What a cap withheld is reported in the event's effects under `capped`. The running figures live in the
member's `member_stats.counters` (keys `cap|<scope>|<per>|<what>|<period>`, the latest periods kept), which
the engine reads and writes under the member's row lock: concurrent events of one member are evaluated one after
the other, so a cap holds under any concurrency.
"""

from datetime import datetime, tzinfo
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator

from core.errors import InvalidInput
from core.strict import StrictInput
from wallets.models import Program
from wallets.programs import register_setting

CapPeriod = Literal["day", "week", "month"]
PROGRAM_SCOPE = "*program"  # never a rule key: keys start with a letter or digit
KEPT_PERIODS = 8  # per cap and member; an event dated before all of them earns nothing from a capped rule


class EarningCap(StrictInput):
    """At most `points` points and/or `times` awards per member per `per` (in the program's time zone)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    points: int | None = Field(None, ge=0, le=10**12)
    times: int | None = Field(None, ge=0, le=10**9)
    per: CapPeriod

    @model_validator(mode="after")
    def _limits_something(self) -> "EarningCap":
        if self.points is None and self.times is None:
            raise ValueError("a cap limits `points`, `times`, or both")
        return self


def period_key(moment: datetime, per: CapPeriod, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    if per == "day":
        return local.date().isoformat()
    if per == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


def _current(counters: dict[str, int], prefix: str, period: str) -> tuple[str, int | None]:
    """The counter of `prefix` for `period`, keeping the latest KEPT_PERIODS periods (events may arrive late, so
    not only the current one). None for a period older than all of them: its count is forgotten."""
    key = f"{prefix}|{period}"
    kept = sorted(name for name in counters if name.startswith(prefix + "|"))
    for stale in kept[:-KEPT_PERIODS]:
        del counters[stale]
    kept = kept[-KEPT_PERIODS:]
    if key not in counters and len(kept) == KEPT_PERIODS and key < kept[0]:
        return key, None
    return key, counters.get(key, 0)


def take(
    counters: dict[str, int],
    scope: str,
    caps: tuple[EarningCap, ...],
    moment: datetime,
    zone: tzinfo,
    points: int,
) -> tuple[int | None, int]:
    """Count one award of `points` against `caps`: (points granted, points withheld), or (None, points) when a
    `times` cap is used up and the award does not happen at all. Counters move only for what is granted."""
    slots = []
    granted = points
    for cap in caps:
        period = period_key(moment, cap.per, zone)
        prefix = f"cap|{scope}|{cap.per}"
        times_key, times = _current(counters, prefix + "|times", period)
        points_key, earned = _current(counters, prefix + "|points", period)
        if times is None or earned is None or (cap.times is not None and times >= cap.times):
            return None, points
        if cap.points is not None:
            granted = max(0, min(granted, cap.points - earned))
        slots.append((times_key, points_key))
    for times_key, points_key in slots:
        counters[times_key] = counters.get(times_key, 0) + 1
        counters[points_key] = counters.get(points_key, 0) + granted
    return granted, points - granted


def capped_effect(scope: str, caps: tuple[EarningCap, ...], points: int, xp: int = 0) -> dict[str, Any]:
    """How an event's effects name what a cap withheld."""
    return {
        "cap": "program" if scope == PROGRAM_SCOPE else f"rule:{scope}",
        "per": sorted({cap.per for cap in caps}),
        "points": points,
        "xp": xp,
    }


def caps_of(value: Any) -> tuple[EarningCap, ...]:
    """A stored `cap` (one object or a list of them) as caps; nothing when absent."""
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else [value]
    return tuple(item if isinstance(item, EarningCap) else EarningCap.model_validate(item) for item in items)


def program_caps(program: Program) -> tuple[EarningCap, ...]:
    return caps_of(program.settings.get("cap"))


def _check_program_cap(value: Any) -> None:
    """`cap`: what one member may earn from all rules together per day, week or month (null: no cap)."""
    if value is None:
        return
    try:
        caps = caps_of(value)
    except ValidationError as exc:
        raise InvalidInput(f"cap: {exc.errors()[0]['msg']}", field="settings.cap") from exc
    if not 1 <= len(caps) <= 3:
        raise InvalidInput("cap is one {points?, times?, per} or a list of up to 3", field="settings.cap")


register_setting("cap", _check_program_cap)
