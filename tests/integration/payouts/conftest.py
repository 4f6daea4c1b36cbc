"""A payout stack on real parts: a database (SQLite or PostgreSQL), anvil, and freshly deployed tokens whose
minter is the treasury key derived from the stack's own HD seed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from web3 import Web3

from chain.devnets.anvil import ANVIL_BIN_ENV, PACKAGED_ANVIL, AnvilDevnet, free_port
from chain.network import configured_networks
from contracts.deploy import deploy_contracts
from core import migrate
from core.db import engine_from_settings, unit_of_work
from core.settings import Settings
from core.tenancy import create_tenant, upsert_member
from tests.conftest import forget_chain_identities, make_settings
from wallets import ledger
from wallets.accounts import member_available, program_issued
from wallets.keystore import Chain, KeyStore, MasterKey, address_of
from wallets.ledger import Entry, Kind, TransactionSpec
from wallets.payouts import PayoutChain, payout_chains
from wallets.programs import resolve_program

CHAIN_ID = 31337


@pytest.fixture(scope="session")
def anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilDevnet]:
    if ANVIL_BIN_ENV not in os.environ and not PACKAGED_ANVIL.exists():
        pytest.skip(f"no anvil at {PACKAGED_ANVIL}; run `npm ci` at the repository root")
    with AnvilDevnet(port=free_port(), chain_id=CHAIN_ID, state_dir=tmp_path_factory.mktemp("anvil")) as node:
        yield node


@dataclass
class Stack:
    settings: Settings
    engine: Engine
    keystore: KeyStore
    anvil: AnvilDevnet
    w3: Web3

    @property
    def chain(self) -> PayoutChain:
        return payout_chains(self.settings, self.engine, self.keystore, configured_networks(self.settings))["evm"]

    def token_balance(self, address: str) -> int:
        return self.chain.network.client.token_balance(self.settings.evm_token_address, address)


def build_stack(settings: Settings, anvil: AnvilDevnet, **overrides: object) -> Stack:
    engine = engine_from_settings(settings)
    migrate.upgrade(engine)
    forget_chain_identities(engine)
    keystore = KeyStore(MasterKey.from_settings(settings), engine)
    minter = address_of(Chain.EVM, keystore.treasury_key(Chain.EVM))
    anvil.set_balance(minter, 100 * 10**18)
    w3 = Web3(Web3.HTTPProvider(anvil.url))
    deployed = deploy_contracts(w3, anvil.genesis_key, minter=minter, badge_uri="https://laurel.test/{id}.json")
    settings = settings.model_copy(
        update={
            "evm_rpc_url": anvil.url,
            "evm_chain_id": CHAIN_ID,
            "evm_token_address": deployed.reward_token,
            "evm_badge_address": deployed.badge_token,
            "evm_confirmations": 1,
            "payout_interval_seconds": 0.2,
            "chain_lease_seconds": 2.0,
            **overrides,
        }
    )
    return Stack(settings=settings, engine=engine, keystore=keystore, anvil=anvil, w3=w3)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, anvil: AnvilDevnet) -> Stack:
    data_dir: Path = tmp_path_factory.mktemp(f"payouts-{request.param}")
    return build_stack(make_settings(request.param, data_dir, request), anvil)


def tenant_with_member(stack: Stack, points: int, external_id: str = "alice") -> tuple[str, int]:
    """A new tenant and a member holding `points` available in the default program."""
    with unit_of_work(stack.engine) as session:
        tenant, _ = create_tenant(session, "Payout test")
        member, _ = upsert_member(session, tenant.id, external_id)
        program = resolve_program(session, tenant.id)
        assert member.id is not None and program.id is not None
        grant_points(session, tenant.id, program.id, member.id, points)
    return tenant.id, member.id


def grant_points(session: object, tenant_id: str, program_id: int, member_id: int, points: int) -> None:
    spec = TransactionSpec(
        program_id=program_id,
        kind=Kind.EARN,
        idempotency_key=f"grant:{member_id}:{os.urandom(6).hex()}",
        entries=(Entry(program_issued(program_id), -points), Entry(member_available(member_id), points)),
    )
    ledger.post(session, tenant_id, spec)  # type: ignore[arg-type]


@pytest.fixture
def manual_mining(stack: Stack) -> Iterator[None]:
    """Blocks only when a test mines one: transactions wait in the mempool meanwhile; one block is mined after."""
    stack.anvil.rpc("evm_setAutomine", [False])
    try:
        yield
    finally:
        stack.anvil.rpc("evm_setAutomine", [True])
        stack.anvil.rpc("evm_mine")
