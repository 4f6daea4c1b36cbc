"""What a member's own page shows, gathered in one place: standing, progress, history, rank."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from achievements.catalog import load_rulebook
from achievements.definitions import LevelSpec
from achievements.ingest import program_zone
from achievements.progress import BadgeProgress, QuestView, member_badges, member_quests
from achievements.service import LeaderboardView, MemberView, leaderboard, member_view
from achievements.state import rolling_points
from core.tenancy import get_member
from wallets.keystore import KeyStore
from wallets.ledger import PostingView
from wallets.programs import resolve_program
from wallets.service import member_history
from wallets.theme import program_theme


@dataclass(frozen=True)
class LevelProgress:
    current: LevelSpec | None
    next: LevelSpec | None
    value: int
    basis: str

    @property
    def percent(self) -> int:
        if self.next is None:
            return 100
        start = self.current.threshold if self.current else 0
        span = max(self.next.threshold - start, 1)
        return max(0, min(100, (self.value - start) * 100 // span))


@dataclass(frozen=True)
class MemberPage:
    member_id: int
    view: MemberView
    level: LevelProgress
    badges: list[BadgeProgress]
    badge_images: dict[str, str | None]
    quests: list[QuestView]
    history: list[PostingView]
    board: LeaderboardView | None
    theme: dict[str, str]
    points_symbol: str


def member_page(
    session: Session,
    keystore: KeyStore,
    tenant_id: str,
    external_id: str,
    *,
    redis: Any = None,
    redis_prefix: str = "laurel",
) -> MemberPage:
    member = get_member(session, tenant_id, external_id)
    program = resolve_program(session, tenant_id)
    assert member.id is not None and program.id is not None
    book = load_rulebook(session, tenant_id, program.id)
    view = member_view(session, keystore, tenant_id, external_id)
    levels = book.levels
    basis = levels[0].basis if levels else "points"
    if basis == "rolling_points":
        value = rolling_points(session, tenant_id, program.id, [member.id]).get(member.id, 0)
    else:
        value = view.xp if basis == "xp" else view.balance.lifetime
    current = next((level for level in levels if view.level and level.key == view.level["key"]), None)
    upcoming = [level for level in levels if level.threshold > (current.threshold if current else -1)]
    board = None
    if book.leaderboards:
        board = leaderboard(
            session,
            tenant_id,
            book.leaderboards[0].key,
            limit=5,
            member=external_id,
            redis=redis,
            redis_prefix=redis_prefix,
        )
    return MemberPage(
        member_id=member.id,
        view=view,
        level=LevelProgress(current, upcoming[0] if upcoming else None, value, basis),
        badges=member_badges(session, book, program_zone(program), program.id, member.id, include_locked=True),
        badge_images={key: badge.spec.image_svg for key, badge in book.badges.items()},
        quests=member_quests(session, book, program.id, member.id),
        history=member_history(session, tenant_id, program.id, member.id, before=None, limit=10),
        board=board,
        theme=program_theme(program.settings),
        points_symbol=program.symbol,
    )
