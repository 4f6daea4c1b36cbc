"""Payouts end to end through the API, as a new user would run them (issue 20): members earn points through
`/v1/events/batch`, then concurrent clients ask for one payout per member, either one `POST /v1/payouts` each
(MEMBERS of them), polling `GET /v1/payouts/{id}`, or `POST /v1/payouts/batch` of BATCH_BODY payouts (BATCH_PAYOUTS
of them), polling by sending each body again (the same idempotency keys answer the payouts as they are now), until
the last one is `confirmed`; anvil with 1-second blocks of BLOCK_GAS_LIMIT gas, a real worker process (with beat)
moving payouts. The batch run also reports the gas the blocks that carried its mints used.

BLOCK_GAS_LIMIT is Ethereum mainnet's block gas limit since its late-2025 raise, 60M, twice anvil's default of 30M:
at 30M a block holds two batches, 1,070 new holders, which caps any payout rate at about 1,070 a second before a
single request is made. With 1-second blocks 60M is still about what the busier rollups process a second.

The baseline, on the same anvil in the same run: single `mint` transactions signed and sent back to back by one key
(no database, no API), timed until the last has as many confirmations — what one sender gets from the chain alone.
"""

import os
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import orjson
from eth_account import Account
from sqlalchemy import Engine, select
from sqlmodel import col
from web3 import Web3

from chain.devnets.anvil import AnvilDevnet
from chain.devnets.anvil import free_port as anvil_port
from chain.models import ChainTransaction
from contracts.artifacts import load_artifact
from contracts.deploy import deploy_contracts
from core import migrate
from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from tests.bench.engine import REDIS_BROKER, worker_process
from tests.bench.run import ADMIN_TOKEN, MASTER_KEY, JsonDict, api_process, ratio, serving_processes
from wallets.keystore import KeyStore, MasterKey
from wallets.payouts import MINT_BATCH
from worker.embedded import start_local_tron

MEMBERS = 3000
CLIENTS = 16
BATCH_PAYOUTS = 12_000  # enough that the two blocks a payout waits for weigh little beside the rate
BATCH_BODY = 1000  # payouts per POST /v1/payouts/batch (LAUREL_MAX_BATCH_PAYOUTS): 12 bodies, one per client
CONFIRMATIONS = 2
BLOCK_TIME_S = 1
BLOCK_GAS_LIMIT = 60_000_000
TRON_PAYOUTS = 1000
BASELINE_MINTS = 300
TIMEOUT_S = 300.0


def bench_payouts_api(data_dir: Path, database_url: str) -> JsonDict:
    """Both ways of asking (one request per payout, batches) on one stack, beside the bare single-mint baseline."""
    if database_url.startswith("sqlite"):
        broker, prefix = f"sqla+sqlite:///{data_dir / 'broker.db'}", ""
    else:
        broker, prefix = REDIS_BROKER, f"laurel-bench-{data_dir.name}:"
    minter = Account.create()
    with AnvilDevnet(port=anvil_port(), block_time=BLOCK_TIME_S, gas_limit=BLOCK_GAS_LIMIT) as anvil:
        w3 = Web3(Web3.HTTPProvider(anvil.url))
        anvil.set_balance(minter.address, 10_000 * 10**18)
        deployed = deploy_contracts(w3, anvil.genesis_key, minter=minter.address, badge_uri="https://bench/{id}.json")
        env = {
            "broker_url": broker,
            "broker_prefix": prefix,
            "evm_rpc_url": anvil.url,
            "evm_token_address": deployed.reward_token,
            "evm_minter_key": "0x" + bytes(minter.key).hex(),
            "evm_confirmations": str(CONFIRMATIONS),
            "payout_interval_seconds": "0.2",
        }
        with (
            # First: it migrates the database alone. As many API processes as `laurel serve` runs by default.
            api_process(data_dir, database_url, workers=serving_processes(database_url), **env) as url,
            worker_process(data_dir, database_url, broker, prefix, **env),
            httpx.Client(base_url=url, timeout=60, limits=httpx.Limits(max_connections=CLIENTS * 2)) as client,
        ):
            headers = _tenant_with_points(client)
            single = _run(client, headers, "single", _ask_one_by_one)
            first_block, cpu_before = w3.eth.block_number + 1, _children_cpu_s()
            batch = _run_batches(client, headers)
            batch |= _blocks_used(w3, first_block) | _cpu_per_payout(cpu_before, batch.get("confirmed", 0))
        baseline = _bare_single_mints(w3, bytes(minter.key), deployed.reward_token)
    return {
        "members": MEMBERS,
        "clients": CLIENTS,
        "block_time_s": BLOCK_TIME_S,
        "confirmations": CONFIRMATIONS,
        "single_requests": single,
        "batch_requests": batch,
        "baseline": {"bare_single_mints": baseline},
        "ratio": {
            run: ratio(figures["payouts_per_s"], baseline["recipients_per_s"])
            for run, figures in (("single", single), ("batch", batch))
            if "payouts_per_s" in figures
        },
    }


