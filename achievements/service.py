"""The achievements package's public face: members as the engine sees them, definitions, events, progress and
leaderboards."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError
from sqlmodel import Session

from achievements.catalog import (
    SavedDefinition,
    definition_history,
    list_definitions,
    load_rulebook,
    save_definition,
    spec_of,
)
from achievements.definitions import SPEC_TYPES, Kind, LeaderboardSpec, Spec
from achievements.inbox import Acceptance, Accepted, EventView, accept_events, evaluate_pending, event_view, ingest_now
from achievements.ingest import EventInput, EventResult, IngestOutcome, ingest_events, program_zone
from achievements.leaderboards import (
    Board,
    DatabaseBoard,
    RedisBoard,
    Standing,
    period_key,
    redis_key,
    redis_trust,
    standings,
)
from achievements.models import MemberStats
from achievements.progress import BadgeProgress, MedalView, QuestView, member_badges, member_medals, member_quests
from achievements.state import MemberState, load_states
from core.errors import NotFound
from core.tenancy import Member, get_member, update_attributes, update_contact, upsert_member
from core.types import utcnow
from targeting.referrals import refer
from targeting.segments import refresh_tenant_members
from wallets.keystore import KeyStore
from wallets.models import Program
from wallets.pending import release_matured
from wallets.programs import resolve_program
from wallets.service import MemberBalance, member_balance, member_wallets

__all__ = [
    "SPEC_TYPES",
    "Acceptance",
    "Accepted",
    "BadgeProgress",
    "EventInput",
    "EventResult",
    "EventView",
    "IngestOutcome",
    "Kind",
    "LeaderboardView",
    "MedalView",
    "MemberView",
    "QuestView",
    "SavedDefinition",
    "Spec",
    "accept_events",
    "badges_of",
    "definition_history",
    "evaluate_pending",
    "event_view",
    "ingest_events",
    "ingest_now",
    "leaderboard",
    "list_definitions",
    "medals_of",
    "member_view",
    "quests_of",
    "register_member",
    "save_definition",
    "set_attributes",
    "spec_of",
]


@dataclass(frozen=True)
class MemberView:
    external_id: str
    display_name: str | None
    attributes: dict[str, Any]
    created_at: datetime
    wallets: dict[str, str]
    balance: MemberBalance
    xp: int
    level: dict[str, Any] | None
    badges: list[dict[str, Any]]
    email: str | None = None
    locale: str | None = None


def register_member(
    session: Session,
    keystore: KeyStore,
    tenant_id: str,
    external_id: str,
    display_name: str | None = None,
    referred_by: str | None = None,
    contact: dict[str, str | None] | None = None,
) -> tuple[MemberView, bool]:
    """The member, created if new; `referred_by` records who brought them in (see `referrals.refer`), `contact`
    sets its email and locale."""
    member, created = upsert_member(session, tenant_id, external_id, display_name)
    if contact:
        member = update_contact(session, tenant_id, external_id, contact)
    if referred_by is not None:
        refer(session, tenant_id, member, referred_by)
    if created:
        assert member.id is not None
        refresh_tenant_members(session, tenant_id, [member.id])
    return _view(session, keystore, member, None), created


def member_view(
    session: Session, keystore: KeyStore, tenant_id: str, external_id: str, program: str | None = None
) -> MemberView:
    return _view(session, keystore, get_member(session, tenant_id, external_id), program)


def set_attributes(
    session: Session,
    keystore: KeyStore,
    tenant_id: str,
    external_id: str,
    changes: dict[str, Any],
    program: str | None = None,
    contact: dict[str, str | None] | None = None,
) -> MemberView:
    """Merge custom attributes into a member (None removes one); CEL sees them as `member.attributes`. The
    member's segments are refreshed in the same transaction. `contact` changes its email and locale."""
    if contact:
        update_contact(session, tenant_id, external_id, contact)
    member = update_attributes(session, tenant_id, external_id, changes)
    assert member.id is not None
    refresh_tenant_members(session, tenant_id, [member.id])
    return _view(session, keystore, member, program)


def _member_program(session: Session, tenant_id: str, external_id: str, program: str | None) -> tuple[Member, Program]:
    member = get_member(session, tenant_id, external_id)
    program_row = resolve_program(session, tenant_id, program)
    return member, program_row


