"""The chains Laurel is configured for: where their nodes and tokens are, and how to link to a transaction.

The token addresses come from settings (production) or from the record `laurel up` writes after deploying
to its own devnet (`<data_dir>/evm-contracts.json`), used only while the RPC URL is the same.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from chain.client import ChainClient
from chain.evm import EvmClient
from core.settings import Settings

EVM_DEPLOYMENT_FILE = "evm-contracts.json"


@dataclass(frozen=True)
class Deployment:
    rpc_url: str
    chain_id: int
    reward_token: str
    badge_token: str


def load_deployment(data_dir: Path) -> Deployment | None:
    path = data_dir / EVM_DEPLOYMENT_FILE
    if not path.is_file():
        return None
    return Deployment(**json.loads(path.read_text()))


def save_deployment(data_dir: Path, deployment: Deployment) -> None:
    path = data_dir / EVM_DEPLOYMENT_FILE
    path.write_text(json.dumps(vars(deployment), indent=2) + "\n")


@dataclass(frozen=True)
class Network:
    name: str
    client: ChainClient
    rpc_url: str
    chain_id: int | None
    token_address: str | None
    badge_address: str | None
    token_decimals: int
    explorer_url: str | None

    def transaction_url(self, tx_hash: str | None) -> str | None:
        if tx_hash is None or not self.explorer_url:
            return None
        return f"{self.explorer_url.rstrip('/')}/tx/{tx_hash}"


def configured_networks(settings: Settings) -> dict[str, Network]:
    """Every chain with an RPC URL in the settings, by name. No network access here."""
    networks: dict[str, Network] = {}
    if settings.evm_rpc_url:
        deployment = load_deployment(settings.data_dir)
        if deployment is not None and deployment.rpc_url != settings.evm_rpc_url:
            deployment = None
        networks["evm"] = Network(
            name="evm",
            client=EvmClient(settings.evm_rpc_url, chain_id=settings.evm_chain_id),
            rpc_url=settings.evm_rpc_url,
            chain_id=settings.evm_chain_id or (deployment.chain_id if deployment else None),
            token_address=settings.evm_token_address or (deployment.reward_token if deployment else None),
            badge_address=settings.evm_badge_address or (deployment.badge_token if deployment else None),
            token_decimals=settings.evm_token_decimals,
            explorer_url=settings.evm_explorer_url or None,
        )
    return networks
