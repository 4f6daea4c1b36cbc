"""The chains Laurel is configured for: where their nodes and tokens are, and how to link to a transaction.

The token addresses come from settings (production) or from the record `laurel up` writes after deploying
to its own devnet (`<data_dir>/evm-contracts.json`, `<data_dir>/tron-contracts.json`), used only while the RPC URL
is the same.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from chain.client import ChainClient
from chain.evm import EvmClient
from chain.tron import TronClient
from core.settings import Settings


@dataclass(frozen=True)
class Deployment:
    rpc_url: str
    chain_id: int
    reward_token: str
    badge_token: str
    balance_anchor: str | None = None


def deployment_file(data_dir: Path, chain: str) -> Path:
    return data_dir / f"{chain}-contracts.json"


def load_deployment(data_dir: Path, chain: str = "evm", rpc_url: str | None = None) -> Deployment | None:
    """The tokens `laurel up` deployed on `chain`; None when there is no record, or it is for another node."""
    path = deployment_file(data_dir, chain)
    if not path.is_file():
        return None
    deployment = Deployment(**json.loads(path.read_text()))
    if rpc_url is not None and deployment.rpc_url != rpc_url:
        return None
    return deployment


def save_deployment(data_dir: Path, deployment: Deployment, chain: str = "evm") -> None:
    deployment_file(data_dir, chain).write_text(json.dumps(vars(deployment), indent=2) + "\n")


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
    anchor_address: str | None = None
    """The BalanceAnchor contract balances are anchored to; None: no anchoring on this chain."""
    explorer_tx_path: str = "tx"  # Etherscan: /tx/<hash>; Tronscan: /transaction/<id>

    def transaction_url(self, tx_hash: str | None) -> str | None:
        if tx_hash is None or not self.explorer_url:
            return None
        return f"{self.explorer_url.rstrip('/')}/{self.explorer_tx_path}/{tx_hash}"


def rpc_url(settings: Settings, chain: str) -> str:
    """The chain's node: from the settings, else the one `laurel up` recorded under the data dir, so that a worker or
    API started alone on that data dir knows the same chains as the stack's own."""
    configured = settings.evm_rpc_url if chain == "evm" else settings.tron_full_node_url
    if configured:
        return configured
    recorded = load_deployment(settings.data_dir, chain)
    return recorded.rpc_url if recorded else ""


def configured_networks(settings: Settings) -> dict[str, Network]:
    """Every chain with an RPC URL in the settings or in a deployment record, by name. No network access here."""
    networks: dict[str, Network] = {}
    if evm_url := rpc_url(settings, "evm"):
        deployment = load_deployment(settings.data_dir, "evm", evm_url)
        chain_id = settings.evm_chain_id or (deployment.chain_id if deployment else None)
        networks["evm"] = Network(
            name="evm",
            client=EvmClient(evm_url, chain_id=chain_id),
            rpc_url=evm_url,
            chain_id=chain_id,
            token_address=settings.evm_token_address or (deployment.reward_token if deployment else None),
            badge_address=settings.evm_badge_address or (deployment.badge_token if deployment else None),
            token_decimals=settings.evm_token_decimals,
            explorer_url=settings.evm_explorer_url or None,
            anchor_address=settings.evm_anchor_address or (deployment.balance_anchor if deployment else None),
        )
    if url := rpc_url(settings, "tron"):
        deployment = load_deployment(settings.data_dir, "tron", url)
        api_key = settings.tron_api_key.get_secret_value() if settings.tron_api_key else None
        networks["tron"] = Network(
            name="tron",
            client=TronClient(
                url,
                api_key=api_key,
                fee_limit=settings.tron_fee_limit_sun,
                expiration_s=settings.tron_expiration_seconds,
            ),
            rpc_url=url,
            chain_id=deployment.chain_id if deployment else None,
            token_address=settings.tron_token_address or (deployment.reward_token if deployment else None),
            badge_address=settings.tron_badge_address or (deployment.badge_token if deployment else None),
            token_decimals=settings.tron_token_decimals,
            explorer_url=settings.tron_explorer_url or None,
            anchor_address=settings.tron_anchor_address or (deployment.balance_anchor if deployment else None),
            explorer_tx_path="transaction",
        )
    return networks
