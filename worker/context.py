"""What a worker process needs to run tasks: engine, key store, chains. Built lazily, once per process.

Built on first use rather than at import so that each prefork child gets its own database connections and RPC
sessions instead of sharing the parent's across a fork.
"""

import os
import threading
from dataclasses import dataclass
from typing import Any

from redis import Redis
from sqlalchemy import Engine

from chain.network import Network, configured_networks
from core.db import engine_from_settings
from core.settings import Settings
from notifications.email import enable_email
from notifications.webhooks import notify_payout_replaced
from wallets.keystore import KeyStore, MasterKey
from wallets.payouts import PayoutChain, payout_chains


@dataclass(frozen=True)
class WorkerContext:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    networks: dict[str, Network]
    chains: dict[str, PayoutChain]
    redis: Any = None  # leaderboards' Redis (`redis_url`), for jobs whose events move scores; None: database only


_lock = threading.Lock()
_contexts: dict[tuple[int, int], WorkerContext] = {}


def build_context(settings: Settings) -> WorkerContext:
    engine = engine_from_settings(settings)
    keystore = KeyStore(MasterKey.from_settings(settings), engine)
    networks = configured_networks(settings)
    enable_email(settings)
    return WorkerContext(
        settings=settings,
        engine=engine,
        keystore=keystore,
        networks=networks,
        redis=Redis.from_url(settings.redis_url) if settings.redis_url else None,
        chains=payout_chains(settings, engine, keystore, networks, on_replaced=notify_payout_replaced),
    )


def context_for(settings: Settings) -> WorkerContext:
    """This process's context for these settings (keyed by pid: a forked child builds its own)."""
    key = (os.getpid(), id(settings))
    with _lock:
        if key not in _contexts:
            _contexts[key] = build_context(settings)
        return _contexts[key]
