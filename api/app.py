"""The FastAPI application: wiring of settings, database, key store, routers, errors and metrics."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from fastapi import FastAPI
from redis import Redis
from sqlmodel import Session

from achievements.service import Accepted, IngestOutcome, accept_events
from api import (
    adjustments,
    audit,
    branding,
    cards,
    chains,
    console,
    contract,
    definitions,
    event_schemas,
    events,
    funds,
    goals,
    health,
    imports,
    jobs,
    leaderboards,
    members,
    page_links,
    pages,
    partners,
    passes,
    payouts,
    problems,
    programs,
    promo_codes,
    proofs,
    raffles,
    recognitions,
    referrals,
    reversals,
    rewards,
    segments,
    simulate,
    staff,
    stats,
    subscriptions,
    tenants,
    transfers,
    unsubscribe,
    webhooks,
    widget,
)
from api.console.base import install as install_console
from api.console.signin import signin_throttles
from api.deps import AppState, Caller, confirm_callers
from api.event_ingress import EventIngress
from api.group_commit import GroupCommitter
from api.limits import Gate, RateLimitHeadersMiddleware
from api.middleware import AuditMiddleware, BodyLimitMiddleware, MetricsMiddleware, NulUrlMiddleware
from api.pending_events import PendingEvaluator
from core import migrate
from core.db import engine_from_settings
from core.errors import LaurelError
from core.logging import configure_logging
from core.ratelimit import rate_limiter
from core.settings import Settings
from core.tenancy import KeyUseRecorder, Scope
from notifications.email import enable_email
from wallets.keystore import KeyStore, MasterKey
from worker.app import create_celery

MAX_BODY_BYTES = 16 * 1024 * 1024


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = engine_from_settings(settings)
        if settings.auto_migrate:
            migrate.upgrade(engine)
        keystore = KeyStore(MasterKey.from_settings(settings), engine)
        keystore.seed()  # fail at start, not on the first request, if the master key does not fit
        enable_email(settings)
        redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        state = AppState(
            settings=settings, engine=engine, keystore=keystore, redis=redis, queue=create_celery(settings)
        )

        def follow_up(tenant: str, outcome: IngestOutcome) -> None:
            events.after_commit(state, tenant, outcome)

        def confirm(session: Session, callers: list[Caller | None]) -> list[LaurelError | None]:
            return confirm_callers(state, session, callers, Scope.EVENTS_WRITE)

        committer = GroupCommitter(engine, follow_up, confirm=confirm)
        evaluator = PendingEvaluator(
            engine,
            follow_up,
            lease=settings.pending_event_lease_seconds,
            poll=settings.pending_event_poll_seconds,
        )

        def nudge(_tenant: str, accepted: Accepted) -> None:
            if accepted.stored_any:
                evaluator.nudge()

        acceptor = GroupCommitter(engine, nudge, write=accept_events, confirm=confirm)
        app.state.laurel = replace(
            state,
            committer=committer,
            acceptor=acceptor,
            evaluator=evaluator,
            signin_throttles=signin_throttles(settings, redis),
            gate=Gate(
                settings,
                rate_limiter(engine, redis, settings.redis_prefix, settings.rate_limit_window_seconds),
                KeyUseRecorder(engine, settings.key_last_used_resolution_seconds),
            ),
        )
        committer.start()
        acceptor.start()
        evaluator.start()
        chain_watch = health.start_chain_watch(app, state)
        health.install_checks(app)
        # Start-up objects live for the whole process: moving them out of the collector's sight, and collecting
        # less often, takes a measured ~20% off batch ingestion, which allocates many short-lived objects.
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)
        yield
        evaluator.stop()
        acceptor.stop()
        chain_watch.stop()
        committer.stop()
        if redis is not None:
            redis.close()
        engine.dispose()

    app = FastAPI(
        title="Laurel",
        version="0.1.0",
        lifespan=lifespan,
        description="Rewards and achievements, backed by a double-entry ledger and custodial wallets.",
    )
    problems.install(app)
    install_console(app)
    contract.install(app)
    for module in (
        health,
        tenants,
        programs,
        members,
        adjustments,
        events,
        reversals,
        leaderboards,
        webhooks,
        simulate,
        jobs,
        chains,
        payouts,
        proofs,
        page_links,
        pages,
        widget,
        console,
    ):
        app.include_router(module.router)
    app.include_router(event_schemas.router)
    app.include_router(segments.router)
    loyalty_mechanics = (promo_codes, rewards, cards, passes, subscriptions, raffles, funds, partners, stats)
    app.include_router(branding.router)
    for module in loyalty_mechanics:
        app.include_router(module.router)
    app.include_router(referrals.router)
    for module in (transfers, recognitions, goals):  # people: what members do for each other
        app.include_router(module.router)
    app.include_router(imports.router)
    for module in (staff, audit, unsubscribe):  # who runs the program, what they did; members' email choices
        app.include_router(module.router)
    for router in definitions.routers:
        app.include_router(router)
    app.add_middleware(EventIngress)  # innermost: the middlewares added after it still see every request
    app.add_middleware(AuditMiddleware, engine=lambda: app.state.laurel.engine)
    app.add_middleware(RateLimitHeadersMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES)
    app.add_middleware(NulUrlMiddleware)
    app.add_middleware(MetricsMiddleware)
    return app