def _tenant_with_points(client: httpx.Client, members: int = max(MEMBERS, BATCH_PAYOUTS)) -> dict[str, str]:
    """A tenant whose members (as many as the runs ask for) each hold enough points for two payouts of 10."""
    response = client.post("/v1/tenants", json={"name": "Bench"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    response.raise_for_status()
    headers = {"Authorization": f"Bearer {response.json()['api_key']}", "Content-Type": "application/json"}
    rule = {"key": "grant", "event_type": "grant", "points": "100"}
    client.post("/v1/rules", content=orjson.dumps(rule), headers=headers).raise_for_status()
    for start in range(0, members, 1000):
        events = [
            {"id": f"grant-{n}", "member": f"m{n}", "type": "grant"} for n in range(start, min(start + 1000, members))
        ]
        client.post("/v1/events/batch", content=orjson.dumps({"events": events}), headers=headers).raise_for_status()
    return headers


Asker = Callable[[httpx.Client, dict[str, str], str], list[str]]


def _ask_one_by_one(client: httpx.Client, headers: dict[str, str], run: str) -> list[str]:
    def ask(n: int) -> str:
        body = {"member": f"m{n}", "amount": 10, "chain": "evm"}
        answer = client.post(
            "/v1/payouts", content=orjson.dumps(body), headers={**headers, "Idempotency-Key": f"{run}-{n}"}
        )
        answer.raise_for_status()
        return str(answer.json()["id"])

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(ask, range(MEMBERS)))


def _run_batches(
    client: httpx.Client, headers: dict[str, str], payouts: int = BATCH_PAYOUTS, chain: str = "evm", first: int = 0
) -> JsonDict:
    """`payouts` payouts (to members m<first>...) in bodies of BATCH_BODY, sent by CLIENTS at once, then each body
    sent again until every payout in it is final: the answers to a repeated key are the payouts' current states.
    One poller, body after body, twice a block: a thousand payouts' answer is not free, and pollers enough to
    poll every body at once took the CPU the worker needed on a 2-core machine."""
    bodies = [
        orjson.dumps(
            {
                "payouts": [
                    {"idempotency_key": f"batch-{chain}-{n}", "member": f"m{n}", "amount": 10, "chain": chain}
                    for n in range(start, min(start + BATCH_BODY, first + payouts))
                ]
            }
        )
        for start in range(first, first + payouts, BATCH_BODY)
    ]

    def send(body: bytes) -> list[JsonDict]:
        answer = client.post("/v1/payouts/batch", content=body, headers=headers)
        answer.raise_for_status()
        results: list[JsonDict] = answer.json()["results"]
        refused = [r for r in results if r["status"] not in (200, 202)]
        if refused:
            raise RuntimeError(f"{len(refused)} payouts refused, e.g. {refused[0]}")
        return results

    def until_final(body: bytes) -> list[str]:
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            statuses = [r["payout"]["status"] for r in send(body)]
            if all(status in ("confirmed", "failed") for status in statuses):
                return statuses
            time.sleep(BLOCK_TIME_S / 2)
        return statuses

    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            accepted_in = [r for results in pool.map(send, bodies) for r in results]
        accepted = time.perf_counter() - started
        # One poller, body after body: payouts are batched oldest first, so an earlier body is final no later.
        statuses = [status for body in bodies for status in until_final(body)]
    except (httpx.HTTPError, RuntimeError) as exc:  # reported beside the other figures
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
    figures = _throughput(len(accepted_in), statuses.count("confirmed"), accepted, time.perf_counter() - started)
    return {**figures, "body_size": BATCH_BODY}


def bench_payouts_api_tron(data_dir: Path, database_url: str) -> JsonDict:
    """The batch run on the Tron devnet as `laurel up` runs it (1-second blocks, the minter staking TRX for energy):
    TRON_PAYOUTS payouts, beside one payout alone through the same API, and the energy a recipient cost in each."""
    if database_url.startswith("sqlite"):
        broker, prefix = f"sqla+sqlite:///{data_dir / 'broker.db'}", ""
    else:
        broker, prefix = REDIS_BROKER, f"laurel-bench-{data_dir.name}:"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data_dir,
        database_url=database_url,
        master_key=MASTER_KEY,
        tron_devnet_port=anvil_port(),
        tron_devnet_block_interval=BLOCK_TIME_S,
    )
    engine = engine_from_settings(settings)
    migrate.upgrade(engine)  # the seed the devnet's minter comes from is the one the API and the worker open
    server, deployment = start_local_tron(settings, KeyStore(MasterKey.from_settings(settings), engine))
    env = {
        "broker_url": broker,
        "broker_prefix": prefix,
        "tron_full_node_url": server.url,
        "tron_token_address": deployment.reward_token,
        "payout_interval_seconds": "0.2",
    }
    try:
        with (
            api_process(data_dir, database_url, **env) as url,
            worker_process(data_dir, database_url, broker, prefix, **env),
            httpx.Client(base_url=url, timeout=60, limits=httpx.Limits(max_connections=CLIENTS * 2)) as client,
        ):
            headers = _tenant_with_points(client, TRON_PAYOUTS + 1)
            single = _run_batches(client, headers, 1, "tron", first=TRON_PAYOUTS)
            batch = _run_batches(client, headers, TRON_PAYOUTS, "tron")
        for figures, references in ((single, "single"), (batch, "batch")):
            if "payouts_per_s" in figures:
                figures["energy_per_recipient"] = _energy_per_recipient(engine, figures["confirmed"], references)
    finally:
        server.stop()
        engine.dispose()
    return {
        "block_time_s": BLOCK_TIME_S,
        "batch_requests": batch,
        "baseline": {"one_payout": single},
        "energy_ratio": ratio(batch.get("energy_per_recipient", 0), single.get("energy_per_recipient", 0)),
    }


