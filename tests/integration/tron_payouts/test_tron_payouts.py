"""Tron payouts through the same pipeline and worker as EVM, on the Tron devnet: TRC-20 mintBatch, solidified
receipts, expiry instead of nonces, a worker killed mid-batch, the node restarted mid-flight."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlmodel import col
from tronpy.keys import PrivateKey
from typer.testing import CliRunner

from api import cli
from chain.client import Fees, UnsignedTx
from chain.errors import CallReverted, FeeLimitExceeded
from chain.models import ChainTransaction, TxStatus
from chain.transactions import plan_transaction
from chain.tron import SUN_PER_TRX, TronClient, mint_batch_size
from core.db import run_in_transaction, unit_of_work
from core.errors import InsufficientPoints
from core.tenancy import create_tenant, upsert_member
from tests.conftest import ADMIN_TOKEN, LiveServer, health_with_chains
from tests.integration.payouts.conftest import grant_points, tenant_with_member
from tests.integration.payouts.helpers import (
    advance_until,
    own_broker,
    payout,
    transactions,
    wait_for,
    worker_process,
)
from wallets import ledger
from wallets.accounts import member_available, payout_paid, payout_pending
from wallets.custody import member_wallets
from wallets.keystore import Chain
from wallets.models import LedgerTransaction, Payout
from wallets.payouts import PayoutRequest, request_payout
from wallets.programs import resolve_program
from wallets.reconcile import reconcile

from .conftest import TronStack

UNIT = 10**18  # one point is one whole token of 18 decimals


def ask(stack: TronStack, tenant_id: str, amount: int, member: str = "alice") -> Payout:
    request = PayoutRequest(member=member, amount=amount, chain="tron")
    networks = {"tron": stack.chain.network}
    return run_in_transaction(
        stack.engine,
        lambda s: request_payout(
            s, stack.keystore, networks, tenant_id, request, idempotency_key=None, default_daily_limit=0
        )[0],
    )


def ledger_accounts(stack: TronStack, tenant_id: str, member_id: int) -> dict[str, int]:
    with unit_of_work(stack.engine, read_only=True) as session:
        program = resolve_program(session, tenant_id)
        assert program.id is not None
        names = [member_available(member_id), payout_pending(), payout_paid("tron")]
        rows = ledger.balances(session, tenant_id, program.id, names)
    return {name: rows[name].balance if name in rows else 0 for name in names}


def tron_address(stack: TronStack, tenant_id: str, member_id: int) -> str:
    with unit_of_work(stack.engine) as session:
        return member_wallets(session, stack.keystore, tenant_id, member_id)["tron"]


def batch_broadcast(stack: TronStack, payout_id: str) -> bool:
    return any(t.status == "broadcast" for t in transactions(stack, payout(stack, payout_id).batch_id or "-"))


def settlements(stack: TronStack, payout_ids: list[str]) -> int:
    keys = [f"payout:{i}:settle" for i in payout_ids]
    with unit_of_work(stack.engine, read_only=True) as session:
        return int(session.scalar(select(func.count()).where(col(LedgerTransaction.idempotency_key).in_(keys))) or 0)


def test_points_to_tron_payout_through_the_worker_and_the_trc20_balance_equals_the_ledger(
    tron_stack: TronStack, tmp_path: Path
) -> None:
    with (
        own_broker(tron_stack.settings) as settings,
        worker_process(settings, tmp_path / "worker.log"),
        LiveServer(settings) as server,
        httpx.Client(base_url=server.url, timeout=30) as http,
    ):
        created = http.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        auth = {"Authorization": f"Bearer {created.json()['api_key']}"}
        rule = {"key": "spend", "event_type": "purchase", "points": "event.amount"}
        assert http.post("/v1/rules", json=rule, headers=auth).status_code == 201
        event = {"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 70}}
        assert http.post("/v1/events", json=event, headers=auth).json()["effects"]["points"] == 70

        answer = http.post("/v1/payouts", json={"member": "alice", "amount": 50, "chain": "tron"}, headers=auth)
        assert answer.status_code == 202, answer.text
        payout_id = answer.json()["id"]
        wait_for(
            lambda: http.get(f"/v1/payouts/{payout_id}", headers=auth).json()["status"] == "confirmed",
            what=(tmp_path / "worker.log").read_text,
        )
        view = http.get(f"/v1/payouts/{payout_id}", headers=auth).json()
        balance = http.get("/v1/members/alice/balance", headers=auth).json()
        wallets = http.get("/v1/members/alice", headers=auth).json()["wallets"]
        chains = {c["name"]: c for c in http.get("/v1/chains", headers=auth).json()}

    assert len(view["tx_hash"]) == 64 and view["token_amount"] == str(50 * UNIT)
    assert wallets["tron"].startswith("T") and view["to_address"] == wallets["tron"]
    assert balance["available"] == 20 and balance["on_chain"]["tron"] == str(50 * UNIT)
    assert tron_stack.token_balance(wallets["tron"]) == 50 * UNIT
    assert chains["tron"]["token_address"] == tron_stack.settings.tron_token_address


def test_racing_tron_payouts_against_a_balance_covering_some_mint_exactly_that(tron_stack: TronStack) -> None:
    tenant_id, member_id = tenant_with_member(tron_stack, 60)

    def attempt(_: int) -> str:
        try:
            return ask(tron_stack, tenant_id, 10).id
        except InsufficientPoints:
            return "refused"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(attempt, range(10)))
    accepted = [o for o in outcomes if o != "refused"]
    assert len(accepted) == 6

    advance_until(tron_stack, lambda: all(payout(tron_stack, i).status == "confirmed" for i in accepted))
    address = tron_address(tron_stack, tenant_id, member_id)
    assert tron_stack.token_balance(address) == 60 * UNIT
    accounts = ledger_accounts(tron_stack, tenant_id, member_id)
    assert accounts == {member_available(member_id): 0, payout_pending(): 0, payout_paid("tron"): 60}
    report = reconcile(tron_stack.engine, {"tron": tron_stack.chain.network})
    assert not [d for d in report.address_drifts if d.address == address]


def test_worker_killed_mid_batch_settles_every_tron_payout_exactly_once(tron_stack: TronStack, tmp_path: Path) -> None:
    tenant_id, member_id = tenant_with_member(tron_stack, 50, external_id="bob")
    ids = [ask(tron_stack, tenant_id, 10, member="bob").id for _ in range(5)]
    devnet = tron_stack.server.devnet
    devnet.stop()  # no blocks: the batch stays broadcast but not included
    try:
        with own_broker(tron_stack.settings) as settings:
            with worker_process(settings, tmp_path / "first.log") as first:
                wait_for(lambda: batch_broadcast(tron_stack, ids[0]), what="the batch to be broadcast")
                os.killpg(first.pid, signal.SIGKILL)
                first.wait()
            devnet.start()
            with worker_process(settings, tmp_path / "second.log"):
                wait_for(lambda: all(payout(tron_stack, i).status == "confirmed" for i in ids), what="settlement")
    finally:
        devnet.start()

    assert tron_stack.token_balance(tron_address(tron_stack, tenant_id, member_id)) == 50 * UNIT
    assert settlements(tron_stack, ids) == 5
    assert len(transactions(tron_stack, payout(tron_stack, ids[0]).batch_id or "-")) == 1


def test_devnet_restarted_mid_flight_the_payout_still_confirms_once(tron_stack: TronStack) -> None:
    tenant_id, member_id = tenant_with_member(tron_stack, 30, external_id="carol")
    created = ask(tron_stack, tenant_id, 30, member="carol")
    tron_stack.server.devnet.stop()
    advance_until(tron_stack, lambda: batch_broadcast(tron_stack, created.id))
    tron_stack.restart_devnet()  # the pending transaction was kept on disk
    advance_until(tron_stack, lambda: payout(tron_stack, created.id).status == "confirmed")

    assert tron_stack.token_balance(tron_address(tron_stack, tenant_id, member_id)) == 30 * UNIT
    assert settlements(tron_stack, [created.id]) == 1


def test_signed_bytes_that_expired_before_broadcast_are_signed_again_and_land_once(tron_stack: TronStack) -> None:
    """A worker that died between signing and sending for longer than the expiration: the node refuses the stored
    bytes as expired, so the pipeline signs the intent again, and only the new version lands."""
    chain = tron_stack.chain
    client = chain.network.client
    token = tron_stack.settings.tron_token_address
    recipient, ref = client.address_of(b"\x07" * 32), "expiry-1"
    data = client.mint_batch_call(token, [recipient], [7])
    with unit_of_work(tron_stack.engine) as session:
        sender = chain.pipeline.sender
        tx = plan_transaction(session, chain="tron", sender=sender, to=token, data=data, purpose="t", reference=ref)
        tx_id = tx.id
    short_lived = TronClient(tron_stack.server.url, expiration_s=1.0)
    fees = Fees(max_fee=840, max_priority_fee=0)
    signed = short_lived.sign(
        tron_stack.keystore.treasury_key(Chain.TRON),
        UnsignedTx(chain.pipeline.sender, token, data, 0, 200_000, fees),
    )
    with unit_of_work(tron_stack.engine) as session:
        session.execute(
            update(ChainTransaction)
            .where(col(ChainTransaction.id) == tx_id)
            .values(status="signed", nonce=10_000, gas_limit=200_000, max_fee=840, max_priority_fee=0,
                    raw=signed.raw, tx_hash=signed.tx_hash)
        )  # fmt: skip
    time.sleep(1.5)

    def confirmed() -> bool:
        chain.pipeline.advance_due()
        return any(t.status == TxStatus.CONFIRMED for t in transactions(tron_stack, "expiry-1"))

    wait_for(confirmed, timeout=30, what="the re-signed version to confirm")
    versions = transactions(tron_stack, "expiry-1")
    assert [v.status for v in versions] == [TxStatus.REPLACED, TxStatus.CONFIRMED]
    assert versions[1].tx_hash != signed.tx_hash and versions[1].replaces_id == tx_id
    assert client.receipt(signed.tx_hash) is None
    assert client.token_balance(token, recipient) == 7


def test_healthz_reports_the_minters_trx_and_staked_energy_and_degrades_below_the_threshold(
    tron_stack: TronStack,
) -> None:
    thirsty = tron_stack.settings.model_copy(update={"tron_min_trx": 10**12, "chain_health_ttl_seconds": 0.01})
    with LiveServer(tron_stack.settings) as server:
        healthy = health_with_chains(server.url).json()
        metrics = httpx.get(f"{server.url}/metrics", timeout=30).text
    time.sleep(0.05)
    with LiveServer(thirsty) as server:
        answer = health_with_chains(server.url)

    # The minter is not what degrades it (work the module's earlier tests left with no worker may: that is health's
    # worker check, tested on its own).
    assert not [p for p in healthy.get("problems", []) if p.startswith("tron")], healthy.get("problems")
    assert healthy["chains"]["tron"]["ok"] and healthy["chains"]["tron"]["trx"] > 0
    assert healthy["chains"]["tron"]["address"] == tron_stack.chain.pipeline.sender
    # laurel up's bootstrap staked LAUREL_TRON_DEVNET_STAKE_TRX for energy; mints have used some of it
    assert healthy["chains"]["tron"]["staked_trx"] == tron_stack.settings.tron_devnet_stake_trx
    assert 0 < healthy["chains"]["tron"]["energy_left"] <= healthy["chains"]["tron"]["energy_limit"]
    assert "laurel_minter_trx" in metrics
    staked = [line for line in metrics.splitlines() if line.startswith("laurel_minter_staked_trx ")]
    assert [float(line.split()[1]) for line in staked] == [tron_stack.settings.tron_devnet_stake_trx]
    assert "laurel_minter_energy_limit" in metrics
    assert answer.status_code == 200 and answer.json()["status"] == "degraded"
    assert "LAUREL_TRON_MIN_TRX" in answer.json()["chains"]["tron"]["warning"]


def test_healthz_warns_when_the_staked_energy_left_today_runs_low_without_degrading(tron_stack: TronStack) -> None:
    """Mints go on when the stake's energy is used up (they burn TRX), so low energy is a warning, not degraded."""
    settings = tron_stack.settings.model_copy(update={"tron_min_energy": 10**15, "chain_health_ttl_seconds": 0.01})
    time.sleep(0.05)
    with LiveServer(settings) as server:
        answer = health_with_chains(server.url).json()

    tron = answer["chains"]["tron"]
    assert not [p for p in answer.get("problems", []) if p.startswith("tron")], answer.get("problems")
    assert tron["ok"]
    assert "LAUREL_TRON_MIN_ENERGY" in tron["warning"] and "stake more" in tron["warning"]


