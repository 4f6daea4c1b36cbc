"""Settled payouts are announced to webhooks, in the settlement's own transaction."""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable

from sqlalchemy import select
from sqlmodel import col

from chain.models import TxStatus
from core.db import run_in_transaction, unit_of_work
from core.outbound import OutboundPolicy
from notifications.models import WebhookDelivery
from notifications.webhooks import create_webhook, notify_payouts_settled
from wallets.payouts import PayoutChain, PayoutRequest, advance_payouts, request_payout
from worker.context import build_context

from .conftest import Stack, tenant_with_member
from .helpers import payout, transactions

# The hooks point at a closed port on loopback: nothing is delivered here, but saving them needs the operator's leave.
LOCAL = OutboundPolicy.of(allow_http=True, allow_networks="127.0.0.0/8")


def hooked_payout(stack: Stack, events: list[str]) -> tuple[str, str]:
    """A tenant with a webhook on `events` and a queued payout of 30 points; returns (tenant id, payout id)."""
    tenant_id, _ = tenant_with_member(stack, 100)
    with unit_of_work(stack.engine) as session:
        create_webhook(session, stack.keystore, tenant_id, "http://127.0.0.1:9/hook", events, policy=LOCAL)
    request = PayoutRequest(member="alice", amount=30, chain="evm")
    created = run_in_transaction(
        stack.engine,
        lambda s: request_payout(
            s, stack.keystore, {"evm": stack.chain.network}, tenant_id, request, idempotency_key=None,
            default_daily_limit=1_000,
        )[0],
    )  # fmt: skip
    return tenant_id, created.id


def advance_until(stack: Stack, chain: PayoutChain, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, "the payout machine did not get there in time"
        advance_payouts(stack.engine, chain, batch_size=10, on_settled=notify_payouts_settled)
        time.sleep(0.05)


def deliveries(stack: Stack, tenant_id: str) -> list[WebhookDelivery]:
    with unit_of_work(stack.engine, read_only=True) as session:
        return list(
            session.scalars(
                select(WebhookDelivery)
                .where(col(WebhookDelivery.tenant_id) == tenant_id)
                .order_by(col(WebhookDelivery.created_at), col(WebhookDelivery.id))
            )
        )


def test_confirmed_payout_writes_a_payout_confirmed_webhook(stack: Stack) -> None:
    tenant_id, _ = tenant_with_member(stack, 100)
    with unit_of_work(stack.engine) as session:
        create_webhook(
            session, stack.keystore, tenant_id, "http://127.0.0.1:9/hook", ["payout.confirmed"], policy=LOCAL
        )
    networks = {"evm": stack.chain.network}
    request = PayoutRequest(member="alice", amount=30, chain="evm")
    created = run_in_transaction(
        stack.engine,
        lambda s: request_payout(
            s, stack.keystore, networks, tenant_id, request, idempotency_key=None, default_daily_limit=1_000
        )[0],
    )
    deadline = time.monotonic() + 30
    while payout(stack, created.id).status != "confirmed":
        assert time.monotonic() < deadline, "the payout did not confirm in time"
        advance_payouts(stack.engine, stack.chain, batch_size=10, on_settled=notify_payouts_settled)
        time.sleep(0.05)
    with unit_of_work(stack.engine, read_only=True) as session:
        [delivery] = session.scalars(select(WebhookDelivery).where(col(WebhookDelivery.tenant_id) == tenant_id))
    assert delivery.event_type == "payout.confirmed"
    assert delivery.payload["data"]["payout_id"] == created.id
    assert delivery.payload["data"]["member"] == "alice" and delivery.payload["data"]["points"] == 30


def test_a_stuck_payout_re_priced_writes_payout_replaced_with_both_hashes_then_payout_confirmed(stack: Stack) -> None:
    """The worker's own chains (worker.context) carry the replacement hook: mining stops, the payout's transaction
    sits past `evm_stuck_after_seconds`, the pipeline re-prices it, and the webhook outbox says so."""
    impatient = dataclasses.replace(stack, settings=stack.settings.model_copy(update={"evm_stuck_after_seconds": 0.3}))
    tenant_id, payout_id = hooked_payout(impatient, ["payout.replaced", "payout.confirmed"])
    context = build_context(impatient.settings)
    chain = context.chains["evm"]

    def statuses() -> list[str]:
        return [tx.status for tx in transactions(stack, payout(stack, payout_id).batch_id or "-")]

    stack.anvil.rpc("evm_setAutomine", [False])
    try:
        advance_until(impatient, chain, lambda: TxStatus.REPLACED in statuses())
        stack.anvil.rpc("evm_mine")
    finally:
        stack.anvil.rpc("evm_setAutomine", [True])
    advance_until(impatient, chain, lambda: payout(stack, payout_id).status == "confirmed")
    context.engine.dispose()

    written = deliveries(stack, tenant_id)
    versions = transactions(stack, payout(stack, payout_id).batch_id or "-")
    [mined] = [v for v in versions if v.status == TxStatus.CONFIRMED]
    replaced = [d.payload["data"] for d in written if d.event_type == "payout.replaced"]
    assert [d.event_type for d in written][-1] == "payout.confirmed"
    assert len(replaced) == len(versions) - 1 >= 1
    assert [(r["replaced_tx_hash"], r["tx_hash"]) for r in replaced] == [
        (old.tx_hash, new.tx_hash) for old, new in itertools.pairwise(versions)
    ]
    assert replaced[-1]["tx_hash"] == mined.tx_hash and replaced[0]["payout_id"] == payout_id
    assert replaced[0]["status"] == "submitted" and replaced[0]["member"] == "alice"


def test_a_payout_never_replaced_writes_no_payout_replaced(stack: Stack) -> None:
    tenant_id, payout_id = hooked_payout(stack, ["payout.replaced", "payout.confirmed"])
    context = build_context(stack.settings)

    advance_until(stack, context.chains["evm"], lambda: payout(stack, payout_id).status == "confirmed")
    context.engine.dispose()

    assert [d.event_type for d in deliveries(stack, tenant_id)] == ["payout.confirmed"]
