"""What leaves a hole in the minter's nonce sequence (every later batch then waits behind it, re-priced in vain):
a transaction sent from the minter key outside the pipeline, and a signed version the node keeps refusing."""

from __future__ import annotations

from eth_account import Account
from web3 import Web3

from chain.models import TxStatus
from wallets.keystore import Chain

from .conftest import Stack
from .helpers import advance_until, payout, transactions
from .test_chain_pipeline import batch_statuses, pay

WEI = 10**18
GWEI = 10**9


def test_a_pending_transaction_sent_from_the_minter_key_elsewhere_is_not_given_its_nonce_again(
    stack: Stack, manual_mining: None
) -> None:
    key = stack.keystore.treasury_key(Chain.EVM)
    minter = stack.chain.pipeline.sender
    assert Account.from_key(key).address == minter  # the default minter is the treasury key, as `laurel up` uses it
    mined = stack.w3.eth.get_transaction_count(Web3.to_checksum_address(minter), "latest")
    outside = Account.sign_transaction(
        {
            "type": 2,
            "chainId": stack.w3.eth.chain_id,
            "nonce": mined,
            "to": minter,
            "value": 0,
            "gas": 21_000,
            "maxFeePerGas": 500 * GWEI,
            "maxPriorityFeePerGas": 50 * GWEI,
        },
        key,
    )
    outside_hash = stack.w3.eth.send_raw_transaction(outside.raw_transaction)

    payout_id, address = pay(stack, 6)
    advance_until(stack, lambda: batch_statuses(stack, payout_id) == [TxStatus.BROADCAST])
    advance_until(stack, lambda: payout(stack, payout_id).status == "confirmed", mine=True)

    [tx] = transactions(stack, payout(stack, payout_id).batch_id or "")
    assert tx.nonce == mined + 1 and tx.error is None
    assert stack.w3.eth.get_transaction_receipt(outside_hash)["status"] == 1  # neither replaced nor refused
    assert stack.token_balance(address) == 6 * WEI


def test_a_signed_version_the_node_refuses_as_under_the_base_fee_is_re_priced(
    stack: Stack, manual_mining: None
) -> None:
    offered = 2 * int(stack.w3.eth.get_block("latest")["baseFeePerGas"]) + stack.w3.eth.max_priority_fee
    # The pipeline prices from the latest block (twice its base fee, plus a tip); the next block's base fee jumps to
    # four times that offer, so the node refuses the signed bytes until the pipeline signs them again at fees it takes.
    stack.anvil.rpc("anvil_setNextBlockBaseFeePerGas", [hex(4 * offered)])
    payout_id, address = pay(stack, 5)
    advance_until(stack, lambda: "base fee" in first_error(stack, payout_id))
    [refused] = transactions(stack, payout(stack, payout_id).batch_id or "")
    assert refused.status == TxStatus.SIGNED

    stack.anvil.rpc("evm_mine")  # an empty block: the chain now quotes the higher base fee
    advance_until(stack, lambda: TxStatus.REPLACED in batch_statuses(stack, payout_id))
    advance_until(stack, lambda: payout(stack, payout_id).status == "confirmed", mine=True)

    versions = transactions(stack, payout(stack, payout_id).batch_id or "")
    assert [v.status for v in versions] == [TxStatus.REPLACED, TxStatus.CONFIRMED]
    assert {v.nonce for v in versions} == {refused.nonce}
    assert stack.token_balance(address) == 5 * WEI


def first_error(stack: Stack, payout_id: str) -> str:
    versions = transactions(stack, payout(stack, payout_id).batch_id or "-")
    return (versions[0].error or "") if versions else ""
