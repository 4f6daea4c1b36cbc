"""Driving the payout machine by hand in tests: the same service functions the worker's tasks call."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import select
from sqlmodel import col

from chain.models import ChainTransaction
from core.db import unit_of_work
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
