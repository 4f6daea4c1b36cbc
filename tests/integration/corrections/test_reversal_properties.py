"""Any sequence of events, full and partial returns and spends keeps every ledger transaction balanced and no member
balance below zero, and windowed counters follow what was kept; returning every event leaves points, counters,
windowed counters, streak days, badges (count, sum, streak, member condition, all_of), medals, fund totals, the
program's spent budget, referral rewards and leaderboard scores as if none had happened (debt aside: points already
spent stay owed). On both databases, with and without a return window."""

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlmodel import col

import notifications  # noqa: F401  (registers the notice outbox that ingestion and returns publish to)
from achievements.catalog import save_definition
from achievements.definitions import BadgeSpec, Kind, LeaderboardSpec, MedalSpec, RuleSpec
from achievements.ingest import EventInput, ingest_events
from achievements.leaderboards import period_key
from achievements.models import ActivityDay, Event, EventReversal, LeaderboardScore, MemberBadge, MemberStats
from achievements.reversals import ReversalInput, reverse_event
from achievements.service import medals_of
from achievements.windows import WindowsRead, load_windows
from core import migrate
from core.db import create_db_engine, run_in_transaction, unit_of_work
from core.errors import InsufficientPoints, InvalidInput
from core.settings import Settings
from core.tenancy import Member, create_tenant, upsert_member
from core.types import utcnow
from loyalty.funds import create_fund, fund_view
from targeting.models import Referral
from targeting.referrals import ReferralTerms, refer, set_referral_terms
from wallets import ledger
from wallets.accounts import program_issued
from wallets.models import Balance, Program
from wallets.programs import resolve_program
from wallets.service import member_balance

# 20:00 three days ago: an example's events cross midnight, so awards and returns fall in different day periods.
START = datetime.combine(datetime.now(UTC).date() - timedelta(days=3), time(20), UTC)
MEMBERS = ("ann", "bob", "cid")  # cid was referred by ann: cid's first buy pays them both
WINDOWS = WindowsRead({"events_30d": 30, "amount_30d": 30}, frozenset())
action = st.one_of(
    st.tuples(st.just("event"), st.sampled_from(MEMBERS), st.sampled_from(["buy", "buy", "ban"]), st.integers(1, 80)),
    st.tuples(st.just("return"), st.integers(0, 30), st.one_of(st.none(), st.integers(1, 60)), st.just(0)),
    st.tuples(st.just("spend"), st.sampled_from(MEMBERS), st.just(""), st.integers(1, 60)),
)


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    engine = create_db_engine(settings.effective_database_url)
    migrate.upgrade(engine)  # the migrations, this branch's 0021 among them, as the app would run them
    return engine


def new_program(engine: Engine, window: int) -> tuple[str, int]:
    with unit_of_work(engine) as session:
        tenant, _ = create_tenant(session, "t")
        program = resolve_program(session, tenant.id, None)
        assert program.id is not None
        program.settings = {**program.settings, "pending_days": window}
        program.budget = 1_000_000
        specs: list[tuple[Kind, Any]] = [
            (Kind.RULE, RuleSpec(key="buy", event_type="buy", points="event.amount", xp="1")),
            (Kind.RULE, RuleSpec(key="ban", event_type="ban", points="-30")),
            (Kind.RULE, RuleSpec(key="regular", event_type="buy", points='member.events_30d["buy"] >= 2 ? 3 : 0')),
            (Kind.LEADERBOARD, LeaderboardSpec(key="pts", name="Points")),
            (Kind.LEADERBOARD, LeaderboardSpec(key="n", name="Events", metric="events")),
            (
                Kind.MEDAL,
                MedalSpec.model_validate(
                    {"key": "m", "name": "M", "counter": "events:buy", "ranks": [{"at_least": 1}]}
                ),
            ),
        ]
        for badge in (
            {"key": "two", "name": "2", "points": 5, "criteria": {"event_type": "buy", "count": 2}},
            {
                "key": "big",
                "name": "B",
                "points": 7,
                "criteria": {"event_type": "buy", "sum": "event.amount", "at_least": 90},
            },
            {"key": "days", "name": "D", "points": 2, "criteria": {"event_type": "buy", "streak_days": 2}},
            {"key": "keen", "name": "K", "points": 4, "criteria": {"condition": "member.xp >= 3"}},
            {"key": "both", "name": "T", "points": 1, "criteria": {"all_of": ["two", "keen"]}},
        ):
            specs.append((Kind.BADGE, BadgeSpec.model_validate({**badge, "revoke_on_reversal": True})))
        for kind, spec in specs:
            save_definition(session, tenant.id, kind, spec, replace=False)
        create_fund(session, tenant.id, key="f", name="F", event_type="buy", per_event=3, program=None)
        set_referral_terms(session, tenant.id, None, ReferralTerms("buy", referrer_points=10, referee_points=4))
        for name in MEMBERS:
            upsert_member(session, tenant.id, name)
        refer(session, tenant.id, upsert_member(session, tenant.id, "cid")[0], "ann")
        return tenant.id, program.id


