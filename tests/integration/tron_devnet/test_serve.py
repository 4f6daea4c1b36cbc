"""`serve`, behind `laurel devnet tron`, runs a node and prints the key of its funded genesis account."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tronpy import Tron
from tronpy.keys import PrivateKey
from tronpy.providers import HTTPProvider

from chain.tron_devnet import state_path

REPO_ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """`serve` in a process of its own; yields its URL and the lines it printed before serving."""
    port = free_port()
    program = (
        "from pathlib import Path; from chain.tron_devnet import serve; "
        f"serve({port}, None, Path({str(tmp_path)!r}), block_interval=0.2)"
    )
    command = [sys.executable, "-c", program]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        printed = [process.stdout.readline().strip() for _ in range(3)]
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.post(f"{url}/wallet/getnodeinfo")
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url, printed
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_prints_a_fresh_genesis_key_that_controls_the_funded_account(
    served: tuple[str, list[str]], tmp_path: Path
) -> None:
    url, printed = served
    tron = Tron(HTTPProvider(url))
    genesis_key = PrivateKey(bytes.fromhex(printed[2].removeprefix("genesis private key ")))
    genesis = genesis_key.public_key.to_base58check_address()

    receipt = tron.trx.transfer(genesis, PrivateKey.random().public_key.to_base58check_address(), 1_000_000)

    assert printed[0].startswith(f"Tron devnet on {url}")
    assert genesis in printed[1]
    assert tron.get_account_balance(genesis) == 1_000_000_000
    assert receipt.build().sign(genesis_key).broadcast().wait(timeout=10, interval=0.1)["blockNumber"] >= 1
    assert state_path(tmp_path).is_file()
