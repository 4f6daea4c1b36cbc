"""The program settings people/ owns, `transfers` and `recognition`: checked when saved (registered with the
program settings) and read back as typed terms. A setting that is absent or null turns the feature off."""

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from core.errors import Conflict, InvalidInput
from wallets.models import Program
from wallets.programs import register_setting

MAX_POINTS = 2**53


class FeatureOff(Conflict):
    """The program does not run this feature: its setting is absent."""

    title, slug = "Feature off in this program", "feature-off"


def _count(value: Any, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value < MAX_POINTS


def _check_object(name: str, value: Any, checks: dict[str, tuple[str, Any]], required: tuple[str, ...] = ()) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise InvalidInput(f"{name} is an object (null turns it off)", field=f"settings.{name}")
    for key in required:
        if key not in value:
            raise InvalidInput(f"{name}.{key} is required", field=f"settings.{name}.{key}")
    for key, setting in value.items():
        if key not in checks:
            known = ", ".join(sorted(checks))
            raise InvalidInput(f"unknown {name} setting {key!r}; known: {known}", field=f"settings.{name}.{key}")
        expected, valid = checks[key]
        if not valid(setting):
            raise InvalidInput(f"{name}.{key} must be {expected}", field=f"settings.{name}.{key}")


_TRANSFER_CHECKS: dict[str, tuple[str, Any]] = {
    "daily_limit": ("a non-negative integer (points a member may send per day)", lambda v: _count(v, 0)),
    "min": ("a positive integer", lambda v: _count(v, 1)),
    "max": ("a positive integer", lambda v: _count(v, 1)),
}


def check_transfers(value: Any) -> None:
    """`transfers`: `{daily_limit?, min?, max?}` per member per day; `{}` allows transfers without limits."""
    _check_object("transfers", value, _TRANSFER_CHECKS)
    if value and value.get("min", 1) > value.get("max", MAX_POINTS):
        raise InvalidInput("transfers.min cannot exceed transfers.max", field="settings.transfers.min")


def _values(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= 50
        and all(isinstance(v, str) and 0 < len(v) <= 64 for v in value)
        and len(set(value)) == len(value)
    )


_RECOGNITION_CHECKS: dict[str, tuple[str, Any]] = {
    "monthly_allowance": ("a non-negative integer", lambda v: _count(v, 0)),
    "max_per_recipient": ("a positive integer (points one member may give another per month)", lambda v: _count(v, 1)),
    "values": ("a list of distinct names of at most 64 characters", _values),
    "segment_allowances": (
        "an object of segment key to a non-negative allowance",
        lambda v: isinstance(v, dict) and all(isinstance(k, str) and _count(a, 0) for k, a in v.items()),
    ),
    "reciprocal_limit": ("a positive integer (recognitions a pair may exchange per month)", lambda v: _count(v, 1)),
    "approval_threshold": ("a positive integer (larger recognitions wait for approval)", lambda v: _count(v, 1)),
    "team_attribute": ("an attribute name", lambda v: isinstance(v, str) and 0 < len(v) <= 64),
}


def check_recognition(value: Any) -> None:
    """`recognition`: `{monthly_allowance, max_per_recipient?, values?, segment_allowances?, reciprocal_limit?,
    approval_threshold?, team_attribute?}`."""
    _check_object("recognition", value, _RECOGNITION_CHECKS, required=("monthly_allowance",))


register_setting("transfers", check_transfers)
register_setting("recognition", check_recognition)


@dataclass(frozen=True)
class TransferTerms:
    daily_limit: int | None = None
    min: int = 1
    max: int | None = None

    @classmethod
    def of(cls, program: Program) -> "TransferTerms":
        value = program.settings.get("transfers")
        if value is None:
            raise FeatureOff(
                f"program {program.key!r} does not allow transfers: set its `transfers` setting", field="program"
            )
        return cls(value.get("daily_limit"), value.get("min", 1), value.get("max"))


@dataclass(frozen=True)
class RecognitionTerms:
    monthly_allowance: int
    max_per_recipient: int | None = None
    values: tuple[str, ...] = ()
    segment_allowances: dict[str, int] = field(default_factory=dict)
    reciprocal_limit: int | None = None
    approval_threshold: int | None = None
    team_attribute: str = "team"

    @classmethod
    def of(cls, program: Program) -> "RecognitionTerms":
        value = program.settings.get("recognition")
        if value is None:
            raise FeatureOff(
                f"program {program.key!r} runs no recognition: set its `recognition` setting", field="program"
            )
        return cls(
            monthly_allowance=value["monthly_allowance"],
            max_per_recipient=value.get("max_per_recipient"),
            values=tuple(value.get("values", ())),
            segment_allowances=dict(value.get("segment_allowances", {})),
            reciprocal_limit=value.get("reciprocal_limit"),
            approval_threshold=value.get("approval_threshold"),
            team_attribute=value.get("team_attribute", "team"),
        )


def month_of(moment: datetime, zone: tzinfo) -> str:
    """`YYYY-MM` of the moment in the program's zone: the allowance month it falls in."""
    local = moment.astimezone(zone)
    return f"{local.year:04d}-{local.month:02d}"
