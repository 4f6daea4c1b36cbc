"""The `laurel` command line."""

import contextlib
import json
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr
from rich.console import Console
from sqlalchemy import Engine

from anchoring.service import reconcile_anchors
from anchoring.verify import verify_proof
from api.app import create_app
from api.server import serve_api
from chain.client import ChainClient
from chain.devnets.anvil import AnvilDevnet
from chain.errors import ChainError
from chain.evm import EvmClient
from chain.tron import SUN_PER_TRX, Resources, TronClient
from chain.tron_devnet import serve as serve_tron_devnet
from contracts.artifacts import build_artifacts
from core import migrate as migrations
from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from core.tenancy import create_tenant
from wallets.keystore import KeyStore, MasterKey, replace_key_file
from wallets.minter import stake_minter_trx, unstake_minter_trx
from wallets.reconcile import reconcile as reconcile_payouts
from worker.app import run_worker
from worker.context import build_context
from worker.embedded import deploy_tokens, spawn_worker, start_local_evm, start_local_tron

app = typer.Typer(
    help="Laurel: rewards and achievements, backed by a ledger and custodial wallets.", no_args_is_help=True
)
console = Console()
Host = Annotated[str, typer.Option(help="Interface to listen on.")]
Port = Annotated[int, typer.Option(help="TCP port.")]
Workers = Annotated[
    int,
    typer.Option(
        min=0, help="API processes sharing the port; 0: one per CPU on PostgreSQL, one on SQLite (one writer)."
    ),
]


@app.command()
def migrate() -> None:
    """Apply pending database migrations."""
    settings = Settings()
    migrations.upgrade(engine_from_settings(settings))
    console.print(f"migrated {settings.effective_database_url.split('@')[-1]}")


@app.command()
def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 1) -> None:
    """Run the HTTP API alone, in one or more processes (migrates first unless LAUREL_AUTO_MIGRATE=false)."""
    settings = Settings()
    if settings.auto_migrate:  # once, here, rather than in every process
        engine = engine_from_settings(settings)
        migrations.upgrade(engine)
        engine.dispose()
        settings = settings.model_copy(update={"auto_migrate": False})
    serve_api(create_app(settings), host=host, port=port, workers=_processes(settings, workers))


def _processes(settings: Settings, workers: int) -> int:
    return workers or (1 if settings.is_sqlite else os.cpu_count() or 1)


@app.command()
def up(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 0) -> None:
    """The whole stack on embedded defaults: migrates, creates a demo tenant on first start, starts anvil and the Tron
    devnet with the tokens deployed (unless LAUREL_EVM_RPC_URL / LAUREL_TRON_FULL_NODE_URL point elsewhere), a worker
    with beat, and serves the API. Plain-http webhooks are allowed (a development stack) unless
    LAUREL_ALLOW_HTTP_WEBHOOKS says otherwise."""
    settings = Settings()
    if "allow_http_webhooks" not in settings.model_fields_set:
        settings = settings.model_copy(update={"allow_http_webhooks": True})
    _ensure_ports_free(settings, host, port)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    admin_token = _admin_token(settings)
    settings = settings.model_copy(update={"admin_token": admin_token})
    engine = engine_from_settings(settings)
    migrations.upgrade(engine)
    demo_key = _demo_key(settings, engine)
    keystore = KeyStore(MasterKey.from_settings(settings), engine)
    devnet = tron_devnet = None
    if not settings.evm_rpc_url:
        devnet, deployment = start_local_evm(settings, keystore)
        settings = settings.model_copy(update={"evm_rpc_url": devnet.url, "evm_chain_id": deployment.chain_id})
        console.print(f"anvil on {devnet.url}, RewardToken at {deployment.reward_token}")
    if not settings.tron_full_node_url:
        try:
            tron_devnet, tron_deployment = start_local_tron(settings, keystore)
        except BaseException:
            if devnet is not None:
                devnet.stop()
            raise
        settings = settings.model_copy(update={"tron_full_node_url": tron_devnet.url})
        console.print(f"Tron devnet on {tron_devnet.url}, RewardToken (TRC-20) at {tron_deployment.reward_token}")
    engine.dispose()
    settings = settings.model_copy(update={"auto_migrate": False})  # done above, not again in each API process
    worker_process = spawn_worker(settings, log_file=settings.data_dir / "worker.log")
    url = f"http://{host}:{port}"
    console.print(f"[bold]Laurel[/bold] on {url}  (API docs: {url}/docs, admin console: {url}/admin)")
    console.print(f"admin token:   {admin_token.get_secret_value()}  (stored in {settings.data_dir / 'admin.token'})")
    console.print(f"demo API key:  {demo_key}  (stored in {settings.data_dir / 'demo.key'})")
    console.print(f"worker and beat: pid {worker_process.pid}, log in {settings.data_dir / 'worker.log'}")
    processes = _processes(settings, workers)
    console.print(f"API processes: {processes}. Ctrl-C stops everything.")
    try:
        serve_api(create_app(settings), host=host, port=port, workers=processes)
    finally:
        worker_process.terminate()
        worker_process.wait(timeout=30)
        if devnet is not None:
            devnet.stop()
        if tron_devnet is not None:
            tron_devnet.stop()


