"""The member page checks the member's balance proof in the browser, against the root the chain's RPC answers."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from chain.devnets.anvil import ANVIL_BIN_ENV, PACKAGED_ANVIL, AnvilDevnet, free_port
from contracts.deploy import deploy_balance_anchor
from tests.conftest import LiveServer, make_settings, new_tenant
from tests.integration.payouts.conftest import Stack, build_stack
from tests.integration.payouts.helpers import advance_until


@pytest.fixture(scope="module")
def anchored_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if ANVIL_BIN_ENV not in __import__("os").environ and not PACKAGED_ANVIL.exists():
        pytest.skip("no anvil; run `npm ci` at the repository root")
    data_dir: Path = tmp_path_factory.mktemp("e2e-proof")
    with AnvilDevnet(port=free_port(), chain_id=31337) as anvil:
        stack = build_stack(make_settings("sqlite", data_dir, request), anvil)
        anchor = deploy_balance_anchor(stack.w3, anvil.genesis_key, anchorer=stack.chain.pipeline.sender)
        yield replace(stack, settings=stack.settings.model_copy(update={"evm_anchor_address": anchor}))
        stack.engine.dispose()


def test_the_member_page_shows_the_balance_verified_on_chain(browser: Browser, anchored_stack: Stack) -> None:
    stack = anchored_stack
    with LiveServer(stack.settings) as server, httpx.Client(base_url=server.url, timeout=60) as api:
        auth = new_tenant(api, "Bakery")
        api.post("/v1/members", json={"external_id": "noa", "display_name": "Noa"}, headers=auth)
        api.post("/v1/rules", json={"key": "bread", "event_type": "bread", "points": "15"}, headers=auth)
        api.post("/v1/events", json={"id": "b1", "member": "noa", "type": "bread"}, headers=auth)
        url = api.post("/v1/members/noa/page-link", json={}, headers=auth).json()["url"]
        page = browser.new_page()
        page.goto(url)
        expect(page.locator("#anchor-status")).to_have_count(0)  # nothing anchored yet: nothing claimed

        assert api.post("/v1/jobs/anchor-balances", headers=auth).status_code == 200
        status = lambda: api.get("/v1/members/noa/proof", headers=auth).json()["anchors"][0]["status"]  # noqa: E731
        advance_until(stack, lambda: status() == "confirmed", mine=True)
        page.reload()

        verdict = page.locator("#anchor-status")
        expect(verdict).to_have_attribute("data-state", "verified", timeout=20_000)
        expect(verdict).to_contain_text("Verified on chain at")
