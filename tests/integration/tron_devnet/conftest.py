"""The Tron devnet served on a free 127.0.0.1 port, driven by unmodified tronpy, stopped at teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tronpy import Tron
from tronpy.contract import Contract
from tronpy.keys import PrivateKey
from tronpy.providers import HTTPProvider

from chain.tron_devnet import DevnetServer, TronDevnet
from contracts.artifacts import ArtifactNotFound, load_artifact

TEST_CONTRACTS = Path(__file__).parent / "contracts"
GENESIS_KEY = PrivateKey(b"\x5a" * 32)
TRX = 1_000_000
DEPLOY_FEE_LIMIT = 5_000 * TRX
CALL_FEE_LIMIT = 200 * TRX

StartDevnet = Callable[..., DevnetServer]


@pytest.fixture(scope="session")
def genesis_key() -> PrivateKey:
    return GENESIS_KEY


@pytest.fixture
def start_devnet() -> Iterator[StartDevnet]:
    """Start devnets of a test's own choosing: `start_devnet(block_interval=..., state_path=...)`."""
    started: list[DevnetServer] = []

    def start(block_interval: float = 0.0, state_path: Path | None = None) -> DevnetServer:
        server = DevnetServer(TronDevnet(GENESIS_KEY.to_bytes(), block_interval, state_path)).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def devnet_server() -> Iterator[DevnetServer]:
    """A module's shared devnet, in memory, sealing a block after every transaction."""
    with DevnetServer(TronDevnet(GENESIS_KEY.to_bytes(), block_interval=0)) as server:
        yield server


@pytest.fixture(scope="module")
def tron(devnet_server: DevnetServer) -> Tron:
    return Tron(HTTPProvider(devnet_server.url))


SendTrx = Callable[[PrivateKey, str, int], dict[str, Any]]
Deploy = Callable[..., tuple[Contract, dict[str, Any]]]


@pytest.fixture(scope="module")
def send_trx(tron: Tron) -> SendTrx:
    """Transfer `sun` from `sender` to `to` and wait for the receipt."""

    def send(sender: PrivateKey, to: str, sun: int) -> dict[str, Any]:
        owner = sender.public_key.to_base58check_address()
        receipt: dict[str, Any] = tron.trx.transfer(owner, to, sun).build().sign(sender).broadcast().wait()
        return receipt

    return send


@pytest.fixture(scope="module")
def new_account(send_trx: SendTrx) -> Callable[..., PrivateKey]:
    """A fresh key whose account the genesis account activated with `trx` TRX."""

    def create(trx: int = 1_000) -> PrivateKey:
        key = PrivateKey.random()
        send_trx(GENESIS_KEY, key.public_key.to_base58check_address(), trx * TRX)
        return key

    return create


@pytest.fixture(scope="session")
def deploy() -> Deploy:
    """Deploy a compiled artifact with tronpy: `deploy(tron, owner_key, "RewardToken", *constructor_args)`.

    Artifacts come from contracts/build, or from this directory's contracts/ for test-only contracts.
    Returns the contract as tronpy reads it back from the chain, and the deployment receipt.
    """

    def deploy_artifact(
        tron: Tron, owner: PrivateKey, artifact_name: str, *args: Any
    ) -> tuple[Contract, dict[str, Any]]:
        try:
            artifact = load_artifact(artifact_name)
        except ArtifactNotFound:
            artifact = load_artifact(artifact_name, TEST_CONTRACTS)
        bytecode = artifact.bytecode.removeprefix("0x")
        contract = Contract(name=artifact_name, bytecode=bytecode, abi=artifact.abi)
        contract.bytecode = contract.bytecode + contract.constructor.encode_parameter(*args)
        address = owner.public_key.to_base58check_address()
        builder = tron.trx.deploy_contract(address, contract).fee_limit(DEPLOY_FEE_LIMIT)
        receipt: dict[str, Any] = builder.build().sign(owner).broadcast().wait()
        return tron.get_contract(receipt["contract_address"]), receipt

    return deploy_artifact


@pytest.fixture(scope="session")
def contract_call() -> Callable[..., Any]:
    """Send a state-changing call signed by `sender`: `contract_call(token, key, "mint", to, 5)`.

    Returns tronpy's TransactionRet (`.wait()` for the receipt, `.result()` for the decoded return value).
    """

    def send(
        contract: Contract,
        sender: PrivateKey,
        function: str,
        *args: Any,
        fee_limit: int = CALL_FEE_LIMIT,
    ) -> Any:
        owner = sender.public_key.to_base58check_address()
        method = contract.functions[function].with_owner(owner)
        return method(*args).fee_limit(fee_limit).build().sign(sender).broadcast()

    return send