def _ensure_ports_free(settings: Settings, host: str, port: int) -> None:
    """Refuse to start, saying which port is taken (most often by another `laurel up`), before starting anything."""
    wanted = [(host, port, "--port")]
    if not settings.evm_rpc_url:
        wanted.append(("127.0.0.1", settings.evm_devnet_port, "LAUREL_EVM_DEVNET_PORT"))
    if not settings.tron_full_node_url:
        wanted.append(("127.0.0.1", settings.tron_devnet_port, "LAUREL_TRON_DEVNET_PORT"))
    for address, number, setting in wanted:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: TIME_WAIT is no conflict
            try:
                sock.bind((address, number))
            except OSError as exc:
                console.print(
                    f"[red]{address}:{number} is already in use[/red] (another `laurel up`?): stop it, or choose "
                    f"another port with {setting}"
                )
                raise typer.Exit(1) from exc


@app.command()
def worker(
    beat: Annotated[bool, typer.Option(help="Also run the beat schedule (one per deployment).")] = False,
    pool: Annotated[str, typer.Option(help="Celery pool: prefork, solo, threads.")] = "prefork",
    concurrency: Annotated[int, typer.Option(help="Processes or threads; 0 means one per CPU.")] = 0,
) -> None:
    """A Celery worker (migrates first unless LAUREL_AUTO_MIGRATE=false)."""
    settings = Settings()
    if beat:  # beat keeps its schedule state under the data dir, which a fresh worker machine may not have yet
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.auto_migrate:
        engine = engine_from_settings(settings)
        migrations.upgrade(engine)
        engine.dispose()
    run_worker(settings, beat=beat, pool=pool, concurrency=concurrency or None)


@app.command()
def reconcile() -> None:
    """Compare custodial token balances on chain with the ledger's paid totals; exits 1 on drift."""
    ctx = build_context(Settings())
    report = reconcile_payouts(ctx.engine, ctx.networks)
    console.print(f"checked {report.addresses_checked} custodial addresses")
    for drift in report.address_drifts:
        console.print(
            f"[red]drift[/red] {drift.chain} {drift.address}: ledger {drift.expected}, chain {drift.on_chain}"
        )
    for account in report.account_drifts:
        console.print(
            f"[red]drift[/red] program {account.program_id} paid on {account.chain}: "
            f"ledger {account.ledger}, confirmed payouts {account.confirmed}"
        )
    anchors = reconcile_anchors(ctx.engine, ctx.networks)
    console.print(f"checked the anchored roots of {anchors.epochs_checked} epochs")
    for root_drift in anchors.drifts:
        console.print(f"[red]drift[/red] epoch {root_drift.epoch} {root_drift.chain or 'ledger'}: {root_drift.what}")
    if not report.clean or anchors.drifts:
        raise typer.Exit(1)
    console.print("no drift")


