"""A badge that asks for a token is minted, soulbound, to the member's custodial address — once."""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlmodel import col

from achievements.catalog import save_definition
from achievements.definitions import BadgeSpec, Kind
from achievements.ingest import EventInput, ingest_events
from contracts.artifacts import load_artifact
from core.db import run_in_transaction, unit_of_work
from wallets.badge_nfts import advance_badge_mints, badge_token_id
from wallets.custody import member_wallets
from wallets.models import BadgeMint

from .conftest import Stack, tenant_with_member


def test_an_nft_badge_is_minted_once_to_the_member(stack: Stack) -> None:
    tenant_id, member_id = tenant_with_member(stack, 0)
    spec = BadgeSpec.model_validate(
        {"key": "pioneer", "name": "Pioneer", "nft": ["evm"], "criteria": {"event_type": "visit", "count": 1}}
    )
    with unit_of_work(stack.engine) as session:
        save_definition(session, tenant_id, Kind.BADGE, spec, replace=False)
    for n in range(2):  # the second visit awards nothing new, and owes no second token
        run_in_transaction(
            stack.engine,
            lambda s, n=n: ingest_events(s, tenant_id, [EventInput(id=f"v{n}", member="alice", type="visit")]),
        )

    chain = stack.chain
    deadline = time.monotonic() + 30
    while True:
        chain.pipeline.advance_due()
        advance_badge_mints(stack.engine, chain, stack.keystore, batch_size=50)
        with unit_of_work(stack.engine, read_only=True) as session:
            [mint] = session.scalars(select(BadgeMint).where(col(BadgeMint.tenant_id) == tenant_id))
            address = member_wallets(session, stack.keystore, tenant_id, member_id)["evm"]
        if mint.status == "minted":
            break
        assert mint.status != "failed", mint.error
        assert time.monotonic() < deadline, "the badge token was not minted in time"
        time.sleep(0.1)
    badge = stack.w3.eth.contract(address=chain.network.badge_address, abi=load_artifact("BadgeToken").abi)
    assert badge.functions.balanceOf(address, badge_token_id(tenant_id, "pioneer")).call() == 1