def test_payouts_are_paid_with_the_minters_staked_energy_so_no_trx_is_burnt(tron_stack: TronStack) -> None:
    tenant_id, _ = tenant_with_member(tron_stack, 20, external_id="erin")
    created = ask(tron_stack, tenant_id, 20, member="erin")

    advance_until(tron_stack, lambda: payout(tron_stack, created.id).status == "confirmed")

    [tx] = transactions(tron_stack, payout(tron_stack, created.id).batch_id or "-")
    assert tx.tx_hash is not None
    info = tron_stack.client.provider.make_request("walletsolidity/gettransactioninfobyid", {"value": tx.tx_hash})
    assert info["receipt"]["energy_usage"] == info["receipt"]["energy_usage_total"] > 0
    assert "energy_fee" not in info["receipt"]


def test_a_tron_batch_stays_within_the_fee_limit_by_the_tron_batch_size(tron_stack: TronStack) -> None:
    """200 recipients would need about 2,100 TRX of energy, above the default 1,000 TRX fee limit: the batcher cuts
    Tron batches at what the fee limit pays for (LAUREL_TRON_BATCH_SIZE, else derived from the fee limit)."""
    chain = tron_stack.chain
    assert chain.batch_size == mint_batch_size(tron_stack.settings.tron_fee_limit_sun) == 78
    assert tron_stack.settings.payout_batch_size > chain.batch_size  # the EVM batch size does not apply
    recipients = [tron_stack.client.address_of(bytes([9]) * 31 + bytes([i + 1])) for i in range(200)]
    data = tron_stack.client.mint_batch_call(tron_stack.settings.tron_token_address, recipients, [1] * 200)
    with pytest.raises(CallReverted, match="above the fee limit"):
        tron_stack.client.estimate_gas(chain.pipeline.sender, tron_stack.settings.tron_token_address, data)
    full = tron_stack.client.estimate_gas(
        chain.pipeline.sender,
        tron_stack.settings.tron_token_address,
        tron_stack.client.mint_batch_call(
            tron_stack.settings.tron_token_address, recipients[: chain.batch_size], [1] * chain.batch_size
        ),
    )
    assert full * tron_stack.client.energy_price() < tron_stack.settings.tron_fee_limit_sun

    tenant_id, _ = tenant_with_member(tron_stack, 0, external_id="frank")
    with unit_of_work(tron_stack.engine) as session:
        program = resolve_program(session, tenant_id)
        for i in range(100):
            member, _ = upsert_member(session, tenant_id, f"holder-{i}")
            assert member.id is not None and program.id is not None
            grant_points(session, tenant_id, program.id, member.id, 5)
    queued = [ask(tron_stack, tenant_id, 5, member=f"holder-{i}").id for i in range(100)]

    advance_until(tron_stack, lambda: all(payout(tron_stack, i).status == "confirmed" for i in queued), timeout=120)

    sizes = Counter(payout(tron_stack, i).batch_id for i in queued)
    assert sorted(sizes.values()) == [100 - chain.batch_size, chain.batch_size]