def _view(session: Session, keystore: KeyStore, member: Member, program_key: str | None) -> MemberView:
    assert member.id is not None
    program = resolve_program(session, member.tenant_id, program_key)
    assert program.id is not None
    stats = session.get(MemberStats, (member.id, program.id))
    book = load_rulebook(session, member.tenant_id, program.id)
    level = next((lvl for lvl in book.levels if stats and lvl.key == stats.level), None)
    badges = member_badges(session, book, program_zone(program), program.id, member.id, include_locked=False)
    release_matured(session, member.tenant_id, program, member.id, utcnow())
    return MemberView(
        external_id=member.external_id,
        display_name=member.display_name,
        email=member.email,
        locale=member.locale,
        attributes=member.attributes,
        created_at=member.created_at,
        wallets=member_wallets(session, keystore, member.tenant_id, member.id),
        balance=member_balance(session, member.tenant_id, program.id, member.id),
        xp=stats.xp if stats else 0,
        level={
            "key": level.key,
            "name": level.name,
            "multiplier": level.multiplier,
            "since": stats.level_since if stats else None,
        }
        if level
        else None,
        badges=[
            {"key": b.key, "name": b.name, "awarded_at": b.awarded_at, "times_awarded": b.times_awarded} for b in badges
        ],
    )


def badges_of(
    session: Session, tenant_id: str, external_id: str, program: str | None, *, include_locked: bool
) -> list[BadgeProgress]:
    member, program_row = _member_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    book = load_rulebook(session, tenant_id, program_row.id)
    return member_badges(
        session, book, program_zone(program_row), program_row.id, member.id, include_locked=include_locked
    )


def quests_of(session: Session, tenant_id: str, external_id: str, program: str | None) -> list[QuestView]:
    member, program_row = _member_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    return member_quests(session, load_rulebook(session, tenant_id, program_row.id), program_row.id, member.id)


def _state(session: Session, tenant_id: str, program_id: int, member_id: int) -> MemberState:
    return load_states(session, tenant_id, program_id, [member_id], streak_windows={}, lock=False)[member_id]


def medals_of(session: Session, tenant_id: str, external_id: str, program: str | None) -> list[MedalView]:
    member, program_row = _member_program(session, tenant_id, external_id, program)
    assert member.id is not None and program_row.id is not None
    book = load_rulebook(session, tenant_id, program_row.id)
    state = _state(session, tenant_id, program_row.id, member.id)
    return member_medals(session, book, tenant_id, program_row.id, state)


@dataclass(frozen=True)
class LeaderboardView:
    key: str
    name: str
    metric: str
    period: str
    scope: str | None
    source: str
    top: list[Standing]
    member: Standing | None


def leaderboard(
    session: Session,
    tenant_id: str,
    key: str,
    *,
    period: str = "all",
    scope: str | None = None,
    limit: int = 10,
    member: str | None = None,
    program: str | None = None,
    redis: Any = None,
    redis_prefix: str = "laurel",
) -> LeaderboardView:
    program_row = resolve_program(session, tenant_id, program)
    assert program_row.id is not None
    book = load_rulebook(session, tenant_id, program_row.id)
    spec = next((board for board in book.leaderboards if board.key == key), None)
    if spec is None:
        raise NotFound(f"leaderboard {key!r} not found")
    period_value = period_key(period, utcnow(), program_zone(program_row))
    scope_value = scope or ""
    database = DatabaseBoard(session, tenant_id, program_row.id, key, period_value, scope_value)
    if redis is not None and (redis_trust.trusted or redis_trust.restore(session, redis, redis_prefix)):
        board = RedisBoard(redis, redis_key(redis_prefix, tenant_id, program_row.id, key, period_value, scope_value))
        try:
            return _leaderboard_view(session, tenant_id, spec, period_value, scope, board, "redis", limit, member)
        except RedisError as exc:  # the record is in the database: answer from it
            redis_trust.withdraw(exc)
    return _leaderboard_view(session, tenant_id, spec, period_value, scope, database, "database", limit, member)


def _leaderboard_view(
    session: Session,
    tenant_id: str,
    spec: LeaderboardSpec,
    period_value: str,
    scope: str | None,
    board: Board,
    source: str,
    limit: int,
    member: str | None,
) -> LeaderboardView:
    mine = None
    if member is not None:
        row = get_member(session, tenant_id, member)
        assert row.id is not None
        found = board.standing(row.id)
        mine = Standing(row.external_id, found[0], found[1]) if found else None
    return LeaderboardView(
        key=spec.key,
        name=spec.name,
        metric=spec.metric,
        period=period_value,
        scope=scope,
        source=source,
        top=standings(session, board, limit),
        member=mine,
    )
