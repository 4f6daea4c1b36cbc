"""Driving the payout machine in tests: by hand with the same service functions the worker's tasks call, or
through a real `laurel worker --beat` process."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy import select
from sqlmodel import col

from chain.models import ChainTransaction
from core.db import unit_of_work
from core.settings import Settings
from tests.conftest import MASTER_KEY
from wallets.models import Payout
from wallets.payouts import advance_payouts

from .conftest import Stack


def payout(stack: Stack, payout_id: str) -> Payout:
    with unit_of_work(stack.engine, read_only=True) as session:
        row = session.get(Payout, payout_id)
        assert row is not None
        return row


def transactions(stack: Stack, reference: str) -> list[ChainTransaction]:
    with unit_of_work(stack.engine, read_only=True) as session:
        return list(
            session.scalars(
                select(ChainTransaction)
                .where(col(ChainTransaction.reference) == reference)
                .order_by(col(ChainTransaction.id))
            )
        )


def advance_until(
    stack: Stack, done: Callable[[], bool], timeout: float = 30.0, mine: bool = False, batch_size: int | None = None
) -> None:
    """Run the payout machine (as beat would) until `done()`; with `mine`, produce a block each turn."""
    chain = stack.chain
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("the payout machine did not get there in time")
        advance_payouts(stack.engine, chain, batch_size=batch_size or stack.settings.payout_batch_size)
        if mine:
            stack.anvil.rpc("evm_mine")
        time.sleep(0.05)


PASSED_SETTINGS = (
    "data_dir", "database_url", "evm_rpc_url", "evm_chain_id", "evm_token_address", "evm_confirmations",
    "payout_interval_seconds", "payout_batch_size", "chain_lease_seconds", "broker_url", "broker_prefix",
    "tron_full_node_url", "tron_token_address", "allow_http_webhooks", "webhook_allow_networks",
)  # fmt: skip


def worker_env(settings: Settings) -> dict[str, str]:
    env = {**os.environ, "LAUREL_MASTER_KEY": MASTER_KEY, "LAUREL_LOG_LEVEL": "INFO"}
    for name in PASSED_SETTINGS:
        value = getattr(settings, name)
        if value is None:
            env.pop(f"LAUREL_{name.upper()}", None)
        else:
            env[f"LAUREL_{name.upper()}"] = str(value)
    return env


@contextmanager
def worker_process(settings: Settings, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`laurel worker --beat` in its own process group, so that killing it kills beat's child too."""
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "worker", "--beat", "--pool", "solo"],
            env=worker_env(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop_group(process, timeout=20)


def stop_group(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Stop a process started in its own session, and everything it started: SIGTERM, then SIGKILL after `timeout`."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(done: object, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


REDIS_URL = "redis://127.0.0.1:6379/0"


@contextmanager
def own_broker(settings: Settings) -> Iterator[Settings]:
    """The settings with a broker of their own, paired as deployed: kombu's SQLite transport with the SQLite
    database (the embedded default), Redis under a unique key prefix with PostgreSQL (production)."""
    if settings.is_sqlite:
        url, prefix = f"sqla+sqlite:///{settings.data_dir / f'broker-{secrets.token_hex(4)}.db'}", ""
    else:
        url, prefix = REDIS_URL, f"laurel-test-{secrets.token_hex(6)}:"
    yield settings.model_copy(update={"broker_url": url, "broker_prefix": prefix})
    if prefix:
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
