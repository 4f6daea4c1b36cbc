"""Anvil SIGKILLed with payouts in flight and started again from its state file, as `laurel up` runs it (the state is
saved every few seconds and on a clean stop; a kill loses what came after the last save). Nothing is minted twice,
nothing is lost: mints the chain forgot are sent again from their recorded bytes, payouts caught in flight confirm,
and `laurel reconcile` reports what the chain lost until then. A node wiped and started afresh under the same chain id
is another chain: nothing of the recorded history is replayed on it, and health says why."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.health import with_identity
from chain.devnets.anvil import STATE_FILE, AnvilDevnet, free_port
from chain.network import configured_networks
from core.settings import Settings
from tests.conftest import make_settings, own_pg_database
from tests.integration.payouts.conftest import CHAIN_ID, Stack, build_stack
from tests.integration.payouts.helpers import advance_until, payout
from tests.integration.payouts.test_chain_pipeline import batch_statuses, pay
from wallets.minter import MinterStatus
from wallets.payouts import advance_payouts
from wallets.reconcile import reconcile

WEI = 10**18


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """A database of the test's own: payouts that earlier modules left queued on the shared one would go first, and
    reconcile would count them."""
    if request.param == "sqlite":
        yield make_settings("sqlite", tmp_path / "var", request)
        return
    with own_pg_database() as url:
        yield make_settings("postgresql", tmp_path / "var", request, database_url=url)


@pytest.fixture
def node(tmp_path: Path) -> Iterator[AnvilDevnet]:
    # Saved on a clean stop only (the interval is longer than the test), so what a SIGKILL loses is known.
    with AnvilDevnet(port=free_port(), chain_id=CHAIN_ID, state_dir=tmp_path / "anvil", state_interval=3600) as devnet:
        yield devnet


def confirmed(stack: Stack, payouts: list[tuple[str, str]]) -> bool:
    return all(payout(stack, p).status == "confirmed" for p, _ in payouts)


def test_anvil_killed_mid_payout_forgets_its_last_blocks_and_every_payout_still_lands_once(
    settings: Settings, node: AnvilDevnet
) -> None:
    stack = build_stack(settings, node)
    kept = [pay(stack, 2) for _ in range(2)]
    advance_until(stack, lambda: confirmed(stack, kept))
    node.stop()  # a clean stop writes the state: the contracts and the first payouts are in it
    node.start()

    forgotten = [pay(stack, 3) for _ in range(2)]
    advance_until(stack, lambda: confirmed(stack, forgotten))
    node.rpc("evm_setAutomine", [False])
    in_flight = [pay(stack, 4) for _ in range(2)]
    advance_until(stack, lambda: all(batch_statuses(stack, p) == ["broadcast"] for p, _ in in_flight))
    node.kill()
    node.start()  # from the saved state: the forgotten payouts' blocks and the mempool are gone
    assert all(stack.token_balance(address) == 0 for _, address in forgotten + in_flight)
    drift = reconcile(stack.engine, configured_networks(stack.settings))
    assert {d.address for d in drift.address_drifts} == {address for _, address in forgotten}

    advance_until(stack, lambda: confirmed(stack, in_flight), timeout=60)

    assert [stack.token_balance(a) for _, a in kept + forgotten + in_flight] == [w * WEI for w in (2, 2, 3, 3, 4, 4)]
    assert reconcile(stack.engine, configured_networks(stack.settings)).clean
    stack.engine.dispose()


def test_a_node_wiped_and_started_afresh_gets_no_replayed_history(settings: Settings, node: AnvilDevnet) -> None:
    stack = build_stack(settings, node, evm_stuck_after_seconds=0.5)
    paid = [pay(stack, 2) for _ in range(2)]
    advance_until(stack, lambda: confirmed(stack, paid))
    genesis = node.rpc("eth_getBlockByNumber", ["0x0", False])["hash"]
    node.stop()
    assert node.state_dir is not None
    (node.state_dir / STATE_FILE).unlink()  # written by the clean stop: the next start is a new chain
    node.start()
    assert node.rpc("eth_getBlockByNumber", ["0x0", False])["hash"] != genesis
    minter = stack.chain.pipeline.sender
    node.set_balance(minter, 100 * WEI)  # so that replays could be paid for, were they sent

    later, _ = pay(stack, 3)
    until = time.monotonic() + 4  # several times the time after which a transaction counts as stuck
    while time.monotonic() < until:
        advance_payouts(stack.engine, stack.chain, batch_size=stack.settings.payout_batch_size)
        time.sleep(0.1)

    assert int(node.rpc("eth_getTransactionCount", [minter, "latest"]), 16) == 0
    assert payout(stack, later).status != "confirmed"
    networks = configured_networks(stack.settings)
    status = with_identity(stack.engine, networks, MinterStatus(chain="evm", address=minter, ok=True))
    assert not status.ok and status.warning is not None and genesis in status.warning
    stack.engine.dispose()
