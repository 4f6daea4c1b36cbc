"""Deploy RewardToken (TRC-20) and BadgeToken (TRC-1155) on a Tron node with tronpy: the same compiled artifacts as
on the EVM. Like contracts/deploy.py, a one-off admin step that sends and waits in line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_utils.crypto import keccak
from tronpy import Tron
from tronpy.contract import Contract
from tronpy.keys import PrivateKey
from tronpy.providers import HTTPProvider

from contracts.artifacts import load_artifact

SUN_PER_TRX = 1_000_000
DEPLOY_FEE_LIMIT = 5_000 * SUN_PER_TRX
CALL_FEE_LIMIT = 100 * SUN_PER_TRX
RECEIPT_TIMEOUT_S = 60
MINTER_ROLE = keccak(text="MINTER_ROLE")
ANCHOR_ROLE = keccak(text="ANCHOR_ROLE")


class TronDeployFailed(RuntimeError):
    """A deployment or role grant landed but failed; the message is the node's receipt result."""


@dataclass(frozen=True)
class TronContracts:
    reward_token: str
    badge_token: str


def tron_client(full_node_url: str, api_key: str | None = None) -> Tron:
    return Tron(HTTPProvider(full_node_url, api_key=api_key))


def _check(receipt: dict[str, Any], what: str) -> dict[str, Any]:
    result = receipt.get("receipt", {}).get("result", "SUCCESS")
    if receipt.get("result") == "FAILED" or result != "SUCCESS":
        raise TronDeployFailed(f"{what} failed: {result} {receipt.get('resMessage', '')}")
    return receipt


def _deploy(tron: Tron, key: PrivateKey, name: str, *args: Any) -> Contract:
    artifact = load_artifact(name)
    contract = Contract(name=name, bytecode=artifact.bytecode.removeprefix("0x"), abi=artifact.abi)
    contract.bytecode = contract.bytecode + contract.constructor.encode_parameter(*args)
    owner = key.public_key.to_base58check_address()
    builder = tron.trx.deploy_contract(owner, contract).fee_limit(DEPLOY_FEE_LIMIT)
    receipt = _check(builder.build().sign(key).broadcast().wait(timeout=RECEIPT_TIMEOUT_S), f"deploying {name}")
    deployed: Contract = tron.get_contract(receipt["contract_address"])
    return deployed


def _grant_minter(tron: Tron, key: PrivateKey, contract: Contract, minter: str, role: bytes = MINTER_ROLE) -> None:
    owner = key.public_key.to_base58check_address()
    call = contract.functions.grantRole.with_owner(owner)(role, minter).fee_limit(CALL_FEE_LIMIT)
    # `.wait()`, not `.result()`: tronpy cannot decode the result of a function that returns nothing.
    _check(call.build().sign(key).broadcast().wait(timeout=RECEIPT_TIMEOUT_S), "granting a role")


def deploy_tron_balance_anchor(tron: Tron, private_key: bytes, *, anchorer: str) -> str:
    """Deploy BalanceAnchor with the deployer as admin, and let `anchorer` (the minter key) record roots."""
    key = PrivateKey(private_key)
    anchor = _deploy(tron, key, "BalanceAnchor", key.public_key.to_base58check_address())
    _grant_minter(tron, key, anchor, anchorer, ANCHOR_ROLE)
    return str(anchor.contract_address)


def deploy_tron_contracts(
    tron: Tron,
    private_key: bytes,
    *,
    minter: str,
    badge_uri: str,
    reward_name: str = "Laurel Points",
    reward_symbol: str = "LRL",
    reward_decimals: int = 18,
) -> TronContracts:
    """Deploy both tokens; the deployer key administers them (it needs TRX for energy) and `minter` mints on both."""
    key = PrivateKey(private_key)
    admin = key.public_key.to_base58check_address()
    reward = _deploy(tron, key, "RewardToken", reward_name, reward_symbol, reward_decimals, admin)
    _grant_minter(tron, key, reward, minter)
    badge = _deploy(tron, key, "BadgeToken", badge_uri, admin)
    _grant_minter(tron, key, badge, minter)
    return TronContracts(reward_token=str(reward.contract_address), badge_token=str(badge.contract_address))
