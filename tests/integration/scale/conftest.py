"""A RabbitMQ virtual host of the test's own on the machine's broker (127.0.0.1:5672, guest/guest), deleted after,
so the test never shares a queue with anyone; an anvil of its own, so no other test's chain state (a paused
miner, another stack's nonces) can stall its payouts; and a PostgreSQL database of its own to go with it: the shared
one holds other tests' payout transactions signed by the same key on the same chain id, which a fresh node would
look like a chain that forgot them (and the pipeline sends them again)."""

import os
import secrets
import subprocess
from collections.abc import Iterator

import pytest

from chain.devnets.anvil import ANVIL_BIN_ENV, PACKAGED_ANVIL, AnvilDevnet, free_port
from tests.conftest import own_pg_database
from tests.integration.payouts.conftest import CHAIN_ID


@pytest.fixture()
def anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnvilDevnet]:
    if ANVIL_BIN_ENV not in os.environ and not PACKAGED_ANVIL.exists():
        pytest.skip(f"no anvil at {PACKAGED_ANVIL}; run `npm ci` at the repository root")
    with AnvilDevnet(port=free_port(), chain_id=CHAIN_ID, state_dir=tmp_path_factory.mktemp("anvil")) as node:
        yield node


@pytest.fixture()
def own_database_url() -> Iterator[str]:
    with own_pg_database() as url:
        yield url


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "--quiet", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture()
def rabbitmq_url() -> Iterator[str]:
    vhost = f"laurel-test-{secrets.token_hex(6)}"
    try:
        _rabbitmqctl("add_vhost", vhost)
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"no RabbitMQ to add a virtual host to: {exc}")
    try:
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)
