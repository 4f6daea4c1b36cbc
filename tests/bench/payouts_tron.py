"""Payouts on the Tron devnet (issue 20), as `laurel up` runs it (the minter stakes TRX for energy): a backlog of
TRON_PAYOUTS drained by the pipeline in batches the fee limit allows, and energy per recipient in those batches,
beside a backlog of one payout (a batch of one recipient) measured in the same run.

`python -m tests.bench.payouts_tron` prints the figures; `--only payouts` merges them under `payouts_tron`.
"""

import json
import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from chain.devnets.anvil import free_port
from chain.models import ChainTransaction
from core import migrate
from core.db import engine_from_settings, unit_of_work
from core.logging import configure_logging
from core.settings import Settings
from tests.bench.payouts import JsonDict, PayoutRun
from wallets.keystore import KeyStore, MasterKey
from worker.embedded import start_local_tron

TRON_PAYOUTS = 300
BLOCK_INTERVAL_S = 1.0


def _drain(settings: Settings, payouts: int) -> JsonDict:
    run = PayoutRun(settings, payouts, chain="tron")
    run.request_many([f"m{i}" for i in range(payouts)])
    started = time.monotonic()
    worker = run.start_worker()
    rows = run.wait_until_final()
    elapsed = time.monotonic() - started
    run.close(worker)
    confirmed = [p for p in rows if p.status == "confirmed"]
    batches = {p.batch_id for p in confirmed}
    with unit_of_work(run.engine, read_only=True) as session:
        energy = session.scalars(
            select(col(ChainTransaction.gas_used)).where(
                col(ChainTransaction.reference).in_(batches), col(ChainTransaction.status) == "confirmed"
            )
        ).all()
    return {
        "payouts": payouts,
        "confirmed": len(confirmed),
        "seconds": round(elapsed, 2),
        "payouts_per_s": round(len(confirmed) / elapsed, 1),
        "transactions": len(batches),
        "energy_per_recipient": round(sum(e or 0 for e in energy) / max(len(confirmed), 1)),
        "errors": sorted(set(run.errors))[:5],
    }


def bench_tron_payouts() -> JsonDict:
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory(prefix="laurel-bench-tron-") as tmp:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            data_dir=Path(tmp),
            master_key=secrets.token_hex(32),
            log_level="WARNING",
            tron_devnet_port=free_port(),
            tron_devnet_block_interval=BLOCK_INTERVAL_S,
            payout_interval_seconds=0.2,
        )
        engine = engine_from_settings(settings)
        migrate.upgrade(engine)
        server, deployment = start_local_tron(settings, KeyStore(MasterKey.from_settings(settings), engine))
        engine.dispose()
        try:
            settings = settings.model_copy(
                update={"tron_full_node_url": server.url, "tron_token_address": deployment.reward_token}
            )
            single = _drain(settings, 1)
            backlog = _drain(settings, TRON_PAYOUTS)
        finally:
            server.stop()
    return {
        "block_interval_s": BLOCK_INTERVAL_S,
        "backlog": backlog,
        "baseline": {"one_recipient_batch": single},
        "energy_ratio": round(backlog["energy_per_recipient"] / single["energy_per_recipient"], 3)
        if single["energy_per_recipient"]
        else None,
    }


if __name__ == "__main__":
    print(json.dumps(bench_tron_payouts(), indent=2))