def spend(engine: Engine, tenant_id: str, program_id: int, member: str, points: int) -> int:
    def work(session: Any) -> int:
        found = session.scalar(
            select(Member).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == member)
        )
        if found is None:
            return 0
        spec = ledger.TransactionSpec(
            program_id=program_id,
            kind=ledger.Kind.SPEND,
            idempotency_key=f"spend:{datetime.now(UTC).timestamp()}:{member}:{points}",
            entries=(
                ledger.Entry(f"member:{found.id}:available", -points),
                ledger.Entry(program_issued(program_id), points),
            ),
        )
        try:
            with session.begin_nested():
                ledger.post_many(session, tenant_id, [spec])
        except InsufficientPoints:
            return 0
        return points

    return run_in_transaction(engine, work)


def check_ledger(engine: Engine, tenant_id: str) -> None:
    with unit_of_work(engine, read_only=True) as session:
        assert ledger.verify(session, tenant_id) == []
        negative = session.scalars(
            select(Balance).where(
                col(Balance.tenant_id) == tenant_id, col(Balance.account).like("member:%"), col(Balance.balance) < 0
            )
        ).all()
        assert negative == []


def check_windows(engine: Engine, tenant_id: str, program_id: int) -> None:
    """Windowed counters count the events not returned in full, and sum what was kept of their amounts."""
    with unit_of_work(engine, read_only=True) as session:
        returns = session.scalars(select(EventReversal).where(col(EventReversal.tenant_id) == tenant_id)).all()
        full = {r.event_id for r in returns if r.properties is None}
        events = session.scalars(select(Event).where(col(Event.tenant_id) == tenant_id)).all()
        expected: dict[int, dict[str, dict[str, float]]] = {}
        for event in events:
            if event.event_id in full:
                continue
            taken = sum((r.properties or {}).get("amount", 0) for r in returns if r.event_id == event.event_id)
            counts = expected.setdefault(event.member_id, {"events_30d": {}, "amount_30d": {}})
            counts["events_30d"][event.type] = counts["events_30d"].get(event.type, 0) + 1
            kept = event.properties["amount"] - taken
            counts["amount_30d"][event.type] = counts["amount_30d"].get(event.type, 0.0) + kept
        members = {event.member_id for event in events}
        found = load_windows(session, tenant_id, program_id, members, WINDOWS, utcnow())
        for member_id in members:
            counts = expected.get(member_id, {"events_30d": {}, "amount_30d": {}})
            want = {name: {t: n for t, n in by_type.items() if n} for name, by_type in counts.items()}  # 0: absent
            assert found[member_id].counts == want, (found[member_id].counts, want)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=14), window=st.sampled_from([0, 7]))
