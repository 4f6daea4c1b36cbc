"""A RabbitMQ virtual host of the test's own on the machine's broker (127.0.0.1:5672, guest/guest), deleted after,
so the test never shares a queue with anyone; and the payout tests' anvil."""

import secrets
import subprocess
from collections.abc import Iterator

import pytest

from tests.integration.payouts.conftest import anvil  # noqa: F401  (the session's anvil, shared with payouts tests)


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
