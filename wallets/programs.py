"""Programs: each is a point currency with its own ledger accounts, a lifecycle and an optional budget.

Every tenant has `default` from the start (active); programs created through the API start as drafts.
Lifecycle: draft -> active -> closing -> closed, and no other way. A draft takes no events; a closing program
records events but awards nothing, while members may still spend until `closes_at`; a closed program has expired
what members held and takes no redemptions. The budget caps the points a program ever issues (gross, before
penalties); `budget_used` is raised under the program's row lock, so concurrent events never overshoot it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, bindparam, case, event, select, update
from sqlmodel import Session, col

from core import stamps
from core.db import upsert_dialect
from core.errors import Conflict, InvalidInput, NotFound
from core.types import utcnow
from wallets.accounts import program_issued
from wallets.ledger import balance_rows
from wallets.models import Program
from wallets.pending import check_pending_days
from wallets.theme import check_theme

DEFAULT_PROGRAM = "default"
STATUSES = ("draft", "active", "closing", "closed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("active",),
    "active": ("closing",),
    "closing": ("closed",),
    "closed": (),
}
DEFAULT_REDEMPTION_DAYS = 30


class ProgramNotActive(Conflict):
    """The program does not take this now: a draft takes no events, a closing one awards no points, a closed one
    takes no redemptions."""

    title, slug = "Program not active", "program-not-active"


class ProgramStatusConflict(Conflict):
    """A status change the lifecycle does not allow; `allowed` lists the ones it does."""

    title, slug = "Status change not allowed", "program-status"


class BudgetExhausted(Conflict):
    title, slug = "Program budget exhausted", "budget-exhausted"


@dataclass(frozen=True)
class ProgramSpec:
    key: str
    name: str
    symbol: str = "PTS"
    decimals: int = 0
    status: str = "draft"
    budget: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)


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


@stamps.tenant_scope
def programs_scope(tenant_id: str) -> str:
    """Bumped whenever one of the tenant's programs changes (see `_stamp_changed_programs`)."""
    return f"programs:{tenant_id}"


# Programs read for every batch of events, each kept while its tenant's programs stamp stands still.
_programs: stamps.StampedCache[Program] = stamps.StampedCache()


def program_for_events(session: Session, tenant_id: str, key: str | None = None) -> Program:
    """`resolve_program` for ingestion, from a copy kept per process: the programs stamp, read up front with the
    transaction's other stamps, tells whether the copy still stands, and saves reading the program on every batch.
    The copy is detached and shared: read it, never change it. Its `budget_used` is not kept current (spending
    locks and reads the row: `lock_budget`), and a closing program is read every time, since the job that closes
    it when its window ends does so with a bulk update rather than through an object."""
    key = key or DEFAULT_PROGRAM
    stamp = stamps.read(session, programs_scope(tenant_id))
    kept = _programs.peek((tenant_id, key))
    if kept is not None and kept[0] == stamp:
        return kept[1]
    program = resolve_program(session, tenant_id, key)
    if program.status == "closing":
        return program
    detached = Program(**program.model_dump())
    return _programs.get((tenant_id, key), stamp, lambda: detached)


@event.listens_for(Session, "before_flush")
def _stamp_changed_programs(session: Session, _context: Any, _instances: Any) -> None:
    """Every change made to a program through the ORM, in this module or elsewhere, bumps its tenant's programs
    stamp in the same transaction: the copies `program_for_events` keeps go stale in every process."""
    changed = {
        program.tenant_id
        for program in (*session.dirty, *session.deleted)
        if isinstance(program, Program) and (program in session.deleted or session.is_modified(program))
    }
    for tenant_id in sorted(changed):
        stamps.bump(session, programs_scope(tenant_id))


def program_by_id(session: Session, program_id: int) -> Program:
    program = session.get(Program, program_id)
    assert program is not None
    return program


def _find(session: Session, tenant_id: str, key: str) -> Program | None:
    return session.scalar(_program_query(), {"tenant_id": tenant_id, "key": key})


@cache
def _program_query() -> Select[Program]:
    """Read by every batch and most requests: built once (building a select costs more than running it)."""
    return select(Program).where(col(Program.tenant_id) == bindparam("tenant_id"), col(Program.key) == bindparam("key"))


