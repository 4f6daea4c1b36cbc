"""A local anvil node: the EVM chain of `laurel up`, `laurel devnet evm` and the integration tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from eth_account import Account

from core.processes import spawn_child

ANVIL_BIN_ENV = "LAUREL_ANVIL_BIN"
REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGED_ANVIL = REPO_ROOT / "node_modules" / "@foundry-rs" / "anvil-linux-amd64" / "bin" / "anvil"
DEFAULT_CHAIN_ID = 31337
DEFAULT_GENESIS_BALANCE_WEI = 1_000_000 * 10**18
STATE_FILE = "anvil-state.json"
LOG_FILE = "anvil.log"


class DevnetError(RuntimeError):
    """The devnet could not be started or did not answer as expected."""


def find_anvil_binary(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the anvil executable: `override`, else $LAUREL_ANVIL_BIN, else the npm package's binary.

    The environment variable is read here, not only in settings, so that the tests and the CLI find the
    same binary without building a settings object.
    """
    chosen = override or os.environ.get(ANVIL_BIN_ENV)
    path = Path(chosen) if chosen else PACKAGED_ANVIL
    if not (path.is_file() and os.access(path, os.X_OK)):
        hint = f"set {ANVIL_BIN_ENV}" if chosen else "run `npm ci` at the repository root"
        raise DevnetError(f"no executable anvil at {path}; {hint}")
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now (the OS may hand it out again later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class AnvilDevnet:
    """One anvil process with a single funded genesis account.

    anvil's ten well-known dev accounts are switched off (`--accounts 0`): the genesis key, given or freshly
    generated, is the only holder of coins, as on the Tron devnet. With a `state_dir` the chain is saved to
    `anvil-state.json` there (on exit and every `state_interval` seconds) and reloaded on the next start, so
    deployed contracts survive a restart; without one the chain lives in memory only.
    """

    def __init__(
        self,
        *,
        port: int,
        chain_id: int = DEFAULT_CHAIN_ID,
        host: str = "127.0.0.1",
        state_dir: Path | None = None,
        genesis_key: str | None = None,
        genesis_balance_wei: int = DEFAULT_GENESIS_BALANCE_WEI,
        block_time: float | None = None,
        gas_limit: int | None = None,
        state_interval: int = 10,
        binary: Path | None = None,
        startup_timeout: float = 30.0,
        supervised: bool = False,
    ) -> None:
        self.port = port
        self.chain_id = chain_id
        self.host = host
        self.state_dir = state_dir
        self.genesis_key = genesis_key or "0x" + bytes(Account.create().key).hex()
        self.genesis_address: str = Account.from_key(self.genesis_key).address
        self.genesis_balance_wei = genesis_balance_wei
        self.block_time = block_time
        self.gas_limit = gas_limit  # the block gas limit; anvil's own (30M) when None
        self.state_interval = state_interval
        self.binary = binary
        self.startup_timeout = startup_timeout
        self.supervised = supervised  # run as a child of `laurel up` (core.processes.spawn_child)
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        """How the process ended; None while it runs (or before it started)."""
        return self._process.poll() if self._process is not None else None

    def command(self) -> list[str]:
        """The anvil command line this devnet runs."""
        cmd = [
            str(find_anvil_binary(self.binary)),
            "--host", self.host,
            "--port", str(self.port),
            "--chain-id", str(self.chain_id),
            "--accounts", "0",
        ]  # fmt: skip
        if self.block_time is not None:
            cmd += ["--block-time", str(self.block_time)]
        if self.gas_limit is not None:
            cmd += ["--gas-limit", str(self.gas_limit)]
        if self.state_dir is not None:
            cmd += ["--state", str(self.state_dir / STATE_FILE), "--state-interval", str(self.state_interval)]
        return cmd

    def start(self) -> None:
        """Start anvil, wait until it answers JSON-RPC, and fund the genesis account if it holds nothing."""
        if self.running:
            return
        cmd = self.command()
        self._ensure_port_free()
        if self.state_dir is not None:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            self._log = open(self.state_dir / LOG_FILE, "a+b")  # noqa: SIM115 - closed in stop()
        else:
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        if self.supervised:
            self._process = spawn_child(cmd, log=self._log)
        else:
            self._process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_ready(self._process)
            # Only an empty account is topped up: on a restart from saved state the genesis account keeps
            # whatever it has left rather than being refilled.
            if int(self.rpc("eth_getBalance", [self.genesis_address, "latest"]), 16) == 0:
                self.set_balance(self.genesis_address, self.genesis_balance_wei)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop anvil (SIGTERM lets it write its state file) and release its log."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """Stop anvil at once (SIGKILL); its state is what it last saved."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self.stop()

    def rpc(self, method: str, params: list[Any] | None = None, timeout: float = 10.0) -> Any:
        """Call one JSON-RPC method and return its result."""
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
        # self.url is always http://host:port, built in this class, so urlopen meets no other scheme.
        headers = {"Content-Type": "application/json"}
        request = urllib.request.Request(self.url, data=body, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.loads(response.read())
        if "error" in answer:
            raise DevnetError(f"{method} failed: {answer['error']}")
        return answer["result"]

    def set_balance(self, address: str, wei: int) -> None:
        """Set an account's coin balance (anvil's cheat RPC; a devnet has no faucet)."""
        self.rpc("anvil_setBalance", [address, hex(wei)])

    def _ensure_port_free(self) -> None:
        # Otherwise another node already on the port would answer our readiness probe while our anvil dies.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            # As anvil binds (SO_REUSEADDR): a restart on the same port must not trip over TIME_WAIT sockets.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((self.host, self.port))
            except OSError as exc:
                raise DevnetError(f"{self.host}:{self.port} is already in use") from exc

    def _wait_until_ready(self, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if process.poll() is not None:
                raise DevnetError(f"anvil exited with {process.returncode}: {self._log_tail()}")
            try:
                chain_id = int(self.rpc("eth_chainId", timeout=1.0), 16)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    waited = f"anvil did not answer on {self.url} within {self.startup_timeout}s"
                    raise DevnetError(f"{waited}: {self._log_tail()}") from None
                time.sleep(0.05)
                continue
            if chain_id != self.chain_id:
                raise DevnetError(f"anvil on {self.url} reports chain id {chain_id}, expected {self.chain_id}")
            return

    def _log_tail(self, limit: int = 2000) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0, os.SEEK_END)
        size = self._log.tell()
        self._log.seek(max(0, size - limit))
        return self._log.read().decode(errors="replace").strip()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
