"""Returns: an event reversed in full or in part, as if it had carried only what was kept.

A partial return names the returned part of numeric properties (`{"amount": 40}` of a 100 purchase); the rules
are evaluated again on what is kept, and each rule's points and xp shrink in proportion to what it gives now on
the kept part against what it gives now on the whole (so a level multiplier or bonus of the day of the event
still applies). The event's reversals together never take back more than a rule gave. A full return (no
`properties`) takes back all the rules gave, the event's count on badges and leaderboards, and its quest step.

What is taken back comes, in one ledger transaction naming the event, from the event's own credit while it waits
in the return window, then from available points; what the member already spent becomes debt, paid off first
from later earnings. A count or sum badge left short is revoked (with its bonus) only if it says
`revoke_on_reversal`. Levels and their rewards stay: stepping down is the re-qualification job's decision.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

import orjson
from sqlalchemy import delete, select
from sqlmodel import Session, col

from achievements.catalog import Rulebook, load_rulebook
from achievements.definitions import CompiledBadge
from achievements.engine import Engine, EventFacts, Outcome, period_of
from achievements.expressions import EvaluationError, bind
from achievements.ingest import program_zone
from achievements.leaderboards import ScoreDelta, merge, record, score_deltas
from achievements.models import Event, EventReversal, MemberBadge
from achievements.returned_days import active_days, kept_event_on, longest_run, remove_day
from achievements.reversal_ledger import post_reversal
from achievements.state import MemberState, load_states, save_states
from core.db import is_postgres
from core.errors import Conflict, EventConflict, InvalidInput, NotFound
from core.notices import notice_subscribers, publish_notices
from core.types import utcnow
from targeting.referrals import ReferralTerms, reopen_referral
from targeting.segments import attach_windows, refresh_members
from wallets.models import Program
from wallets.programs import refund_budget


@dataclass(frozen=True)
class ReversalInput:
    id: str
    event_id: str
    properties: dict[str, Any] | None = None  # the returned part; None: all of it

    def body_sha256(self) -> str:
        body = {"event": self.event_id, "properties": self.properties}
        return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass
class ReversalResult:
    id: str
    event_id: str
    created: bool
    effects: dict[str, Any]
    score_deltas: list[tuple[int, list[ScoreDelta]]] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)


def reverse_event(session: Session, tenant_id: str, request: ReversalInput) -> ReversalResult:
    """Record a return and reverse what it takes back; the same id and body again gives the stored answer."""
    stored = session.scalar(
        select(EventReversal).where(
            col(EventReversal.tenant_id) == tenant_id, col(EventReversal.reversal_id) == request.id
        )
    )
    if stored is not None:
        if stored.body_sha256 != request.body_sha256():
            raise EventConflict(f"reversal {request.id!r} was already received with a different body")
        return ReversalResult(stored.reversal_id, stored.event_id, created=False, effects=stored.effects)
    event = _locked_event(session, tenant_id, request.event_id)
    earlier = list(
        session.scalars(
            select(EventReversal)
            .where(col(EventReversal.tenant_id) == tenant_id, col(EventReversal.event_id) == event.event_id)
            .order_by(col(EventReversal.pk))
        )
    )
    if any(r.properties is None for r in earlier):
        raise Conflict(f"event {event.event_id!r} was already returned in full")
    returned = _returned(event.properties, [r.properties or {} for r in earlier], request.properties)
    program = session.get(Program, event.program_id)
    assert program is not None and program.id is not None
    now = utcnow()
    book = load_rulebook(session, tenant_id, program.id)
    zone = program_zone(program)
    state = load_states(
        session, tenant_id, program.id, [event.member_id], streak_windows={}, parts=book.state_parts | {"badges"}
    )[event.member_id]
    kept = _kept(event.properties, returned) if request.properties is not None else None
    _mark_returned(session, event, returned, full=kept is None)
    attach_windows(session, tenant_id, program.id, book, [state], now)  # as the return leaves them
    reversal = _Reversal(session, book, Engine(book, zone), event, state, earlier, request.properties is None)
    reversal.rules(kept)
    reversal.badges(_kept(event.properties, _returned(event.properties, [r.properties or {} for r in earlier])), kept)
    referral = None
    if kept is None:
        reversal.quests()
        reversal.streak_days()
        state.events = max(0, state.events - 1)
        if "referral" in event.effects or ReferralTerms.of(program) is not None:
            paid = event.effects.get("referral")
            referral = reopen_referral(session, tenant_id, event.event_id, event.member_id, paid)
        reversal.points += referral.referee_points if referral else 0
    state.xp = max(0, state.xp - reversal.xp)
    reversal.member_badges(now)
    effects = reversal.effects()
    referrer = (referral.referrer_id, referral.referrer_points) if referral else None
    effects.update(post_reversal(session, tenant_id, program, event, request.id, reversal.points, now, referrer))
    if referral is not None:
        effects["referral"] = {"referee_points": -referral.referee_points, "referrer_points": -referral.referrer_points}
    if program.budget is not None:
        refund_budget(session, program.id, max(0, reversal.points) + (referral.referrer_points if referral else 0))
    save_states(session, tenant_id, program.id, {state.member_id: state}, book.badge_versions)
    _revoke(session, program.id, state.member_id, reversal.revoked)
    deltas = _score_deltas(book, zone, event, state, reversal, kept is None)
    record(session, tenant_id, program.id, deltas)
    session.add(
        EventReversal(
            tenant_id=tenant_id,
            reversal_id=request.id,
            event_id=event.event_id,
            program_id=program.id,
            member_id=event.member_id,
            properties=request.properties,
            body_sha256=request.body_sha256(),
            effects=effects,
            created_at=now,
        )
    )
    session.flush()
    notices = refresh_members(session, tenant_id, program.id, book, [state], now)
    hooks = notice_subscribers(session, tenant_id)
    notice = {"member": state.external_id, "event_id": event.event_id, "reversal_id": request.id, **effects}
    notices.insert(0, ("event.reversed", notice))
    deliveries = publish_notices(session, tenant_id, hooks, notices) if hooks else []
    return ReversalResult(request.id, event.event_id, True, effects, [(program.id, deltas)], deliveries)


def _mark_returned(session: Session, event: Event, returned: dict[str, float], *, full: bool) -> None:
    """Record on the event what returns took, for the counts read from the log (windows, funds, medals)."""
    event.returned = full
    event.amount_returned = returned.get("amount", 0.0) if _is_number(event.properties.get("amount")) else 0.0
    session.add(event)
    session.flush()


def reversals_of(session: Session, tenant_id: str, member_id: int, program_id: int, limit: int) -> list[EventReversal]:
    """A member's latest returns, newest first (the member page's activity)."""
    return list(
        session.scalars(
            select(EventReversal)
            .where(
                col(EventReversal.tenant_id) == tenant_id,
                col(EventReversal.member_id) == member_id,
                col(EventReversal.program_id) == program_id,
            )
            .order_by(col(EventReversal.pk).desc())
            .limit(limit)
        )
    )


def _locked_event(session: Session, tenant_id: str, event_id: str) -> Event:
    """The event, its row locked (PostgreSQL) so two returns of one event run one after the other."""
    stmt = select(Event).where(col(Event.tenant_id) == tenant_id, col(Event.event_id) == event_id)
    if is_postgres(session.get_bind()):
        stmt = stmt.with_for_update()
    event = session.scalar(stmt)
    if event is None:
        raise NotFound(f"event {event_id!r} not found")
    return event


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _returned(
    original: dict[str, Any], earlier: list[dict[str, Any]], now: dict[str, Any] | None = None
) -> dict[str, float]:
    """What all returns so far took of each numeric property, checked: a return names numeric properties of the
    event, each positive, and together they never exceed what the event carried."""
    if now is not None and not now:
        raise InvalidInput("properties names the returned part; omit it to return all of it", field="properties")
    for name, value in (now or {}).items():
        where = f"properties.{name}"
        if not _is_number(original.get(name)):
            raise InvalidInput(f"the event has no numeric property {name!r} to return", field=where)
        if not _is_number(value) or value <= 0:
            raise InvalidInput(f"{name} must be a positive number", field=where)
    total: dict[str, float] = {}
    for part in [*earlier, *([now] if now else [])]:
        for name, value in part.items():
            total[name] = total.get(name, 0) + value
    for name, value in (now or {}).items():
        if total[name] > original[name]:
            where = f"properties.{name}"
            left = original[name] - total[name] + value
            raise InvalidInput(f"only {left} of {name} is left to return", field=where)
    return total


def _kept(original: dict[str, Any], returned: dict[str, float]) -> dict[str, Any]:
    return {name: value - returned.get(name, 0) if name in returned else value for name, value in original.items()}


class _Reversal:
    """What one return takes back, worked out on the member's state: `points` and `xp` (negative gives back what a
    penalty took), counters and quests changed on the state, badges to revoke."""

    def __init__(
        self,
        session: Session,
        book: Rulebook,
        engine: Engine,
        event: Event,
        state: MemberState,
        earlier: list[EventReversal],
        full: bool,
    ) -> None:
        self.session, self.book, self.engine, self.event, self.state, self.full = (
            session,
            book,
            engine,
            event,
            state,
            full,
        )
        self.earlier = earlier
        self.points = self.xp = 0
        self.rule_lines: list[dict[str, Any]] = []
        self.revoked: list[tuple[str, str]] = []
        self.bonuses: list[tuple[datetime, int]] = []  # each revoked award's moment and bonus, for the boards
        self.quest_lines: list[dict[str, Any]] = []
        self.rules_reversed = {"points": 0, "xp": 0}
        self.days_removed: list[dict[str, str]] = []

    def rules(self, kept: dict[str, Any] | None) -> None:
        """Per rule: what it gave less what it would give on the kept part, less what earlier returns took; in all
        never more than the rules' points really credited (a budget or a penalty floor may have cut them)."""
        taken: dict[str, tuple[int, int]] = {}
        already = [0, 0]
        for reversal in self.earlier:
            for line in reversal.effects.get("rules", []):
                points, xp = taken.get(line["key"], (0, 0))
                taken[line["key"]] = (points - line["points"], xp - line["xp"])
            total = reversal.effects.get("rules_reversed", {})
            already = [already[0] + total.get("points", 0), already[1] + total.get("xp", 0)]
        lines = self.event.effects.get("rules", [])
        uncollected = self.event.effects.get("uncollected") or {}
        granted = [
            sum(line["points"] for line in lines)
            + uncollected.get("points", 0)
            - (self.event.effects.get("points_withheld") or 0),
            sum(line["xp"] for line in lines) + uncollected.get("xp", 0),
        ]
        whole: dict[str, tuple[int, int]] = {}
        later: dict[str, tuple[int, int]] = {}
        if kept is not None:
            whole = self.engine.rule_awards(self._facts(self.event.properties), self.state)
            later = self.engine.rule_awards(self._facts(kept), self.state)
        owed_total = [0, 0]
        for line in lines:
            key, gave = line["key"], (line["points"], line["xp"])
            before = taken.get(key, (0, 0))
            if kept is None:
                owed = [gave[i] - before[i] for i in (0, 1)]
            elif key not in whole:  # the rule is gone or no longer applies to the whole: nothing to judge it by
                owed = [0, 0]
            else:
                owed = [
                    max(0, gave[i] - _share(gave[i], whole[key][i], later.get(key, (0, 0))[i]) - before[i])
                    if gave[i] > 0
                    else 0  # a partial return does not refund a penalty
                    for i in (0, 1)
                ]
            if owed != [0, 0]:
                self.rule_lines.append({"key": key, "points": -owed[0], "xp": -owed[1]})
                owed_total = [owed_total[0] + owed[0], owed_total[1] + owed[1]]
        for i in (0, 1):
            left = granted[i] - already[i]
            owed_total[i] = left if kept is None else min(owed_total[i], max(0, left))
        self.rules_reversed = {"points": owed_total[0], "xp": owed_total[1]}
        self.points += owed_total[0]
        self.xp += owed_total[1]

    def _facts(self, properties: dict[str, Any]) -> EventFacts:
        return EventFacts(
            self.event.event_id, self.event.type, properties, self.state.external_id, self.event.occurred_at
        )

    def badges(self, before: dict[str, Any], kept: dict[str, Any] | None) -> None:
        """Count and sum badges: take the event's share off their counters; revoke those left short that say so."""
        awards = self._awards()
        for badge in self.book.event_badges.get(self.event.type, []):
            if badge.kind not in ("count", "sum"):
                continue
            period = period_of(self.event.occurred_at, badge.spec.repeat, self.engine.zone)
            if not self._counted(badge, awards.get((badge.spec.key, period))):
                continue
            share = self._amount(badge, before) - (self._amount(badge, kept) if kept is not None else 0)
            if share <= 0:
                continue
            counter = f"badge:{badge.spec.key}" + (f":{period}" if period else "")
            left = self.state.counters[counter] = max(0, self.state.counters.get(counter, 0) - share)
            needed = badge.spec.criteria.count or badge.spec.criteria.at_least or 0
            if left < needed:
                self._revoke_if_asked(badge, period)

    def _revoke_if_asked(self, badge: CompiledBadge, period: str) -> bool:
        """Revoke an award of the badge that no longer holds, with its bonus, if the badge says so."""
        if (badge.spec.key, period) not in self.state.badges or not badge.spec.revoke_on_reversal:
            return False
        self.bonuses.append((self.state.badges[(badge.spec.key, period)], badge.spec.points))
        del self.state.badges[(badge.spec.key, period)]  # `del`, not `pop`: the held badges keep count
        self.revoked.append((badge.spec.key, period))
        self.points += badge.spec.points
        return True

    def streak_days(self) -> None:
        """A full return takes the event's day off the streaks of its type, unless another kept event of the
        member falls on that day; a streak badge no longer reached is revoked if it says so."""
        day = self.event.occurred_at.astimezone(self.engine.zone).date()
        badges = [
            badge
            for badge in self.book.badges.values()
            if badge.kind == "streak" and badge.spec.criteria.event_type == self.event.type
        ]
        if not badges or kept_event_on(self.session, self.event, day, self.engine.zone):
            return
        for badge in badges:
            if not remove_day(self.session, self.event, badge.spec.key, day):
                continue
            self.state.days.get(badge.spec.key, set()).discard(day)
            self.days_removed.append({"badge": badge.spec.key, "day": day.isoformat()})
            period = period_of(self.event.occurred_at, badge.spec.repeat, self.engine.zone)
            days = active_days(self.session, self.event, badge.spec.key)
            if longest_run(days) < (badge.spec.criteria.streak_days or 0):
                self._revoke_if_asked(badge, period)

    def member_badges(self, now: datetime) -> None:
        """Member-condition and `all_of` badges that no longer hold on the member as the return leaves them are
        revoked if they say so, with their bonus (which may break another in turn)."""
        asking = [badge for badge in self.book.member_badges if badge.spec.revoke_on_reversal]
        if not asking:
            return
        taken = self.points
        self.state.lifetime -= taken
        self.state.available -= taken
        changed = True
        while changed:
            changed = False
            member = bind({"member": self.state.context(now, self.book.member_badge_fields)})
            for badge in asking:
                if not self.state.holds(badge.spec.key):
                    continue
                if badge.kind == "all_of":
                    holds = all(self.state.holds(required) for required in badge.spec.criteria.all_of or [])
                else:
                    holds = self._holds(badge, member)
                if not holds and self._revoke_if_asked(badge, ""):
                    self.state.lifetime -= self.points - taken
                    self.state.available -= self.points - taken
                    taken, changed = self.points, True

    @staticmethod
    def _holds(badge: CompiledBadge, member: Any) -> bool:
        try:
            return badge.condition is not None and badge.condition.evaluate_bool(member)
        except EvaluationError:
            return False

    def _awards(self) -> dict[tuple[str, str], int]:
        """The member's awards of this event's badges, each with the receipt order of the event that made it."""
        keys = [badge.spec.key for badge in self.book.event_badges.get(self.event.type, [])]
        rows = self.session.execute(
            select(col(MemberBadge.badge), col(MemberBadge.period), col(Event.pk))
            .join(
                Event,
                (col(Event.tenant_id) == col(MemberBadge.tenant_id))
                & (col(Event.event_id) == col(MemberBadge.event_id)),
                isouter=True,
            )
            .where(
                col(MemberBadge.member_id) == self.event.member_id,
                col(MemberBadge.program_id) == self.event.program_id,
                col(MemberBadge.badge).in_(keys),
            )
        ).tuples()
        return {(badge, period): pk or 0 for badge, period, pk in rows}

    def _counted(self, badge: CompiledBadge, award: int | None) -> bool:
        """Whether the event added to the badge's counter: it held the condition, and the badge was not held yet
        (an award by this event or a later one)."""
        assert self.event.pk is not None
        if award is not None and award < self.event.pk:
            return False
        if badge.condition is None:
            return True
        try:
            return badge.condition.evaluate_bool(self.engine.context(self._facts(self.event.properties), self.state))
        except EvaluationError:
            return False

    def _amount(self, badge: CompiledBadge, properties: dict[str, Any]) -> int:
        if badge.sum is None:
            return 1
        try:
            return badge.sum.evaluate_int(self.engine.context(self._facts(properties), self.state))
        except EvaluationError:
            return 0

    def quests(self) -> None:
        """A full return takes the event's step off the quests it moved; one it completed opens again, and its
        points are taken back. A quest another event completed stays completed."""
        for line in self.event.effects.get("quests", []):
            progress = self.state.quests.get(line["key"])
            quest = next((q for q in self.book.quests if q.spec.key == line["key"]), None)
            if progress is None or quest is None:
                continue
            completed_here = line["status"] == "completed"
            if progress.completed_at is not None and not completed_here:
                continue
            steps = [
                i
                for i, step in enumerate(quest.steps)
                if step.spec.event_type == self.event.type and i < len(progress.counts) and progress.counts[i] > 0
            ]
            if steps:
                progress.counts[steps[-1]] -= 1
            if completed_here:
                progress.completed_at = None
                self.points += int(line.get("points") or 0)
            if not any(progress.counts):
                del self.state.quests[line["key"]]
            self.quest_lines.append({"key": line["key"], "status": "reopened" if completed_here else "step_returned"})

    def effects(self) -> dict[str, Any]:
        effects: dict[str, Any] = {
            "event": self.event.event_id,
            "full": self.full,
            "points": -self.points,
            "xp": -self.xp,
            "rules": self.rule_lines,
            "rules_reversed": self.rules_reversed,
        }
        if self.revoked:
            effects["badges_revoked"] = [{"key": key, "period": period} for key, period in self.revoked]
        if self.quest_lines:
            effects["quests"] = self.quest_lines
        if self.days_removed:
            effects["streak_days_removed"] = self.days_removed
        return effects


