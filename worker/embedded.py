"""The embedded stack of `laurel up`: its own anvil and Tron devnet with the tokens deployed once, and a worker
process with beat.

Each devnet's genesis account is the chain's treasury key derived from the HD seed, so the deployer, admin and minter
of the tokens is a key that exists only sealed in the database — nothing on disk holds a private key in plain text.
"""

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from web3 import Web3

from chain.devnets.anvil import DEFAULT_CHAIN_ID, AnvilDevnet
from chain.network import Deployment, load_deployment, save_deployment
from chain.tron import TronClient
from chain.tron_devnet import DevnetServer, TronDevnet, state_path
from contracts.deploy import deploy_balance_anchor, deploy_contracts
from contracts.deploy_tron import deploy_tron_balance_anchor, deploy_tron_contracts, tron_client
from core.settings import Settings
from wallets.keystore import Chain, KeyStore, address_of
from wallets.minter import top_up_minter_stake

BADGE_URI = "https://laurel.local/badges/{id}.json"


def start_local_evm(settings: Settings, keystore: KeyStore) -> tuple[AnvilDevnet, Deployment]:
    """Start anvil with its state under the data dir and deploy the tokens unless they are already on it."""
    devnet = AnvilDevnet(
        port=settings.evm_devnet_port,
        chain_id=DEFAULT_CHAIN_ID,
        state_dir=settings.data_dir / "anvil",
        genesis_key="0x" + keystore.treasury_key(Chain.EVM).hex(),
        block_time=settings.evm_devnet_block_time or None,
    )
    devnet.start()
    try:
        deployment = load_deployment(settings.data_dir)
        w3 = Web3(Web3.HTTPProvider(devnet.url))
        if (
            deployment is None
            or deployment.rpc_url != devnet.url
            or not w3.eth.get_code(Web3.to_checksum_address(deployment.reward_token))
        ):
            deployment = deploy_tokens(settings, keystore, devnet.url)
        if deployment.balance_anchor is None:  # a data dir from before anchoring: the anchor joins the tokens
            key = keystore.treasury_key(Chain.EVM)
            anchor = deploy_balance_anchor(w3, "0x" + key.hex(), anchorer=address_of(Chain.EVM, key))
            deployment = replace(deployment, balance_anchor=anchor)
            save_deployment(settings.data_dir, deployment)
    except BaseException:
        devnet.stop()
        raise
    return devnet, deployment


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
        deployment = load_deployment(settings.data_dir, "tron", server.url)
        if deployment is None or not tron_client(server.url).provider.make_request(
            "wallet/getcontract", {"value": deployment.reward_token, "visible": True}
        ):
            deployment = deploy_tron_tokens(settings, keystore, server.url)
        if deployment.balance_anchor is None:
            key = keystore.treasury_key(Chain.TRON)
            tron = tron_client(server.url)
            anchor = deploy_tron_balance_anchor(tron, key, anchorer=address_of(Chain.TRON, key))
            deployment = replace(deployment, balance_anchor=anchor)
            save_deployment(settings.data_dir, deployment, "tron")
        if settings.tron_devnet_stake_trx:
            top_up_minter_stake(settings, keystore, TronClient(server.url), settings.tron_devnet_stake_trx)
    except BaseException:
        server.stop()
        raise
    return server, deployment


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
        return subprocess.Popen(
            [sys.executable, "-m", "api.cli", "worker", "--beat", "--pool", "solo"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
