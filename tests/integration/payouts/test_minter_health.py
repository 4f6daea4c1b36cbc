"""/healthz and /metrics report what the EVM minter holds for gas, and health degrades before it runs dry."""

import time

import httpx

from tests.conftest import LiveServer, health_with_chains
from tests.integration.payouts.conftest import Stack
from wallets.keystore import Chain, address_of


def test_healthz_reports_the_evm_minters_eth_and_degrades_below_the_threshold(stack: Stack) -> None:
    minter = address_of(Chain.EVM, stack.keystore.treasury_key(Chain.EVM))
    fresh = stack.settings.model_copy(update={"chain_health_ttl_seconds": 0.01})
    thirsty = fresh.model_copy(update={"evm_min_eth": 10**9})
    with LiveServer(fresh) as server:
        healthy = health_with_chains(server.url).json()
        metrics = httpx.get(f"{server.url}/metrics", timeout=30).text
    time.sleep(0.05)
    with LiveServer(thirsty) as server:
        answer = health_with_chains(server.url)

    evm = healthy["chains"]["evm"]
    assert not [p for p in healthy.get("problems", []) if p.startswith("evm")], healthy.get("problems")
    assert evm["ok"] and evm["warning"] is None
    assert evm["address"] == minter
    assert evm["eth"] == stack.w3.eth.get_balance(minter) / 10**18 > 0
    assert [line for line in metrics.splitlines() if line.startswith("laurel_minter_eth ")]
    assert 'laurel_minter_low{chain="evm"} 0.0' in metrics
    assert answer.status_code == 200 and answer.json()["status"] == "degraded"
    assert "LAUREL_EVM_MIN_ETH" in answer.json()["chains"]["evm"]["warning"]