def test_returning_everything_undoes_everything_but_debt(engine: Engine, actions: list[Any], window: int) -> None:
    tenant_id, program_id = new_program(engine, window)
    events: list[str] = []
    spent = dict.fromkeys(MEMBERS, 0)
    for n, (kind, first, second, amount) in enumerate(actions):
        if kind == "event":
            event = EventInput(
                id=f"e{n}",
                member=first,
                type=second,
                properties={"amount": amount},
                occurred_at=START + timedelta(hours=n),
            )
            run_in_transaction(engine, lambda s, e=event: ingest_events(s, tenant_id, [e]))
            events.append(event.id)
        elif kind == "return" and events:
            target = events[first % len(events)]
            request = ReversalInput(f"r{n}", target, None if second is None else {"amount": second})
            try:
                run_in_transaction(engine, lambda s, r=request: reverse_event(s, tenant_id, r))
            except (InvalidInput, Exception) as exc:  # more than is left, a return of a penalty's amount, or twice
                assert exc.__class__.__name__ in ("InvalidInput", "Conflict"), exc
        elif kind == "spend":
            spent[first] += spend(engine, tenant_id, program_id, first, amount)
        check_ledger(engine, tenant_id)
    check_windows(engine, tenant_id, program_id)
    with unit_of_work(engine, read_only=True) as session:
        full = {
            r.event_id
            for r in session.scalars(select(EventReversal).where(col(EventReversal.tenant_id) == tenant_id))
            if r.properties is None
        }
    for event_id in events:
        if event_id not in full:
            request = ReversalInput(f"all-{event_id}", event_id)
            run_in_transaction(engine, lambda s, r=request: reverse_event(s, tenant_id, r))
    check_ledger(engine, tenant_id)
    with unit_of_work(engine, read_only=True) as session:
        for member in session.scalars(select(Member).where(col(Member.tenant_id) == tenant_id)):
            assert member.id is not None
            balance = member_balance(session, tenant_id, program_id, member.id)
            assert balance.available + balance.pending - balance.debt == -spent[member.external_id]
            assert balance.lifetime == 0
            stats = session.get(MemberStats, (member.id, program_id))
            if stats is not None:  # a member who sent nothing has no stats row
                assert stats.events == 0 and stats.xp == 0
                assert all(value == 0 for value in stats.counters.values()), stats.counters
        assert session.scalars(select(MemberBadge).where(col(MemberBadge.tenant_id) == tenant_id)).all() == []
        scores = session.scalars(select(LeaderboardScore).where(col(LeaderboardScore.tenant_id) == tenant_id)).all()
        assert [s.score for s in scores if s.score] == []
        assert session.scalars(select(ActivityDay).where(col(ActivityDay.program_id) == program_id)).all() == []
        assert fund_view(session, tenant_id, "f").balance == 0
        program = session.get(Program, program_id)
        assert program is not None and program.budget_used == 0
        referral = session.scalar(select(Referral).where(col(Referral.tenant_id) == tenant_id))
        assert referral is not None and referral.rewarded_at is None
        for name in MEMBERS:
            assert [medal.value for medal in medals_of(session, tenant_id, name, None)] == [0]
    check_windows(engine, tenant_id, program_id)


def test_a_revoked_bonus_leaves_the_board_in_the_period_it_was_awarded_in(engine: Engine) -> None:
    """Ann's first buy is on day 1; her next two on day 2 award `keen` and `big` (among others). Returning the
    first buy revokes them: their bonuses come off day 2, where they were scored, not off the returned buy's day 1."""
    tenant_id, program_id = new_program(engine, window=0)
    day_one = START.replace(hour=23)
    moments = [day_one, day_one + timedelta(hours=2), day_one + timedelta(hours=3)]
    for n, (at, amount) in enumerate(zip(moments, (50, 50, 10), strict=True)):
        event = EventInput(id=f"b{n}", member="ann", type="buy", properties={"amount": amount}, occurred_at=at)
        run_in_transaction(engine, lambda s, e=event: ingest_events(s, tenant_id, [e]))
    effects = run_in_transaction(engine, lambda s: reverse_event(s, tenant_id, ReversalInput("r", "b0", None)))
    assert {"big", "keen"} <= {b["key"] for b in effects.effects["badges_revoked"]}
    with unit_of_work(engine, read_only=True) as session:
        scores = {
            s.period: s.score
            for s in session.scalars(
                select(LeaderboardScore).where(
                    col(LeaderboardScore.tenant_id) == tenant_id, col(LeaderboardScore.board) == "pts"
                )
            )
        }
        ann = session.scalar(select(Member).where(col(Member.tenant_id) == tenant_id, col(Member.external_id) == "ann"))
        assert ann is not None and ann.id is not None
        lifetime = member_balance(session, tenant_id, program_id, ann.id).lifetime
    assert scores.get(period_key("day", moments[0], UTC), 0) == 0
    assert scores[period_key("day", moments[1], UTC)] == lifetime