def create_program(session: Session, tenant_id: str, spec: ProgramSpec) -> tuple[Program, bool]:
    """A new program (True), or the existing one when the same terms arrive again (False); other terms under a
    taken key are a 409. It starts as a draft unless `status` says `active`."""
    if spec.status not in ("draft", "active"):
        raise InvalidInput("a program starts as draft or active", field="status")
    _check_settings(spec.settings)
    resolve_program(session, tenant_id)  # `default` comes first, and a POST of `default` finds it
    table = Program.__table__  # type: ignore[attr-defined]
    inserted = session.execute(
        upsert_dialect(session.get_bind())
        .insert(table)
        .values(
            tenant_id=tenant_id,
            key=spec.key,
            name=spec.name,
            symbol=spec.symbol,
            decimals=spec.decimals,
            status=spec.status,
            budget=spec.budget,
            budget_used=0,
            settings=spec.settings,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "key"])
        .returning(table.c.id)
    ).scalar_one_or_none()
    program = _find(session, tenant_id, spec.key)
    assert program is not None
    if inserted is not None:
        return program, True
    terms = (spec.name, spec.symbol, spec.decimals, spec.budget, spec.settings)
    if (program.name, program.symbol, program.decimals, program.budget, program.settings) != terms:
        raise Conflict(f"program {spec.key!r} exists with other terms; PATCH it to change them")
    return program, False


def list_programs(session: Session, tenant_id: str) -> list[Program]:
    resolve_program(session, tenant_id)
    return list(session.scalars(select(Program).where(col(Program.tenant_id) == tenant_id).order_by(col(Program.id))))


def update_program(session: Session, tenant_id: str, key: str, changes: dict[str, Any]) -> Program:
    """Change `name`, `budget` (null: unlimited), `settings` (merged), and while a draft `symbol` and `decimals`
    (points already issued keep their meaning once the program is live)."""
    program = resolve_program(session, tenant_id, key)
    for name in ("symbol", "decimals"):
        if name in changes and changes[name] != getattr(program, name) and program.status != "draft":
            raise Conflict(f"{name} can change only while the program is a draft", field=name)
    if "settings" in changes:
        update_program_settings(session, tenant_id, key, changes["settings"])
    if changes.get("budget") is not None and program.budget is None and program.id is not None:
        # The cap is on the program's whole life: a budget set late starts with what was already issued.
        issued = balance_rows(session, tenant_id, program.id, [program_issued(program.id)])
        program.budget_used = max(0, -issued[0][1]) if issued else 0
    for name in ("name", "symbol", "decimals", "budget"):
        if name in changes:
            setattr(program, name, changes[name])
    session.add(program)
    session.flush()
    return program


def check_transition(program: Program, status: str) -> None:
    if status not in STATUSES:
        raise InvalidInput(f"status is one of {', '.join(STATUSES)}", field="status")
    allowed = TRANSITIONS[program.status]
    if status not in allowed:
        detail = f"program {program.key!r} is {program.status}; it can move to " + (
            ", ".join(allowed) if allowed else "nothing (closed is final)"
        )
        raise ProgramStatusConflict(detail, allowed=list(allowed))


def ensure_takes_events(program: Program) -> None:
    if program.status == "draft":
        raise ProgramNotActive(f"program {program.key!r} is a draft: set its status to active to send events")


def accrual_stopped(program: Program) -> str | None:
    """Why the program awards nothing now, or None when it does."""
    if program.status in ("closing", "closed"):
        return f"program {program.key!r} is {program.status}: no new points"
    return None


def ensure_accruing(program: Program) -> None:
    if program.status != "active":
        raise ProgramNotActive(f"program {program.key!r} is {program.status}: it awards no points")


def ensure_redeemable(program: Program) -> None:
    """Members spend in active and closing programs (the closing window is for that), not in drafts or closed ones."""
    if program.status not in ("active", "closing"):
        raise ProgramNotActive(f"program {program.key!r} is {program.status}: nothing can be redeemed")


