"""The devnet as a server: `serve` for `laurel devnet tron`, `DevnetServer` for `laurel up` and the tests."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from chain.tron_devnet.addresses import to_base58
from chain.tron_devnet.http import create_app
from chain.tron_devnet.node import TronDevnet

STATE_FILE = "tron-devnet.sqlite3"
DEFAULT_BLOCK_INTERVAL = 3.0
STARTUP_TIMEOUT = 10.0


def state_path(data_dir: Path) -> Path:
    """Where a devnet keeps its chain under a data dir (LAUREL_DATA_DIR)."""
    return data_dir / STATE_FILE


def serve(
    port: int,
    genesis_key: bytes | None = None,
    data_dir: Path | None = None,
    *,
    host: str = "127.0.0.1",
    block_interval: float = DEFAULT_BLOCK_INTERVAL,
) -> None:
    """Run a devnet on host:port until interrupted; its chain is kept under `data_dir` when one is given.

    Prints the URL and the genesis account, and the genesis private key when it was generated here.
    """
    devnet = TronDevnet(genesis_key, block_interval, state_path(data_dir) if data_dir else None)
    where = f"state in {state_path(data_dir)}" if data_dir else "state in memory"
    print(f"Tron devnet on http://{host}:{port} (a block every {block_interval:g} s, {where})", flush=True)
    print(f"genesis account {to_base58(devnet.genesis_address)} ({devnet.genesis_address.hex()})", flush=True)
    if devnet.generated_genesis_key is not None:
        print(f"genesis private key {devnet.generated_genesis_key.hex()}", flush=True)
    devnet.start()
    try:
        uvicorn.run(create_app(devnet), host=host, port=port, log_level="warning")
    finally:
        devnet.close()


class DevnetServer:
    """Serves a devnet's HTTP API from a background thread; `stop` shuts the server and closes the devnet.

    `port=0` lets the OS choose a free port; `url` tells which one it was.
    """

    def __init__(self, devnet: TronDevnet, host: str = "127.0.0.1", port: int = 0) -> None:
        self.devnet = devnet
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(create_app(devnet), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="tron-devnet-http", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> DevnetServer:
        self.devnet.start()
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the Tron devnet did not start serving on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join()
        self._socket.close()
        self.devnet.close()

    def __enter__(self) -> DevnetServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
