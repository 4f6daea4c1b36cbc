"""Leaderboards: scores per board, period and scope, kept in the database in the event's transaction, and
mirrored to Redis sorted sets when Redis is configured (reads then come from Redis; answers are the same).

Ranking is standard competition ranking (1, 2, 2, 4); ties are listed newest member first in both stores, because
Redis orders equal scores by member string, descending, in a reverse range.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlmodel import Session, col

from achievements.catalog import Rulebook
from achievements.definitions import LeaderboardSpec
from achievements.engine import EventFacts, Outcome, period_of
from achievements.models import LeaderboardScore
from achievements.state import MemberState
from core.db import insert_rows
from core.errors import InvalidInput
from core.logging import get_logger
from core.tenancy import Member

PERIODS = ("all", "day", "week", "month", "year")

log = get_logger(__name__)


class ScoreDelta(NamedTuple):
    """A change of one member's score on one board, period and scope (five or more for every event)."""

    board: str
    period: str
    scope: str
    member_id: int
    delta: int


@dataclass(frozen=True)
class Standing:
    member: str
    score: int
    rank: int


def period_key(period: str, moment: datetime, zone: tzinfo) -> str:
    if period not in PERIODS:
        raise InvalidInput(f"period must be one of {', '.join(PERIODS)}", field="period")
    return "all" if period == "all" else f"{period}:{period_of(moment, period, zone)}"


@lru_cache(maxsize=256)
def _period_keys(moment: datetime, zone: tzinfo) -> tuple[str, ...]:
    """Every period's key of a moment: events of a batch without their own time share the batch's."""
    return tuple(period_key(period, moment, zone) for period in PERIODS)


def _metric(board: LeaderboardSpec, event: EventFacts, outcome: Outcome, count: int) -> int:
    if board.metric == "points":
        return outcome.points
    if board.metric == "xp":
        return outcome.xp
    if board.metric == "events":
        return count
    return count if board.metric == f"events:{event.type}" else 0


def score_deltas(
    book: Rulebook, zone: tzinfo, event: EventFacts, state: MemberState, outcome: Outcome, count: int = 1
) -> list[ScoreDelta]:
    """What the event moves on each board; `count` is what it adds to event counts (-1 when returned in full)."""
    deltas = []
    for board in book.leaderboards:
        amount = _metric(board, event, outcome, count)
        scope = ""
        if board.scope is not None:
            value = state.attributes.get(board.scope)
            if value is None:
                continue
            scope = str(value)[:128]
        if amount:
            deltas += [
                ScoreDelta(board.key, period, scope, state.member_id, amount)
                for period in _period_keys(event.occurred_at, zone)
            ]
    return deltas


def merge(deltas: Iterable[ScoreDelta]) -> list[ScoreDelta]:
    totals: dict[tuple[str, str, str, int], int] = defaultdict(int)
    for d in deltas:
        totals[(d.board, d.period, d.scope, d.member_id)] += d.delta
    return [ScoreDelta(*key, delta) for key, delta in sorted(totals.items()) if delta]


_SCORE_COLUMNS = ("tenant_id", "program_id", "board", "period", "scope", "member_id", "score")


def record(session: Session, tenant_id: str, program_id: int, deltas: list[ScoreDelta]) -> None:
    """Add the deltas to the stored scores, as one statement (a batch moves five periods of every member in it)."""
    insert_rows(
        session,
        LeaderboardScore.__table__,  # type: ignore[attr-defined]
        _SCORE_COLUMNS,
        [(tenant_id, program_id, d.board, d.period, d.scope, d.member_id, d.delta) for d in deltas],
        on_conflict="ON CONFLICT (tenant_id, program_id, board, period, scope, member_id)"
        " DO UPDATE SET score = leaderboard_scores.score + excluded.score",
    )


class Board(Protocol):
    def top(self, limit: int) -> list[tuple[int, int]]: ...
    def standing(self, member_id: int) -> tuple[int, int] | None: ...


class DatabaseBoard:
    def __init__(self, session: Session, tenant_id: str, program_id: int, board: str, period: str, scope: str) -> None:
        self.session = session
        self.where = (
            col(LeaderboardScore.tenant_id) == tenant_id,
            col(LeaderboardScore.program_id) == program_id,
            col(LeaderboardScore.board) == board,
            col(LeaderboardScore.period) == period,
            col(LeaderboardScore.scope) == scope,
        )

    def top(self, limit: int) -> list[tuple[int, int]]:
        rows = self.session.execute(
            select(col(LeaderboardScore.member_id), col(LeaderboardScore.score))
            .where(*self.where)
            .order_by(col(LeaderboardScore.score).desc(), col(LeaderboardScore.member_id).desc())
            .limit(limit)
        ).tuples()
        return [(member_id, score) for member_id, score in rows]

    def standing(self, member_id: int) -> tuple[int, int] | None:
        score = self.session.scalar(
            select(col(LeaderboardScore.score)).where(*self.where, col(LeaderboardScore.member_id) == member_id)
        )
        if score is None:
            return None
        above = self.session.scalar(
            select(func.count()).select_from(LeaderboardScore).where(*self.where, col(LeaderboardScore.score) > score)
        )
        return score, int(above or 0) + 1