def lock_budget(session: Session, program_id: int) -> int | None:
    """Points the program may still issue, None when it has no budget. Takes the program's row lock (a no-op
    update) first, so whoever reads the remainder next waits for this transaction to commit its spending."""
    table = Program.__table__  # type: ignore[attr-defined]
    row = session.execute(
        update(table)
        .where(table.c.id == program_id)
        .values(budget_used=table.c.budget_used)
        .returning(table.c.budget, table.c.budget_used)
    ).one()
    budget, used = row
    return None if budget is None else max(0, int(budget) - int(used))


def spend_budget(session: Session, program_id: int, points: int) -> None:
    if points > 0:
        table = Program.__table__  # type: ignore[attr-defined]
        session.execute(update(table).where(table.c.id == program_id).values(budget_used=table.c.budget_used + points))


def refund_budget(session: Session, program_id: int, points: int) -> None:
    """Give points a return took back to the program's budget (never below nothing spent)."""
    if points > 0:
        table = Program.__table__  # type: ignore[attr-defined]
        left = case((table.c.budget_used > points, table.c.budget_used - points), else_=0)
        session.execute(update(table).where(table.c.id == program_id).values(budget_used=left))


def fit_budget(session: Session, program: Program, grants: list[int]) -> int:
    """How many of these grants, in order, the budget covers (all without a budget); their points are spent."""
    assert program.id is not None
    remaining = lock_budget(session, program.id)
    if remaining is None:
        return len(grants)
    fitting, total = 0, 0
    for points in grants:
        if total + points > remaining:
            break
        fitting, total = fitting + 1, total + points
    spend_budget(session, program.id, total)
    return fitting


def take_budget(session: Session, program: Program, points: int) -> None:
    """All of `points` from the budget, or BudgetExhausted (for grants that cannot be cut, like a promo code)."""
    assert program.id is not None
    remaining = lock_budget(session, program.id)
    if remaining is not None and points > remaining:
        raise BudgetExhausted(f"program {program.key!r} has {remaining} points of budget left, {points} needed")
    if remaining is not None:
        spend_budget(session, program.id, points)


def update_program_settings(session: Session, tenant_id: str, key: str, changes: dict[str, Any]) -> Program:
    """Merge validated settings into a program: `timezone` (IANA name: periods, streaks and leaderboards follow it)
    and `xp_decay` (`amount`, `interval_days`, `grace_days`; null turns decay off)."""
    program = resolve_program(session, tenant_id, key)
    _check_settings(changes)
    program.settings = {**program.settings, **changes}
    session.add(program)
    session.flush()
    return program


def _check_settings(changes: dict[str, Any]) -> None:
    unknown = set(changes) - SETTING_CHECKS.keys()
    if unknown:
        raise InvalidInput(f"unknown program settings: {', '.join(sorted(unknown))}", field="settings")
    for name, value in changes.items():
        SETTING_CHECKS[name](value)


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


def _check_expiry_reminder_days(value: Any) -> None:
    """`expiry_reminder_days`: a `points.expiring` webhook this many days before points expire (null: none)."""
    if value is not None and not _whole(value, 1):
        raise InvalidInput(
            "expiry_reminder_days must be a positive integer or null", field="settings.expiry_reminder_days"
        )


def _check_redemption_days(value: Any) -> None:
    """`redemption_days`: how long members may still spend once the program is closing (default 30)."""
    if not _whole(value, 0) or value > 3660:
        raise InvalidInput("redemption_days must be an integer from 0 to 3660", field="settings.redemption_days")


def register_setting(name: str, check: Callable[[Any], None]) -> None:
    """A setting owned by a higher layer (people's `transfers` and `recognition`), checked like the ones here."""
    SETTING_CHECKS[name] = check


SETTING_CHECKS: dict[str, Callable[[Any], None]] = {
    "expiry_reminder_days": _check_expiry_reminder_days,
    "redemption_days": _check_redemption_days,
    "timezone": _check_timezone,
    "xp_decay": _check_xp_decay,
    "payouts": _check_payouts,
    "points_expire_days": _check_points_expire_days,
    "pending_days": check_pending_days,
    "win_back": _check_win_back,
    "birthday": _check_birthday,
    "anniversary": _check_anniversary,
    "theme": check_theme,
}