@app.command()
def verify(
    proof_file: Annotated[Path, typer.Argument(help="The JSON of GET /v1/members/{id}/proof, or - for stdin.")],
    rpc_url: Annotated[str, typer.Option("--rpc-url", help="The chain's JSON-RPC (EVM) or full node (Tron) URL.")],
    chain: Annotated[str, typer.Option(help="evm or tron: which of the proof's anchors to check.")] = "evm",
) -> None:
    """Check a member's balance proof against the root anchored on chain, without Laurel's database; exits 1
    unless the leaf, the proof and the chain's root all agree."""
    proof = json.loads(sys.stdin.read() if str(proof_file) == "-" else proof_file.read_text())
    anchor = next((a for a in proof.get("anchors", []) if a["chain"] == chain), None)
    if anchor is None:
        console.print(f"[red]the proof names no anchor on {chain}[/red]")
        raise typer.Exit(1)
    client: ChainClient = EvmClient(rpc_url) if chain == "evm" else TronClient(rpc_url)
    verdict = verify_proof(proof, client, anchor["contract"])
    values = proof["values"]
    console.print(
        f"leaf matches {values['member']}'s balance {values['balance']} in {values['program']}: {verdict.leaf_matches}"
    )
    console.print(f"proof leads to root {proof['root']}: {verdict.proof_leads_to_root}")
    console.print(f"{chain} contract {anchor['contract']} holds for epoch {proof['epoch']}: {verdict.on_chain_root}")
    if not verdict.verified:
        console.print(f"[red]not verified[/red]{': ' + verdict.error if verdict.error else ''}")
        raise typer.Exit(1)
    console.print("[green]verified on chain[/green]")


@app.command("rotate-master-key")
def rotate_master_key(
    passphrase: Annotated[
        bool, typer.Option(help="The new secret is a passphrase (scrypt), not a 32-byte key.")
    ] = False,
) -> None:
    """Re-seal the HD seed under a new master key read from the terminal; every address and key stays the same.
    With the embedded key file (no LAUREL_MASTER_KEY or passphrase set) and a new key, the file is replaced."""
    settings = Settings()
    secret = typer.prompt(
        "new passphrase" if passphrase else "new key (hex or base64)", hide_input=True, confirmation_prompt=True
    )
    new_key = MasterKey.from_text(secret, passphrase=passphrase)
    engine = engine_from_settings(settings)
    KeyStore(MasterKey.from_settings(settings), engine).rotate(new_key)
    engine.dispose()
    uses_key_file = settings.master_key is None and settings.master_passphrase is None
    if uses_key_file and not passphrase:
        console.print(f"sealed under the new key, written to {replace_key_file(settings, secret)}")
    else:
        console.print(
            "sealed under the new key: set LAUREL_MASTER_KEY or LAUREL_MASTER_PASSPHRASE before the next start"
        )


contracts_app = typer.Typer(help="The Solidity contracts: build artifacts, deploy them.", no_args_is_help=True)
app.add_typer(contracts_app, name="contracts")
devnet_app = typer.Typer(help="Run one local chain alone.", no_args_is_help=True)
app.add_typer(devnet_app, name="devnet")


@contracts_app.command("build")
def contracts_build() -> None:
    """Recompile contracts/src with the pinned solc-js into contracts/build (needs `npm ci`)."""
    for path in build_artifacts():
        console.print(f"wrote {path}")


@contracts_app.command("deploy")
def contracts_deploy(
    rpc_url: Annotated[str, typer.Option(help="JSON-RPC URL; default LAUREL_EVM_RPC_URL.")] = "",
) -> None:
    """Deploy RewardToken and BadgeToken with the treasury key (admin and minter; it needs coins for gas) and
    record their addresses in <data dir>/evm-contracts.json."""
    settings = Settings()
    url = rpc_url or settings.evm_rpc_url
    if not url:
        raise typer.BadParameter("give --rpc-url or set LAUREL_EVM_RPC_URL")
    engine = engine_from_settings(settings)
    migrations.upgrade(engine)
    deployment = deploy_tokens(settings, KeyStore(MasterKey.from_settings(settings), engine), url)
    engine.dispose()
    console.print(f"RewardToken {deployment.reward_token}\nBadgeToken  {deployment.badge_token}")


