"""Settled payouts are announced to webhooks, in the settlement's own transaction."""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlmodel import col

from achievements.models import WebhookDelivery
from achievements.webhooks import create_webhook, notify_payout_settled
from core.db import run_in_transaction, unit_of_work
from wallets.payouts import PayoutRequest, advance_payouts, request_payout

from .conftest import Stack, tenant_with_member
from .helpers import payout


def test_confirmed_payout_writes_a_payout_confirmed_webhook(stack: Stack) -> None:
    tenant_id, _ = tenant_with_member(stack, 100)
    with unit_of_work(stack.engine) as session:
        create_webhook(session, stack.keystore, tenant_id, "http://127.0.0.1:9/hook", ["payout.confirmed"])
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
        advance_payouts(stack.engine, stack.chain, batch_size=10, on_settled=notify_payout_settled)
        time.sleep(0.05)
    with unit_of_work(stack.engine, read_only=True) as session:
        [delivery] = session.scalars(select(WebhookDelivery).where(col(WebhookDelivery.tenant_id) == tenant_id))
    assert delivery.event_type == "payout.confirmed"
    assert delivery.payload["data"]["payout_id"] == created.id
    assert delivery.payload["data"]["member"] == "alice" and delivery.payload["data"]["points"] == 30
