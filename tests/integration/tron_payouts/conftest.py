"""A Tron payout stack on real parts, started the way `laurel up` starts it: a database (SQLite or PostgreSQL),
the Tron devnet whose genesis account is the stack's own treasury key, and the tokens deployed by that key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from chain.devnets.anvil import free_port
from chain.network import configured_networks
from chain.tron import TronClient
from chain.tron_devnet import DevnetServer, TronDevnet, state_path
from core import migrate
from core.db import engine_from_settings
from core.settings import Settings
from tests.conftest import forget_chain_identities, make_settings
from wallets.keystore import Chain, KeyStore, MasterKey
from wallets.payouts import PayoutChain, payout_chains
from worker.embedded import start_local_tron

BLOCK_INTERVAL = 0.3


@dataclass
class TronStack:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    server: DevnetServer

    @property
    def chain(self) -> PayoutChain:
        return payout_chains(self.settings, self.engine, self.keystore, configured_networks(self.settings))["tron"]

    @property
    def client(self) -> TronClient:
        client = self.chain.network.client
        assert isinstance(client, TronClient)
        return client

    def token_balance(self, address: str) -> int:
        return self.client.token_balance(self.settings.tron_token_address, address)

    def restart_devnet(self) -> None:
        """Stop the node and start it again on the same port from the chain it kept on disk."""
        port = self.server.port
        self.server.stop()
        devnet = TronDevnet(self.keystore.treasury_key(Chain.TRON), BLOCK_INTERVAL, state_path(self.settings.data_dir))
        self.server = DevnetServer(devnet, port=port).start()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def tron_stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TronStack]:
    data_dir: Path = tmp_path_factory.mktemp(f"tron-payouts-{request.param}")
    settings = make_settings(request.param, data_dir, request).model_copy(
        update={
            "tron_devnet_port": free_port(),
            "tron_devnet_block_interval": BLOCK_INTERVAL,
            "payout_interval_seconds": 0.2,
            "chain_lease_seconds": 2.0,
        }
    )
    engine = engine_from_settings(settings)
    migrate.upgrade(engine)
    forget_chain_identities(engine)
    keystore = KeyStore(MasterKey.from_settings(settings), engine)
    server, deployment = start_local_tron(settings, keystore)
    settings = settings.model_copy(
        update={"tron_full_node_url": server.url, "tron_token_address": deployment.reward_token}
    )
    stack = TronStack(settings=settings, engine=engine, keystore=keystore, server=server)
    yield stack
    stack.server.stop()
    engine.dispose()
