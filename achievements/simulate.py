"""Campaign simulation: replay stored events through draft definitions, in memory, and price the outcome —
points liability, the tokens they convert to, and what paying them out on chain would cost. Nothing is written.

Members start from zero at the start of the range: the figures are what the drafts alone would have awarded.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from achievements.catalog import load_rulebook, rulebook_from_specs
from achievements.definitions import Kind, Spec
from achievements.engine import Engine, EventFacts
from achievements.ingest import program_zone
from achievements.models import Event
from achievements.state import MemberState
from core.errors import InvalidInput
from core.tenancy import Member
from wallets.programs import resolve_program

# Chain costs per recipient of a batched mint, measured on our RewardToken (mintBatch of 10 on anvil: 28,778 gas;
# the Tron devnet charges the same EVM work as energy). Prices are planning assumptions, overridable per request.
GAS_PER_RECIPIENT = 28_800
ENERGY_PER_RECIPIENT = 28_800
DEFAULT_GAS_PRICE_GWEI = Decimal("2")
SUN_PER_ENERGY = 420
TOKEN_DECIMALS = 18
MAX_EVENTS = 500_000


@dataclass
class Simulation:
    events: int = 0
    members: set[int] = field(default_factory=set)
    reached: set[int] = field(default_factory=set)
    points: int = 0
    xp: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    badges: Counter[str] = field(default_factory=Counter)
    quests: Counter[str] = field(default_factory=Counter)
    levels: Counter[str] = field(default_factory=Counter)
    points_by_member: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def simulate(
    session: Session,
    tenant_id: str,
    drafts: list[tuple[Kind, Spec]],
    *,
    start: datetime,
    end: datetime,
    program: str | None = None,
    with_current: bool = False,
    gas_price_gwei: Decimal = DEFAULT_GAS_PRICE_GWEI,
) -> dict[str, Any]:
    if end <= start:
        raise InvalidInput("`to` must be after `from`", field="to")
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    current = load_rulebook(session, tenant_id, program_row.id)
    drafted = {(kind, spec.key) for kind, spec in drafts}
    # Drafts may name the program's segments; the other current definitions join only when asked.
    kept = _current_specs(current, drafted) if with_current else []
    kept += [(Kind.SEGMENT, s.spec) for s in current.segments.values() if (Kind.SEGMENT, s.spec.key) not in drafted]
    book = rulebook_from_specs(kept + drafts)
    engine = Engine(book, program_zone(program_row))
    states: dict[int, MemberState] = {}
    result = Simulation()
    stmt = (
        select(Event, Member)
        .join(Member, col(Member.id) == col(Event.member_id))
        .where(
            col(Event.tenant_id) == tenant_id,
            col(Event.program_id) == program_row.id,
            col(Event.occurred_at) >= start,
            col(Event.occurred_at) < end,
        )
        .order_by(col(Event.occurred_at), col(Event.pk))
        .execution_options(yield_per=2000)
    )
    for event, member in session.execute(stmt).tuples():
        result.events += 1
        if result.events > MAX_EVENTS:
            raise InvalidInput(f"the range holds more than {MAX_EVENTS} events; narrow it", field="from")
        assert member.id is not None
        state = states.get(member.id)
        if state is None:
            state = states[member.id] = MemberState(member.id, member.external_id, member.attributes, member.created_at)
        outcome = engine.evaluate(
            EventFacts(event.event_id, event.type, event.properties, member.external_id, event.occurred_at), state
        )
        result.members.add(member.id)
        result.points += outcome.points
        result.xp += outcome.xp
        result.points_by_member[member.id] += outcome.points
        for rule in outcome.rules:
            result.by_rule[rule["key"]] += rule["points"]
        result.badges.update(b["key"] for b in outcome.badges)
        result.quests.update(q["key"] for q in outcome.quests if q["status"] == "completed")
        if outcome.level:
            result.levels[outcome.level["key"]] += 1
        if outcome.points or outcome.xp or outcome.badges or outcome.quests or outcome.level:
            result.reached.add(member.id)
    return _report(result, program_row.decimals, program_row.settings, gas_price_gwei)


def _current_specs(book: Any, drafted: set[tuple[Kind, str]]) -> list[tuple[Kind, Spec]]:
    specs: list[tuple[Kind, Spec]] = []
    for rules in book.rules.values():
        specs += [(Kind.RULE, r.spec) for r in rules]
    specs += [(Kind.BADGE, b.spec) for b in book.badges.values()]
    specs += [(Kind.QUEST, q.spec) for q in book.quests]
    specs += [(Kind.LEVEL, level) for level in book.levels]
    return [(kind, spec) for kind, spec in specs if (kind, spec.key) not in drafted]


def _report(result: Simulation, decimals: int, settings: dict[str, Any], gas_price_gwei: Decimal) -> dict[str, Any]:
    rate = int(settings.get("payouts", {}).get("rate", 10 ** max(TOKEN_DECIMALS - decimals, 0)))
    liability = max(result.points, 0)
    recipients = sum(1 for points in result.points_by_member.values() if points > 0)
    gas = recipients * GAS_PER_RECIPIENT
    energy = recipients * ENERGY_PER_RECIPIENT
    return {
        "events": result.events,
        "members": len(result.members),
        "members_reached": len(result.reached),
        "points": result.points,
        "xp": result.xp,
        "by_rule": dict(result.by_rule),
        "badges": dict(result.badges),
        "quests_completed": dict(result.quests),
        "levels_reached": dict(result.levels),
        "cost": {
            "points_liability": liability,
            "token_units": str(liability * rate),
            "tokens": str(Decimal(liability * rate).scaleb(-TOKEN_DECIMALS).normalize()),
            "payout_recipients": recipients,
            "evm": {
                "gas": gas,
                "gas_price_gwei": str(gas_price_gwei),
                "native": str((Decimal(gas) * gas_price_gwei).scaleb(-9).normalize()),
            },
            "tron": {"energy": energy, "trx": str(Decimal(energy * SUN_PER_ENERGY).scaleb(-6).normalize())},
            "assumptions": {
                "gas_per_recipient": GAS_PER_RECIPIENT,
                "energy_per_recipient": ENERGY_PER_RECIPIENT,
                "sun_per_energy": SUN_PER_ENERGY,
                "token_decimals": TOKEN_DECIMALS,
                "rate": rate,
            },
        },
    }
