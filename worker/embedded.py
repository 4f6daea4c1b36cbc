"""The embedded stack of `laurel up`: its own anvil and Tron devnet with the tokens deployed once, and a worker
process with beat, each a child that `worker.supervisor` restarts when it dies.

Each devnet's genesis account is the chain's treasury key derived from the HD seed, so the deployer, admin and minter
of the tokens is a key that exists only sealed in the database — nothing on disk holds a private key in plain text.
"""

import os
import subprocess
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

import httpx
from web3 import Web3

from chain.devnets.anvil import DEFAULT_CHAIN_ID, AnvilDevnet
from chain.network import Deployment, load_deployment, save_deployment
from chain.tron import TronClient
from chain.tron_devnet import DevnetServer, TronDevnet, state_path
from contracts.deploy import deploy_balance_anchor, deploy_contracts, grant_minter, is_minter, send_coins
from contracts.deploy_tron import deploy_tron_balance_anchor, deploy_tron_contracts, tron_client
from core.processes import spawn_child
from core.settings import Settings
from wallets.keystore import Chain, KeyStore, address_of
from wallets.minter import minter_keys, top_up_minter_stake
from worker.supervisor import PopenChild, describe_exit

TRON_GENESIS_KEY_ENV = "LAUREL_TRON_DEVNET_GENESIS_KEY"

BADGE_URI = "https://laurel.local/badges/{id}.json"


def local_anvil(settings: Settings, keystore: KeyStore, *, supervised: bool = False) -> AnvilDevnet:
    return AnvilDevnet(
        port=settings.evm_devnet_port,
        chain_id=DEFAULT_CHAIN_ID,
        state_dir=settings.data_dir / "anvil",
        genesis_key="0x" + keystore.treasury_key(Chain.EVM).hex(),
        block_time=settings.evm_devnet_block_time or None,
        gas_limit=settings.evm_devnet_gas_limit,
        supervised=supervised,
    )


def ensure_evm_tokens(settings: Settings, keystore: KeyStore, rpc_url: str) -> Deployment:
    """The tokens recorded for this node, deployed first when the record is missing or the node lacks them (a
    devnet restarted from state saved before the deployment), and the balance anchor beside them."""
    deployment = load_deployment(settings.data_dir, "evm", rpc_url)
    w3 = Web3(Web3.HTTPProvider(rpc_url))
    if deployment is None or not w3.eth.get_code(Web3.to_checksum_address(deployment.reward_token)):
        deployment = deploy_tokens(settings, keystore, rpc_url)
    if deployment.balance_anchor is None:  # a data dir from before anchoring: the anchor joins the tokens
        key = keystore.treasury_key(Chain.EVM)
        anchor = deploy_balance_anchor(w3, "0x" + key.hex(), anchorer=address_of(Chain.EVM, key))
        deployment = replace(deployment, balance_anchor=anchor)
        save_deployment(settings.data_dir, deployment)
    ensure_minter_lanes(settings, keystore, w3, deployment.reward_token)
    return deployment


LANE_COINS_WEI = 100 * 10**18


def ensure_minter_lanes(settings: Settings, keystore: KeyStore, w3: Web3, reward_token: str) -> None:
    """Each extra minter lane's key (LAUREL_EVM_MINTER_LANES) holds MINTER_ROLE on the reward token and coins for
    gas, from the treasury key, which deployed the token on this devnet and holds its admin role."""
    treasury = "0x" + keystore.treasury_key(Chain.EVM).hex()
    for key in minter_keys(settings, keystore, Chain.EVM)[1:]:
        lane = address_of(Chain.EVM, key)
        if not is_minter(w3, "RewardToken", reward_token, lane):
            grant_minter(w3, treasury, "RewardToken", reward_token, lane)
        if w3.eth.get_balance(Web3.to_checksum_address(lane)) < LANE_COINS_WEI // 10:
            send_coins(w3, treasury, lane, LANE_COINS_WEI)


def deploy_tokens(settings: Settings, keystore: KeyStore, rpc_url: str) -> Deployment:
    """Deploy RewardToken and BadgeToken with the treasury key as admin and minter (it must hold coins for gas),
    and record their addresses under the data dir."""
    key = "0x" + keystore.treasury_key(Chain.EVM).hex()
    w3 = Web3(Web3.HTTPProvider(rpc_url))
    deployed = deploy_contracts(
        w3, key, minter=address_of(Chain.EVM, keystore.treasury_key(Chain.EVM)), badge_uri=BADGE_URI
    )
    deployment = Deployment(
        rpc_url=rpc_url,
        chain_id=int(w3.eth.chain_id),
        reward_token=deployed.reward_token,
        badge_token=deployed.badge_token,
    )
    save_deployment(settings.data_dir, deployment)
    return deployment


def start_local_tron(settings: Settings, keystore: KeyStore) -> tuple[DevnetServer, Deployment]:
    """Start the Tron devnet (in this process) with its chain under the data dir, deploy the tokens unless they are
    already on it, and keep LAUREL_TRON_DEVNET_STAKE_TRX of the minter's TRX staked for energy."""
    devnet = TronDevnet(
        keystore.treasury_key(Chain.TRON), settings.tron_devnet_block_interval, state_path(settings.data_dir)
    )
    server = DevnetServer(devnet, port=settings.tron_devnet_port).start()
    try:
        deployment = ensure_tron_tokens(settings, keystore, server.url)
    except BaseException:
        server.stop()
        raise
    return server, deployment