def holders_with_queued_payouts(stack: TronStack, count: int, points: int) -> tuple[str, list[tuple[int, str]]]:
    """A tenant whose `count` new members each asked to pay out `points`; returns (tenant, [(member id, payout)])."""
    tenant_id, _ = tenant_with_member(stack, 0, external_id="owner")
    members = []
    with unit_of_work(stack.engine) as session:
        program = resolve_program(session, tenant_id)
        for i in range(count):
            member, _ = upsert_member(session, tenant_id, f"holder-{i}")
            assert member.id is not None and program.id is not None
            grant_points(session, tenant_id, program.id, member.id, points)
            members.append(member.id)
    return tenant_id, [(m, ask(stack, tenant_id, points, member=f"holder-{i}").id) for i, m in enumerate(members)]


def test_a_tron_batch_above_the_fee_limit_is_halved_until_each_part_fits_and_all_confirm(tron_stack: TronStack) -> None:
    """LAUREL_TRON_BATCH_SIZE set above what the fee limit pays for: 40 new holders need about 430 TRX of energy,
    the limit is 150 TRX. The batcher halves (40, 20, 10) until the estimate fits; every payout lands once."""
    tight = dataclasses.replace(
        tron_stack,
        settings=tron_stack.settings.model_copy(
            update={"tron_batch_size": 40, "tron_fee_limit_sun": 150 * SUN_PER_TRX}
        ),
    )
    tenant_id, queued = holders_with_queued_payouts(tight, 40, 5)
    addresses = [tron_address(tight, tenant_id, member_id) for member_id, _ in queued]
    token = tight.settings.tron_token_address
    with pytest.raises(FeeLimitExceeded, match=r"above the fee limit of 150\.0 TRX"):
        tight.client.estimate_gas(
            tight.chain.pipeline.sender, token, tight.client.mint_batch_call(token, addresses, [1] * 40)
        )

    advance_until(tight, lambda: all(payout(tight, p).status == "confirmed" for _, p in queued), timeout=120)

    sizes = Counter(payout(tight, p).batch_id for _, p in queued)
    assert len(sizes) >= 3 and sum(sizes.values()) == 40 and max(sizes.values()) <= 20
    assert all(len(transactions(tight, batch or "-")) == 1 for batch in sizes)  # no transaction failed or re-signed
    assert settlements(tight, [p for _, p in queued]) == 40
    assert [tight.token_balance(a) for a in addresses] == [5 * UNIT] * 40
    ledger_now = ledger_accounts(tight, tenant_id, queued[0][0])
    assert ledger_now[payout_pending()] == 0 and ledger_now[payout_paid("tron")] == 40 * 5


