"""Deploy RewardToken and BadgeToken with web3.py, signing locally with eth-account.

Deployment is a one-off admin step, so it sends and waits in line; payouts go through chain/'s
transaction pipeline (persisted before sending, nonce manager, re-pricing) instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_typing import ChecksumAddress
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.types import TxParams, TxReceipt

from contracts.artifacts import load_artifact

MINTER_ROLE = Web3.keccak(text="MINTER_ROLE")
ANCHOR_ROLE = Web3.keccak(text="ANCHOR_ROLE")
PAUSER_ROLE = Web3.keccak(text="PAUSER_ROLE")
RECEIPT_TIMEOUT_S = 120


class TransactionReverted(RuntimeError):
    """A transaction was mined but failed; the receipt says where its gas went."""

    def __init__(self, receipt: TxReceipt) -> None:
        super().__init__(f"transaction {receipt['transactionHash'].hex()} reverted")
        self.receipt = receipt


@dataclass(frozen=True)
class DeployedContracts:
    reward_token: ChecksumAddress
    badge_token: ChecksumAddress


def eip1559_fees(w3: Web3) -> dict[str, int]:
    """Fee caps that survive the base fee doubling a few blocks in a row while the transaction waits."""
    base_fee = int(w3.eth.get_block("latest").get("baseFeePerGas", 0))
    tip = int(w3.eth.max_priority_fee)
    return {"maxFeePerGas": 2 * base_fee + tip, "maxPriorityFeePerGas": tip}


def sign_and_send(
    w3: Web3,
    private_key: str,
    call: ContractFunction | ContractConstructor,
    *,
    gas: int | None = None,
) -> TxReceipt:
    """Build `call` as an EIP-1559 transaction from the key's account, sign it, send it, wait for it.

    Without `gas` the node estimates it, which already refuses a call that would revert; give `gas` to
    put a doomed transaction on chain anyway. Raises `TransactionReverted` for a failed receipt.
    """
    sender = Account.from_key(private_key)
    params: dict[str, Any] = {
        "from": sender.address,
        "nonce": w3.eth.get_transaction_count(sender.address, "pending"),
        "chainId": w3.eth.chain_id,
        **eip1559_fees(w3),
    }
    if gas is not None:
        params["gas"] = gas
    tx = call.build_transaction(TxParams(**params))  # type: ignore[typeddict-item]
    signed = sender.sign_transaction(tx)
    tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=RECEIPT_TIMEOUT_S)
    if receipt["status"] != 1:
        raise TransactionReverted(receipt)
    return receipt


def deploy_reward_token(
    w3: Web3, private_key: str, *, name: str, symbol: str, decimals: int, minter: str
) -> ChecksumAddress:
    """Deploy RewardToken with the deployer as admin and pauser, and make `minter` its minter."""
    admin = Account.from_key(private_key).address
    address = _deploy(w3, private_key, "RewardToken", name, symbol, decimals, admin)
    grant_minter(w3, private_key, "RewardToken", address, minter)
    return address


def deploy_badge_token(w3: Web3, private_key: str, *, uri: str, minter: str) -> ChecksumAddress:
    """Deploy BadgeToken (`uri` keeps ERC-1155's `{id}` placeholder) and make `minter` its minter."""
    admin = Account.from_key(private_key).address
    address = _deploy(w3, private_key, "BadgeToken", uri, admin)
    grant_minter(w3, private_key, "BadgeToken", address, minter)
    return address


def deploy_contracts(
    w3: Web3,
    private_key: str,
    *,
    minter: str,
    badge_uri: str,
    reward_name: str = "Laurel Points",
    reward_symbol: str = "LRL",
    reward_decimals: int = 18,
) -> DeployedContracts:
    """Deploy both tokens; the deployer key administers them and `minter` mints on both."""
    return DeployedContracts(
        reward_token=deploy_reward_token(
            w3, private_key, name=reward_name, symbol=reward_symbol, decimals=reward_decimals, minter=minter
        ),
        badge_token=deploy_badge_token(w3, private_key, uri=badge_uri, minter=minter),
    )


def deploy_balance_anchor(w3: Web3, private_key: str, *, anchorer: str) -> ChecksumAddress:
    """Deploy BalanceAnchor with the deployer as admin, and let `anchorer` (the minter key) record roots."""
    admin = Account.from_key(private_key).address
    address = _deploy(w3, private_key, "BalanceAnchor", admin)
    contract = w3.eth.contract(address=address, abi=load_artifact("BalanceAnchor").abi)
    sign_and_send(w3, private_key, contract.functions.grantRole(ANCHOR_ROLE, Web3.to_checksum_address(anchorer)))
    return address


def grant_minter(w3: Web3, private_key: str, contract_name: str, address: str, minter: str) -> None:
    """Grant MINTER_ROLE on a deployed contract; the key must hold its admin role."""
    contract = w3.eth.contract(address=Web3.to_checksum_address(address), abi=load_artifact(contract_name).abi)
    sign_and_send(w3, private_key, contract.functions.grantRole(MINTER_ROLE, Web3.to_checksum_address(minter)))


def is_minter(w3: Web3, contract_name: str, address: str, account: str) -> bool:
    contract = w3.eth.contract(address=Web3.to_checksum_address(address), abi=load_artifact(contract_name).abi)
    return bool(contract.functions.hasRole(MINTER_ROLE, Web3.to_checksum_address(account)).call())


def send_coins(w3: Web3, private_key: str, to: str, wei: int) -> TxReceipt:
    """A plain transfer of the chain's coins (gas money for a minter key), waited for."""
    sender = Account.from_key(private_key)
    tx = {
        "from": sender.address,
        "to": Web3.to_checksum_address(to),
        "value": wei,
        "gas": 21_000,
        "nonce": w3.eth.get_transaction_count(sender.address, "pending"),
        "chainId": w3.eth.chain_id,
        **eip1559_fees(w3),
    }
    signed = sender.sign_transaction(tx)
    return w3.eth.wait_for_transaction_receipt(
        w3.eth.send_raw_transaction(signed.raw_transaction), timeout=RECEIPT_TIMEOUT_S
    )


def _deploy(w3: Web3, private_key: str, contract_name: str, *args: Any) -> ChecksumAddress:
    artifact = load_artifact(contract_name)
    factory = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    receipt = sign_and_send(w3, private_key, factory.constructor(*args))
    address = receipt["contractAddress"]
    if address is None:
        raise RuntimeError(f"deploying {contract_name} produced no contract address")
    return address