def _share(gave: int, whole: int, kept: int) -> int:
    """What a rule keeps of what it gave: its award on the kept part, in proportion to its award on the whole."""
    if whole == 0:
        return gave if kept else 0
    return max(0, min(gave, gave * kept // whole))


def _score_deltas(
    book: Rulebook, zone: tzinfo, event: Event, state: MemberState, reversal: _Reversal, full: bool
) -> list[ScoreDelta]:
    """What the return takes off the boards: the event's own points in the event's periods, and each revoked
    badge's bonus in the periods of the moment it was awarded (another event may have awarded it, another day)."""
    bonus = sum(points for _, points in reversal.bonuses)
    moves = score_deltas(
        book,
        zone,
        EventFacts(event.event_id, event.type, event.properties, state.external_id, event.occurred_at),
        state,
        Outcome(points=bonus - reversal.points, xp=-reversal.xp),
        count=-1 if full else 0,
    )
    for awarded_at, points in reversal.bonuses:
        facts = EventFacts(event.event_id, event.type, event.properties, state.external_id, awarded_at)
        moves += score_deltas(book, zone, facts, state, Outcome(points=-points), count=0)
    return merge(moves)


def _revoke(session: Session, program_id: int, member_id: int, revoked: list[tuple[str, str]]) -> None:
    for key, period in revoked:
        session.execute(
            delete(MemberBadge).where(
                col(MemberBadge.member_id) == member_id,
                col(MemberBadge.program_id) == program_id,
                col(MemberBadge.badge) == key,
                col(MemberBadge.period) == period,
            )
        )