@devnet_app.command("evm")
def devnet_evm(
    port: Port = 8545,
    genesis_key: Annotated[str | None, typer.Option(help="Hex key funded at genesis; fresh if omitted.")] = None,
    block_time: Annotated[float, typer.Option(help="Seconds between blocks; 0 mines on every transaction.")] = 0,
) -> None:
    """anvil alone, its state under <data dir>/anvil, until Ctrl-C."""
    settings = Settings()
    devnet = AnvilDevnet(
        port=port, state_dir=settings.data_dir / "anvil", genesis_key=genesis_key, block_time=block_time or None
    )
    with devnet:
        console.print(f"anvil on {devnet.url} (chain id {devnet.chain_id}); genesis account {devnet.genesis_address}")
        if genesis_key is None:
            # A throwaway devnet key, printed so the operator can use the coins (DESIGN §5).
            console.print(f"genesis key: {devnet.genesis_key}")
        with contextlib.suppress(KeyboardInterrupt):
            while devnet.running:
                time.sleep(0.5)


@devnet_app.command("tron")
def devnet_tron(
    port: Port = 8090,
    genesis_key: Annotated[str | None, typer.Option(help="Hex key funded at genesis; fresh if omitted.")] = None,
    block_interval: Annotated[float, typer.Option(help="Seconds between blocks; 0 seals one per transaction.")] = 3,
) -> None:
    """Laurel's Tron devnet alone, its chain in <data dir>/tron-devnet.sqlite3, until Ctrl-C."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = bytes.fromhex(genesis_key.removeprefix("0x")) if genesis_key else None
    with contextlib.suppress(KeyboardInterrupt):
        serve_tron_devnet(port, key, settings.data_dir, block_interval=block_interval)


tron_app = typer.Typer(help="The Tron minter's resources: stake TRX for energy.", no_args_is_help=True)
app.add_typer(tron_app, name="tron")
StakeAmount = Annotated[float, typer.Option("--amount", help="TRX (whole TRX, at least 1).", min=1)]
StakeResource = Annotated[str, typer.Option(help="ENERGY (what mints use) or BANDWIDTH.")]


@tron_app.command("stake")
def tron_stake(amount: StakeAmount, resource: StakeResource = "ENERGY") -> None:
    """Freeze the minter's TRX for energy (Stake 2.0): mints use the energy it gives each day before burning TRX.
    Talks to LAUREL_TRON_FULL_NODE_URL, else the devnet of a running `laurel up`."""
    _tron_stake_step(stake_minter_trx, amount, resource.upper())


@tron_app.command("unstake")
def tron_unstake(amount: StakeAmount, resource: StakeResource = "ENERGY") -> None:
    """Unfreeze staked TRX: the energy goes at once, the TRX can be withdrawn after the network's unfreeze delay."""
    _tron_stake_step(unstake_minter_trx, amount, resource.upper())


def _tron_stake_step(
    step: Callable[[Settings, KeyStore, TronClient, float, str], Resources], trx: float, resource: str
) -> None:
    settings = Settings()
    url = settings.tron_full_node_url or f"http://127.0.0.1:{settings.tron_devnet_port}"
    api_key = settings.tron_api_key.get_secret_value() if settings.tron_api_key else None
    engine = engine_from_settings(settings)
    try:
        resources = step(
            settings,
            KeyStore(MasterKey.from_settings(settings), engine),
            TronClient(url, api_key=api_key),
            trx,
            resource,
        )
    except ChainError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    console.print(
        f"staked for energy {resources.energy_staked_sun / SUN_PER_TRX:,.0f} TRX, energy {resources.energy_left:,}"
        f" of {resources.energy_limit:,} a day left, unstaking {resources.unfreezing_sun / SUN_PER_TRX:,.0f} TRX,"
        f" balance {resources.balance_sun / SUN_PER_TRX:,.2f} TRX"
    )


def _admin_token(settings: Settings) -> SecretStr:
    if settings.admin_token is not None:
        return settings.admin_token
    return SecretStr(_read_or_create(settings.data_dir / "admin.token", lambda: secrets.token_urlsafe(32)))


def _demo_key(settings: Settings, engine: Engine) -> str:
    def create() -> str:
        with unit_of_work(engine) as session:
            _, token = create_tenant(session, "Demo")
        return token

    return _read_or_create(settings.data_dir / "demo.key", create)


def _read_or_create(path: Path, make: Callable[[], str]) -> str:
    if path.exists():
        return path.read_text().strip()
    value = make()
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


if __name__ == "__main__":
    app()