def test_a_single_tron_payout_above_the_fee_limit_fails_with_the_reason_and_its_points_come_back(
    tron_stack: TronStack,
) -> None:
    """5 TRX pays for no mint at all: halving ends at one recipient, and each payout fails on its own, unsent."""
    broke = dataclasses.replace(
        tron_stack, settings=tron_stack.settings.model_copy(update={"tron_fee_limit_sun": 5 * SUN_PER_TRX})
    )
    tenant_id, queued = holders_with_queued_payouts(broke, 3, 7)

    advance_until(broke, lambda: all(payout(broke, p).status == "failed" for _, p in queued))

    failed = [payout(broke, p) for _, p in queued]
    assert all(p.batch_id is None and "above the fee limit of 5.0 TRX" in (p.error or "") for p in failed)
    assert all(ledger_accounts(broke, tenant_id, m)[member_available(m)] == 7 for m, _ in queued)
    assert ledger_accounts(broke, tenant_id, queued[0][0])[payout_pending()] == 0


def test_a_member_withdraws_tokens_to_their_own_outside_tron_address(tron_stack: TronStack) -> None:
    with unit_of_work(tron_stack.engine) as session:
        tenant, token = create_tenant(session, "Withdrawals")
        member, _ = upsert_member(session, tenant.id, "gina")
        program = resolve_program(session, tenant.id)
        assert member.id is not None and program.id is not None
        grant_points(session, tenant.id, program.id, member.id, 40)
        member_id = member.id
    auth = {"Authorization": f"Bearer {token}"}
    outside = PrivateKey.random().public_key
    address = outside.to_base58check_address()
    mistyped = address[:-1] + ("y" if address.endswith("x") else "x")  # a checksum that cannot match
    with LiveServer(tron_stack.settings) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        refused = {
            bad: http.post("/v1/payouts", json={"member": "gina", "amount": 5, "chain": "tron", "to_address": bad},
                           headers=auth)
            for bad in ("0x52908400098527886e0F7030069857D2E4169EE7", mistyped)
        }  # fmt: skip
        body = {"member": "gina", "amount": 25, "chain": "tron", "to_address": outside.to_hex_address()}
        answer = http.post("/v1/payouts", json=body, headers=auth)
        assert answer.status_code == 202, answer.text
        payout_id = answer.json()["id"]
        advance_until(tron_stack, lambda: payout(tron_stack, payout_id).status == "confirmed")
        view = http.get(f"/v1/payouts/{payout_id}", headers=auth).json()
        balance = http.get("/v1/members/gina/balance", headers=auth).json()

    assert all(r.status_code == 422 and "to_address" in r.text for r in refused.values())
    assert view["to_address"] == outside.to_base58check_address()  # the hex form, taken as base58check
    assert view["status"] == "confirmed" and len(view["tx_hash"]) == 64
    assert tron_stack.token_balance(outside.to_base58check_address()) == 25 * UNIT
    assert tron_stack.token_balance(tron_address(tron_stack, tenant.id, member_id)) == 0
    assert balance["available"] == 15
    assert ledger_accounts(tron_stack, tenant.id, member_id)[payout_paid("tron")] == 25


