"""Programs: each is a point currency with its own ledger accounts. Every tenant has `default` from the start."""

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlmodel import Session, col

from core.db import upsert_dialect
from core.errors import InvalidInput, NotFound
from core.types import utcnow
from wallets.models import Program

DEFAULT_PROGRAM = "default"


def resolve_program(session: Session, tenant_id: str, key: str | None = None) -> Program:
    """The tenant's program by key; `default` is created on first use, so a new tenant needs no setup."""
    key = key or DEFAULT_PROGRAM
    program = _find(session, tenant_id, key)
    if program is None and key == DEFAULT_PROGRAM:
        session.execute(
            upsert_dialect(session.get_bind())
            .insert(Program)
            .values(
                tenant_id=tenant_id,
                key=DEFAULT_PROGRAM,
                name="Default program",
                symbol="PTS",
                decimals=0,
                status="active",
                settings={},
                created_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "key"])
        )
        program = _find(session, tenant_id, key)
    if program is None:
        raise NotFound(f"program {key!r} not found")
    return program


def _find(session: Session, tenant_id: str, key: str) -> Program | None:
    return session.scalar(select(Program).where(col(Program.tenant_id) == tenant_id, col(Program.key) == key))


def update_program_settings(session: Session, tenant_id: str, key: str, changes: dict[str, Any]) -> Program:
    """Merge validated settings into a program: `timezone` (IANA name: periods, streaks and leaderboards follow it)
    and `xp_decay` (`amount`, `interval_days`, `grace_days`; null turns decay off)."""
    program = resolve_program(session, tenant_id, key)
    unknown = set(changes) - SETTING_CHECKS.keys()
    if unknown:
        raise InvalidInput(f"unknown program settings: {', '.join(sorted(unknown))}", field="settings")
    for name, value in changes.items():
        SETTING_CHECKS[name](value)
    program.settings = {**program.settings, **changes}
    session.add(program)
    session.flush()
    return program


def _check_timezone(value: Any) -> None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"unknown time zone {value!r}", field="settings.timezone") from exc


def _check_xp_decay(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or set(value) - {"amount", "interval_days", "grace_days"}:
        raise InvalidInput("xp_decay is {amount, interval_days, grace_days}", field="settings.xp_decay")
    for name in ("amount", "interval_days", "grace_days"):
        number = value.get(name, 0)
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 10**9:
            raise InvalidInput(f"xp_decay.{name} must be a non-negative integer", field=f"settings.xp_decay.{name}")
    if value.get("amount", 0) and not value.get("interval_days", 0):
        raise InvalidInput("xp_decay needs interval_days", field="settings.xp_decay.interval_days")


def _whole(value: Any, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value < 2**63


_PAYOUT_CHECKS: dict[str, tuple[str, Any]] = {
    "rate": ("a positive integer (token units per point)", lambda v: _whole(v, 1)),
    "requires_approval": ("true or false", lambda v: isinstance(v, bool)),
    "withdrawal_daily_limit": ("a non-negative integer", lambda v: _whole(v, 0)),
    "auto_threshold": ("a positive integer or null", lambda v: v is None or _whole(v, 1)),
    "auto_chain": ('"evm" or "tron"', lambda v: v in ("evm", "tron")),
    "token_addresses": (
        "an object of chain name to address",
        lambda v: isinstance(v, dict) and all(isinstance(a, str) and k in ("evm", "tron") for k, a in v.items()),
    ),
}


def _check_payouts(value: Any) -> None:
    """`payouts`: how points leave as tokens (see wallets/payouts.py for what each setting does)."""
    if not isinstance(value, dict):
        raise InvalidInput("payouts is an object", field="settings.payouts")
    for name, setting in value.items():
        if name not in _PAYOUT_CHECKS:
            raise InvalidInput(f"unknown payout setting {name!r}", field=f"settings.payouts.{name}")
        expected, valid = _PAYOUT_CHECKS[name]
        if not valid(setting):
            raise InvalidInput(f"payouts.{name} must be {expected}", field=f"settings.payouts.{name}")


def _check_points_expire_days(value: Any) -> None:
    """`points_expire_days`: available points expire this many days after they were credited (null: never)."""
    if value is not None and not _whole(value, 1):
        raise InvalidInput("points_expire_days must be a positive integer or null", field="settings.points_expire_days")


def _check_win_back(value: Any) -> None:
    """`win_back`: `{inactive_days, points}`, a bonus for members whose last event is that old (null: off)."""
    if value is None:
        return
    if not isinstance(value, dict) or set(value) != {"inactive_days", "points"}:
        raise InvalidInput("win_back is {inactive_days, points}", field="settings.win_back")
    for name in ("inactive_days", "points"):
        if not _whole(value[name], 1):
            raise InvalidInput(f"win_back.{name} must be a positive integer", field=f"settings.win_back.{name}")


def _check_birthday(value: Any) -> None:
    """`birthday`: `{points, attribute?}`, points on the member's birthday (the attribute, default `birthday`, holds
    `YYYY-MM-DD` or `MM-DD`), once a year (null: off)."""
    if value is None:
        return
    if not isinstance(value, dict) or "points" not in value or set(value) - {"points", "attribute"}:
        raise InvalidInput("birthday is {points, attribute?}", field="settings.birthday")
    if not _whole(value["points"], 1):
        raise InvalidInput("birthday.points must be a positive integer", field="settings.birthday.points")
    attribute = value.get("attribute", "birthday")
    if not isinstance(attribute, str) or not 0 < len(attribute) <= 64:
        raise InvalidInput("birthday.attribute must be an attribute name", field="settings.birthday.attribute")


def _check_anniversary(value: Any) -> None:
    """`anniversary`: `{points}`, points on the anniversary of the member's joining, once a year (null: off)."""
    if value is None:
        return
    if not isinstance(value, dict) or set(value) != {"points"} or not _whole(value["points"], 1):
        raise InvalidInput("anniversary is {points}, a positive integer", field="settings.anniversary")


SETTING_CHECKS = {
    "timezone": _check_timezone,
    "xp_decay": _check_xp_decay,
    "payouts": _check_payouts,
    "points_expire_days": _check_points_expire_days,
    "win_back": _check_win_back,
    "birthday": _check_birthday,
    "anniversary": _check_anniversary,
}
