"""Payout benchmarks on a real anvil (DESIGN §7, issue 5): gas per recipient for one `mint` against `mintBatch` of
10/100/500, and payouts through the whole pipeline with 1-second blocks — confirmed per minute, and latency from
request to confirmed (p50/p99) — each beside a baseline measured in the same run.

`bench_payouts()` returns the figures as a JSON-ready dict; `python -m tests.bench.payouts` prints them.
"""

import json
import secrets
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from eth_account import Account
from sqlalchemy import select
from sqlmodel import col
from web3 import Web3

from chain.devnets.anvil import AnvilDevnet, free_port
from chain.network import configured_networks
from contracts.artifacts import load_artifact
from contracts.deploy import deploy_contracts, sign_and_send
from core import migrate
from core.db import engine_from_settings, run_in_transaction, unit_of_work
from core.logging import configure_logging
from core.settings import Settings
from core.tenancy import create_tenant, resolve_member_ids
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.custody import member_wallets
from wallets.keystore import Chain, KeyStore, MasterKey, address_of
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.models import Payout
from wallets.payouts import PayoutRequest, advance_payouts, payout_chains, request_payout, request_payouts
from wallets.programs import resolve_program

BATCH_SIZES = (10, 100, 500, 950)
PACED_PAYOUTS = 150
ARRIVALS_PER_S = 30.0
BURST_PAYOUTS = 3000
CONFIRMATIONS = 2
BLOCK_TIME_S = 1
BASELINE_SENDS = 10
TIMEOUT_S = 120.0
TARGET_BATCH_SAVING = 2.0  # batching at least 2x cheaper per recipient than single mints
TARGET_GAS_PER_RECIPIENT = 25_000  # issue 20, for batches

JsonDict = dict[str, Any]


def new_holders(count: int) -> list[str]:
    return [Account.create().address for _ in range(count)]


def measure_gas(w3: Web3, minter_key: str, token_address: str) -> JsonDict:
    """Gas of a `mint` to a new holder (the baseline) and of `mintBatch` to n new holders, per recipient."""
    token = w3.eth.contract(address=Web3.to_checksum_address(token_address), abi=load_artifact("RewardToken").abi)
    sign_and_send(w3, minter_key, token.functions.mint(new_holders(1)[0], 1))  # the first mint pays for totalSupply
    single = int(sign_and_send(w3, minter_key, token.functions.mint(new_holders(1)[0], 10**18))["gasUsed"])
    calls = {
        "mint_batch": lambda size: token.functions.mintBatch(new_holders(size), [10**18] * size),
        "mint_packed": lambda size: token.functions.mintPacked([10**18 << 160 | int(a, 16) for a in new_holders(size)]),
    }
    figures: JsonDict = {"baseline": {"single_mint_gas": single}}
    for name, call in calls.items():
        batches = {}
        for size in BATCH_SIZES:
            used = int(sign_and_send(w3, minter_key, call(size))["gasUsed"])
            per_recipient = used / size
            batches[str(size)] = {
                "gas": used,
                "gas_per_recipient": round(per_recipient),
                "ratio": round(per_recipient / single, 4),
                "saving": round(single / per_recipient, 2),
                "target_met": single / per_recipient >= TARGET_BATCH_SAVING,
                "under_25000": per_recipient <= TARGET_GAS_PER_RECIPIENT,
            }
        figures[name] = batches
    return figures


def measure_bare_transaction(w3: Web3, minter_key: str, token_address: str) -> JsonDict:
    """The chain's floor: one `mint` signed and sent directly, timed until it has the same confirmations."""
    token = w3.eth.contract(address=Web3.to_checksum_address(token_address), abi=load_artifact("RewardToken").abi)
    times = []
    for _ in range(BASELINE_SENDS):
        started = time.monotonic()
        receipt = sign_and_send(w3, minter_key, token.functions.mint(new_holders(1)[0], 1))
        while w3.eth.block_number - receipt["blockNumber"] + 1 < CONFIRMATIONS:
            time.sleep(0.05)
        times.append(time.monotonic() - started)
    return {"p50_s": round(statistics.median(times), 3), "p99_s": round(max(times), 3), "sends": len(times)}