def _energy_per_recipient(engine: Engine, confirmed: int, run: str) -> int:
    """Energy of the run's confirmed mint batches (the one payout's batch is the last one, the run's the others)."""
    with unit_of_work(engine, read_only=True) as session:
        used = session.scalars(
            select(col(ChainTransaction.gas_used))
            .where(
                col(ChainTransaction.chain) == "tron",
                col(ChainTransaction.purpose) == MINT_BATCH,
                col(ChainTransaction.status) == "confirmed",
            )
            .order_by(col(ChainTransaction.id))
        ).all()
    energy = [int(u or 0) for u in used]
    spent = energy[:1] if run == "single" else energy[1:]
    return round(sum(spent) / max(confirmed, 1))


def _children_cpu_s() -> dict[str, float]:
    """CPU seconds (user + system) so far of this process's descendants, by which child they run under: the API
    (`laurel serve` and its worker processes), the worker, anvil."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    commands: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            commands[int(stat.parent.name)] = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], cpu[pid] = int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks
    spent: dict[str, float] = {}
    for pid, seconds in cpu.items():
        child = pid
        while parents.get(child, 0) not in (os.getpid(), 0):
            child = parents[child]
        if parents.get(child) != os.getpid():
            continue
        command = commands.get(child, "")
        kind = next((k for k, word in _KINDS if word in command), None)
        if kind is not None:
            spent[kind] = spent.get(kind, 0.0) + seconds
    return spent


_KINDS = (("api", "uvicorn"), ("api", " serve "), ("worker", "worker"), ("anvil", "anvil"))


def _cpu_per_payout(before: dict[str, float], payouts: int) -> JsonDict:
    """Milliseconds of CPU each process spent per payout since `before`: what bounds the rate on a busy machine
    (PostgreSQL's own share is not counted: its backends serve other work too)."""
    after = _children_cpu_s()
    return {"cpu_ms_per_payout": {k: round((after[k] - before.get(k, 0.0)) * 1000 / max(payouts, 1), 3) for k in after}}


def _blocks_used(w3: Web3, first: int) -> JsonDict:
    """The blocks since `first` that carried mints: their gas used against the block gas limit."""
    blocks = [w3.eth.get_block(n) for n in range(first, w3.eth.block_number + 1)]
    minted = [b for b in blocks if b["gasUsed"] > 1_000_000]
    if not minted:
        return {"blocks": {}}
    used = [int(b["gasUsed"]) for b in minted]
    return {
        "blocks": {
            "with_mints": len(minted),
            "gas_limit": int(minted[0]["gasLimit"]),
            "gas_used_median": round(statistics.median(used)),
            "gas_used_max": max(used),
            "transactions_median": round(statistics.median(len(b["transactions"]) for b in minted)),
        }
    }


def _run(client: httpx.Client, headers: dict[str, str], run: str, ask: Asker) -> JsonDict:
    started = time.perf_counter()
    try:
        ids = ask(client, headers, run)
    except (httpx.HTTPError, RuntimeError) as exc:  # reported beside the other figures
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
    accepted = time.perf_counter() - started
    statuses = _poll_until_final(client, headers, ids)
    confirmed = sum(1 for s in statuses.values() if s == "confirmed")
    return _throughput(len(ids), confirmed, accepted, time.perf_counter() - started)


def _throughput(payouts: int, confirmed: int, accepted_s: float, elapsed_s: float) -> JsonDict:
    """A run's figures: `accepted_s` from the first request to the last accepted, `elapsed_s` to the last final."""
    return {
        "payouts": payouts,
        "confirmed": confirmed,
        "failed_or_unfinished": payouts - confirmed,
        "requests_s": round(accepted_s, 2),
        "accepted_per_s": round(payouts / accepted_s, 1),
        "seconds": round(elapsed_s, 2),
        "payouts_per_s": round(confirmed / elapsed_s, 1),
    }


def _poll_until_final(client: httpx.Client, headers: dict[str, str], ids: list[str]) -> dict[str, str]:
    """CLIENTS pollers over the payouts not yet final, oldest first, until every one is confirmed or failed."""
    statuses: dict[str, str] = {}
    lock = threading.Lock()
    pending = list(ids)
    deadline = time.monotonic() + TIMEOUT_S

    def poll() -> None:
        while time.monotonic() < deadline:
            with lock:
                if not pending:
                    return
                payout = pending.pop(0)
            status = client.get(f"/v1/payouts/{payout}", headers=headers).json()["status"]
            with lock:
                if status in ("confirmed", "failed"):
                    statuses[payout] = status
                else:
                    pending.append(payout)
            if status not in ("confirmed", "failed"):
                time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for future in [pool.submit(poll) for _ in range(CLIENTS)]:
            future.result()
    return statuses


def _bare_single_mints(w3: Web3, key: bytes, token_address: str) -> JsonDict:
    """BASELINE_MINTS `mint` transactions to new holders, signed locally with consecutive nonces and sent without
    waiting, timed until the last one has CONFIRMATIONS."""
    token = w3.eth.contract(address=Web3.to_checksum_address(token_address), abi=load_artifact("RewardToken").abi)
    account = Account.from_key(key)
    nonce = w3.eth.get_transaction_count(account.address)
    fees: dict[str, Any] = {"maxFeePerGas": 10 * 10**9, "maxPriorityFeePerGas": 10**9, "gas": 80_000}
    raws = [
        account.sign_transaction(
            token.functions.mint(Account.create().address, 10**18).build_transaction(
                {"from": account.address, "nonce": nonce + i, "chainId": w3.eth.chain_id, **fees}
            )
        ).raw_transaction
        for i in range(BASELINE_MINTS)
    ]
    started = time.perf_counter()
    hashes = [w3.eth.send_raw_transaction(raw) for raw in raws]
    last = w3.eth.wait_for_transaction_receipt(hashes[-1], timeout=TIMEOUT_S, poll_latency=0.05)
    while w3.eth.block_number - last["blockNumber"] + 1 < CONFIRMATIONS:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    gas = [int(w3.eth.get_transaction_receipt(h)["gasUsed"]) for h in hashes[:10]]
    return {
        "mints": BASELINE_MINTS,
        "seconds": round(elapsed, 2),
        "recipients_per_s": round(BASELINE_MINTS / elapsed, 1),
        "gas_per_mint": round(statistics.median(gas)),
    }


if __name__ == "__main__":
    import sys

    from tests.bench.run import in_backend

    backend = sys.argv[1] if len(sys.argv) > 1 else "postgresql"
    measure = bench_payouts_api_tron if sys.argv[2:] == ["tron"] else bench_payouts_api
    print(orjson.dumps(in_backend(backend, measure), option=orjson.OPT_INDENT_2).decode())