def test_laurel_tron_stake_and_unstake_move_the_minters_trx_in_and_out_of_its_energy_stake(
    tron_stack: TronStack,
) -> None:
    settings = tron_stack.settings
    assert settings.master_key is not None
    env = {
        "LAUREL_DATA_DIR": str(settings.data_dir),
        "LAUREL_DATABASE_URL": settings.database_url,
        "LAUREL_MASTER_KEY": settings.master_key.get_secret_value(),
        "LAUREL_TRON_FULL_NODE_URL": settings.tron_full_node_url,
    }
    minter = tron_stack.chain.pipeline.sender
    before = tron_stack.client.resources(minter)

    staked = CliRunner().invoke(cli.app, ["tron", "stake", "--amount", "500"], env=env)
    middle = tron_stack.client.resources(minter)
    unstaked = CliRunner().invoke(cli.app, ["tron", "unstake", "--amount", "500"], env=env)
    after = tron_stack.client.resources(minter)
    refused = CliRunner().invoke(cli.app, ["tron", "unstake", "--amount", "5000000"], env=env)

    assert staked.exit_code == 0, staked.output
    assert "staked for energy 1,000,500 TRX" in " ".join(staked.output.split())  # as rich wrapped it
    assert middle.energy_staked_sun == before.energy_staked_sun + 500 * SUN_PER_TRX
    assert middle.energy_limit > before.energy_limit
    assert unstaked.exit_code == 0, unstaked.output
    assert after.energy_staked_sun == before.energy_staked_sun
    assert after.unfreezing_sun == before.unfreezing_sun + 500 * SUN_PER_TRX
    assert refused.exit_code == 1 and "Invalid unfreeze_balance" in " ".join(refused.output.split())