class PayoutRun:
    """A tenant whose members each hold points, and one in-process worker loop (what the Celery task runs)."""

    def __init__(self, settings: Settings, members: int, chain: str = "evm") -> None:
        self.settings = settings
        self.engine = engine_from_settings(settings)
        self.keystore = KeyStore(MasterKey.from_settings(settings), self.engine)
        self.networks = configured_networks(settings)
        self.chain = payout_chains(settings, self.engine, self.keystore, self.networks)[chain]
        with unit_of_work(self.engine) as session:
            tenant, _ = create_tenant(session, "Bench")
            program = resolve_program(session, tenant.id)
            assert program.id is not None
            ids = resolve_member_ids(session, tenant.id, [f"m{i}" for i in range(members)])
            grants = [
                TransactionSpec(
                    program_id=program.id,
                    kind=Kind.EARN,
                    idempotency_key=f"bench-grant-{member_id}",
                    entries=(Entry(program_issued(program.id), -100), Entry(member_available(member_id), 100)),
                )
                for member_id in ids.values()
            ]
            ledger.post_many(session, tenant.id, grants)
            # Custodial addresses up front, as members created through the API have them.
            for member_id in ids.values():
                member_wallets(session, self.keystore, tenant.id, member_id)
        self.tenant_id = tenant.id
        self._stop = threading.Event()
        self.errors: list[str] = []

    def request(self, member: str) -> None:
        request = PayoutRequest(member=member, amount=10, chain=self.chain.network.name)
        run_in_transaction(
            self.engine,
            lambda s: request_payout(
                s, self.keystore, self.networks, self.tenant_id, request, idempotency_key=None, default_daily_limit=0
            ),
        )

    def request_many(self, members: list[str]) -> None:
        """One payout each, in units of 1,000 (as `POST /v1/payouts/batch` records them)."""
        for start in range(0, len(members), 1000):
            requests = [
                (PayoutRequest(member=m, amount=10, chain=self.chain.network.name), None)
                for m in members[start : start + 1000]
            ]
            with unit_of_work(self.engine) as session:
                request_payouts(session, self.keystore, self.networks, self.tenant_id, requests, default_daily_limit=0)

    def start_worker(self) -> threading.Thread:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    advance_payouts(self.engine, self.chain, batch_size=self.settings.payout_batch_size)
                except Exception as exc:  # reported with the figures rather than ending the run
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(self.settings.payout_interval_seconds)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def wait_until_final(self) -> list[Payout]:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            with unit_of_work(self.engine, read_only=True) as session:
                rows = list(session.scalars(select(Payout).where(col(Payout.tenant_id) == self.tenant_id)))
            if all(p.status in ("confirmed", "failed") for p in rows) or time.monotonic() > deadline:
                return rows
            time.sleep(0.1)

    def close(self, worker: threading.Thread) -> None:
        self._stop.set()
        worker.join(timeout=10)
        self.engine.dispose()


def measure_latency(settings: Settings) -> JsonDict:
    """Payouts arriving at a steady pace: time from request to confirmed, as a member would wait."""
    run = PayoutRun(settings, PACED_PAYOUTS)
    worker = run.start_worker()
    started = time.monotonic()
    for i in range(PACED_PAYOUTS):
        run.request(f"m{i}")
        time.sleep(max(0.0, started + (i + 1) / ARRIVALS_PER_S - time.monotonic()))
    rows = run.wait_until_final()
    run.close(worker)
    latencies = sorted((p.updated_at - p.created_at).total_seconds() for p in rows if p.status == "confirmed")
    return {
        "payouts": PACED_PAYOUTS,
        "confirmed": len(latencies),
        "arrivals_per_s": ARRIVALS_PER_S,
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p99_s": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 3) if latencies else None,
        "errors": sorted(set(run.errors))[:5],
    }


def measure_throughput(settings: Settings) -> JsonDict:
    """A backlog of BURST_PAYOUTS reserved before the worker starts: how fast the pipeline drains it."""
    run = PayoutRun(settings, BURST_PAYOUTS)
    run.request_many([f"m{i}" for i in range(BURST_PAYOUTS)])
    started = time.monotonic()
    worker = run.start_worker()
    rows = run.wait_until_final()
    elapsed = time.monotonic() - started
    run.close(worker)
    confirmed = [p for p in rows if p.status == "confirmed"]
    return {
        "payouts": BURST_PAYOUTS,
        "confirmed": len(confirmed),
        "seconds": round(elapsed, 2),
        "confirmed_per_minute": round(len(confirmed) / elapsed * 60, 1),
        "confirmed_per_s": round(len(confirmed) / elapsed, 1),
        "transactions": len({p.batch_id for p in confirmed}),
        "batch_size": settings.payout_batch_size,
        "errors": sorted(set(run.errors))[:5],
    }


def bench_payouts() -> JsonDict:
    """Every payout figure, on a fresh anvil (1-second blocks) and a SQLite database in a temporary directory."""
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory(prefix="laurel-bench-payouts-") as tmp:
        data_dir = Path(tmp)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=data_dir,
            master_key=secrets.token_hex(32),
            log_level="WARNING",
            evm_confirmations=CONFIRMATIONS,
            payout_interval_seconds=0.2,
            payout_batch_size=1000,
        )
        engine = engine_from_settings(settings)
        migrate.upgrade(engine)
        minter_key = KeyStore(MasterKey.from_settings(settings), engine).treasury_key(Chain.EVM)
        engine.dispose()
        minter = address_of(Chain.EVM, minter_key)
        with AnvilDevnet(port=free_port(), block_time=BLOCK_TIME_S) as anvil:
            anvil.set_balance(minter, 1_000 * 10**18)
            w3 = Web3(Web3.HTTPProvider(anvil.url))
            deployed = deploy_contracts(w3, anvil.genesis_key, minter=minter, badge_uri="https://bench/{id}.json")
            settings = settings.model_copy(
                update={"evm_rpc_url": anvil.url, "evm_token_address": deployed.reward_token}
            )
            key_hex = "0x" + minter_key.hex()
            gas = measure_gas(w3, key_hex, deployed.reward_token)
            latency = measure_latency(settings)
            throughput = measure_throughput(settings)
            bare = measure_bare_transaction(w3, key_hex, deployed.reward_token)
    p50 = latency["p50_s"]
    return {
        "gas": gas,
        "confirmations": CONFIRMATIONS,
        "block_time_s": BLOCK_TIME_S,
        "throughput": throughput,
        "latency": {
            **latency,
            "baseline": {"bare_mint_to_confirmed": bare},
            "ratio_p50": round(p50 / bare["p50_s"], 3) if p50 and bare["p50_s"] else None,
        },
    }


if __name__ == "__main__":
    print(json.dumps(bench_payouts(), indent=2))