def ensure_tron_tokens(settings: Settings, keystore: KeyStore, full_node_url: str) -> Deployment:
    """The tokens recorded for this node, deployed first when missing, and the minter's stake topped up."""
    deployment = load_deployment(settings.data_dir, "tron", full_node_url)
    if deployment is None or not tron_client(full_node_url).provider.make_request(
        "wallet/getcontract", {"value": deployment.reward_token, "visible": True}
    ):
        deployment = deploy_tron_tokens(settings, keystore, full_node_url)
    if deployment.balance_anchor is None:
        key = keystore.treasury_key(Chain.TRON)
        anchor = deploy_tron_balance_anchor(tron_client(full_node_url), key, anchorer=address_of(Chain.TRON, key))
        deployment = replace(deployment, balance_anchor=anchor)
        save_deployment(settings.data_dir, deployment, "tron")
    if settings.tron_devnet_stake_trx:
        top_up_minter_stake(settings, keystore, TronClient(full_node_url), settings.tron_devnet_stake_trx)
    return deployment


def deploy_tron_tokens(settings: Settings, keystore: KeyStore, full_node_url: str) -> Deployment:
    """Deploy RewardToken and BadgeToken on Tron with the treasury key as admin and minter (it pays the energy),
    and record their addresses under the data dir."""
    key = keystore.treasury_key(Chain.TRON)
    api_key = settings.tron_api_key.get_secret_value() if settings.tron_api_key else None
    tron = tron_client(full_node_url, api_key)
    deployed = deploy_tron_contracts(tron, key, minter=address_of(Chain.TRON, key), badge_uri=BADGE_URI)
    genesis = tron.provider.make_request("wallet/getblockbynum", {"num": 0})
    deployment = Deployment(
        rpc_url=full_node_url,
        chain_id=int(genesis["blockID"][-8:], 16),
        reward_token=deployed.reward_token,
        badge_token=deployed.badge_token,
    )
    save_deployment(settings.data_dir, deployment, "tron")
    return deployment


def spawn_worker(settings: Settings, *, log_file: Path) -> subprocess.Popen[bytes]:
    """A `laurel worker --beat` process with these settings' chain and data dir (the rest comes from the
    environment it inherits)."""
    env = {
        **os.environ,
        "LAUREL_DATA_DIR": str(settings.data_dir),
        "LAUREL_EVM_RPC_URL": settings.evm_rpc_url,
        "LAUREL_EVM_CHAIN_ID": str(settings.evm_chain_id or ""),
        "LAUREL_TRON_FULL_NODE_URL": settings.tron_full_node_url,
        "LAUREL_ALLOW_HTTP_WEBHOOKS": str(settings.allow_http_webhooks).lower(),
    }
    if settings.admin_token is not None:
        env["LAUREL_ADMIN_TOKEN"] = settings.admin_token.get_secret_value()
    with open(log_file, "ab") as log:
        return spawn_child([sys.executable, "-m", "api.cli", "worker", "--beat", "--pool", "solo"], env=env, log=log)


def worker_child(settings: Settings) -> PopenChild:
    """The stack's worker and beat, logging to <data dir>/worker.log."""
    return PopenChild("worker and beat", partial(spawn_worker, settings, log_file=settings.data_dir / "worker.log"))


class AnvilChild:
    """The stack's anvil; each start makes sure the tokens are on it (its saved state may predate them)."""

    name = "anvil"

    def __init__(self, settings: Settings, keystore: KeyStore) -> None:
        self._settings, self._keystore = settings, keystore
        self.devnet = local_anvil(settings, keystore, supervised=True)
        self.deployment: Deployment | None = None

    def start(self) -> None:
        self.devnet.start()
        try:
            self.deployment = ensure_evm_tokens(self._settings, self._keystore, self.devnet.url)
        except BaseException:
            self.devnet.kill()
            raise

    @property
    def pid(self) -> int | None:
        return self.devnet.pid

    @property
    def returncode(self) -> int | None:
        return self.devnet.returncode

    def stop(self) -> None:
        self.devnet.stop()

    def kill(self) -> None:
        self.devnet.kill()


class TronDevnetChild(PopenChild):
    """The stack's Tron devnet as its own `laurel devnet tron` process (so it can die and come back alone), its
    genesis the treasury key, handed over in the environment rather than on a command line others can read."""

    STARTUP_TIMEOUT = 120.0  # a fresh interpreter imports py-evm first; slow on a busy machine

    def __init__(self, settings: Settings, keystore: KeyStore) -> None:
        super().__init__("Tron devnet", self._spawn_devnet, ready=self._wait_until_ready, stop_timeout=10)
        self._settings, self._keystore = settings, keystore
        self.url = f"http://127.0.0.1:{settings.tron_devnet_port}"
        self.deployment: Deployment | None = None

    def _spawn_devnet(self) -> subprocess.Popen[bytes]:
        settings = self._settings
        env = {
            **os.environ,
            "LAUREL_DATA_DIR": str(settings.data_dir),
            TRON_GENESIS_KEY_ENV: self._keystore.treasury_key(Chain.TRON).hex(),
        }
        argv = [sys.executable, "-m", "api.cli", "devnet", "tron", "--port", str(settings.tron_devnet_port)]
        argv += ["--block-interval", str(settings.tron_devnet_block_interval)]
        with open(settings.data_dir / "tron-devnet.log", "ab") as log:
            return spawn_child(argv, env=env, log=log)

    def _wait_until_ready(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                log_file = self._settings.data_dir / "tron-devnet.log"
                raise RuntimeError(f"the Tron devnet {describe_exit(process.returncode)}; see {log_file}")
            try:
                httpx.post(f"{self.url}/wallet/getnowblock", timeout=1.0).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the Tron devnet did not answer on {self.url}") from None
                time.sleep(0.1)
        self.deployment = ensure_tron_tokens(self._settings, self._keystore, self.url)