def redis_key(prefix: str, tenant_id: str, program_id: int, board: str, period: str, scope: str) -> str:
    return f"{prefix}:lb:{tenant_id}:{program_id}:{board}:{period}:{scope}"


def _member_field(member_id: int) -> str:
    return f"{member_id:019d}"  # fixed width, so Redis's string order of ties equals numeric order


class RedisBoard:
    def __init__(self, redis: Any, key: str) -> None:
        self.redis = redis
        self.key = key

    def top(self, limit: int) -> list[tuple[int, int]]:
        return [(int(m), int(s)) for m, s in self.redis.zrevrange(self.key, 0, limit - 1, withscores=True)]

    def standing(self, member_id: int) -> tuple[int, int] | None:
        score = self.redis.zscore(self.key, _member_field(member_id))
        if score is None:
            return None
        above = self.redis.zcount(self.key, f"({score}", "+inf")
        return int(score), int(above) + 1


class RedisTrust:
    """Whether this process may read boards from Redis. A Redis error (a mirror that did not land, a read that
    failed) withdraws it: reads go to the database, the record, until every board has been rebuilt from it."""

    def __init__(self) -> None:
        self._trusted = threading.Event()
        self._trusted.set()

    @property
    def trusted(self) -> bool:
        return self._trusted.is_set()

    def withdraw(self, why: Exception) -> None:
        if self._trusted.is_set():
            log.warning("leaderboards read from the database until Redis is rebuilt", error=f"{type(why).__name__}")
        self._trusted.clear()

    def restore(self, session: Session, redis: Any, prefix: str) -> bool:
        """Rebuild every board from the database; True when Redis can be read again."""
        boards = session.execute(
            select(
                col(LeaderboardScore.tenant_id), col(LeaderboardScore.program_id), col(LeaderboardScore.board)
            ).distinct()
        ).tuples()
        try:
            for tenant_id, program_id, board in boards:
                rebuild(session, redis, prefix, tenant_id, program_id, board)
        except RedisError:
            return False
        self._trusted.set()
        log.info("leaderboards read from Redis again, rebuilt from the database")
        return True


redis_trust = RedisTrust()


def mirror(redis: Any, prefix: str, tenant_id: str, program_id: int, deltas: list[ScoreDelta]) -> None:
    """Apply committed deltas to Redis (after the database transaction committed). A failure is not the caller's:
    the scores are committed, and reads fall back to the database until Redis is rebuilt."""
    if not deltas:
        return
    pipe = redis.pipeline(transaction=False)
    for d in deltas:
        pipe.zincrby(
            redis_key(prefix, tenant_id, program_id, d.board, d.period, d.scope), d.delta, _member_field(d.member_id)
        )
    try:
        pipe.execute()
    except RedisError as exc:
        redis_trust.withdraw(exc)


def rebuild(session: Session, redis: Any, prefix: str, tenant_id: str, program_id: int, board: str) -> int:
    """Copy a board's scores from the database (the record) into Redis, e.g. after Redis lost its data."""
    rows = session.execute(
        select(LeaderboardScore).where(
            col(LeaderboardScore.tenant_id) == tenant_id,
            col(LeaderboardScore.program_id) == program_id,
            col(LeaderboardScore.board) == board,
        )
    ).scalars()
    by_key: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_key[redis_key(prefix, tenant_id, program_id, board, row.period, row.scope)][_member_field(row.member_id)] = (
            row.score
        )
    pipe = redis.pipeline(transaction=True)
    for key, scores in by_key.items():
        pipe.delete(key)
        pipe.zadd(key, scores)
    pipe.execute()
    return sum(len(s) for s in by_key.values())


def standings(session: Session, board: Board, limit: int) -> list[Standing]:
    rows = board.top(limit)
    found = session.execute(
        select(col(Member.id), col(Member.external_id)).where(col(Member.id).in_([m for m, _ in rows]))
    ).tuples()
    names = {member_id: external_id for member_id, external_id in found}
    result: list[Standing] = []
    for position, (member_id, score) in enumerate(rows):
        rank = result[-1].rank if result and result[-1].score == score else position + 1
        result.append(Standing(names.get(member_id, "?"), score, rank))
    return result
