"""Fixtures that start real services: a fresh PostgreSQL database or SQLite file, and the API under uvicorn."""

import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from sqlalchemy import Engine, delete

from api.app import create_app
from chain.models import ChainIdentity
from core.db import unit_of_work
from core.settings import Settings

PG_ADMIN_URL = os.environ.get("LAUREL_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ADMIN_TOKEN = "test-admin-token"
# One per test process: the PostgreSQL database outlives a module, and its sealed seed needs the same key.
MASTER_KEY = secrets.token_hex(32)
# Test webhook receivers listen on loopback over plain http: the operator's switches that allow exactly that.
LOCAL_RECEIVERS: dict[str, object] = {"allow_http_webhooks": True, "webhook_allow_networks": "127.0.0.0/8"}


@contextmanager
def own_pg_database() -> Iterator[str]:
    """A database of its own on the machine's PostgreSQL, dropped afterwards."""
    name = f"laurel_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://")
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """The test process's PostgreSQL database, shared by its modules."""
    with own_pg_database() as url:
        yield url


def make_settings(
    backend: str, data_dir: Path, request: pytest.FixtureRequest, database_url: str = "", **extra: object
) -> Settings:
    """`database_url` names a PostgreSQL database of the caller's own, else the test process's shared one."""
    url = (database_url or request.getfixturevalue("pg_database_url")) if backend == "postgresql" else ""
    return Settings(
        data_dir=data_dir,
        database_url=url,
        admin_token=ADMIN_TOKEN,
        master_key=MASTER_KEY,
        log_level="WARNING",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(request.param, tmp_path_factory.mktemp(f"laurel-{request.param}"), request)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The real app under uvicorn in a background thread, on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(settings) as server:
        yield server


@pytest.fixture()
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        yield http


def new_tenant(client: httpx.Client, name: str = "Acme") -> dict[str, str]:
    response = client.post("/v1/tenants", json={"name": name}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['api_key']}"}


@pytest.fixture()
def auth(client: httpx.Client) -> dict[str, str]:
    """Headers carrying a fresh tenant's admin key: each test sees only its own tenant's data."""
    return new_tenant(client)


def health_with_chains(url: str, timeout: float = 30.0) -> httpx.Response:
    """GET /healthz once the API's background watch has read the chains (a request never waits on them)."""
    deadline = time.monotonic() + timeout
    while True:
        answer = httpx.get(f"{url}/healthz", timeout=30)
        if answer.json().get("chains") or time.monotonic() > deadline:
            return answer
        time.sleep(0.05)


def forget_chain_identities(engine: Engine) -> None:
    """A test's new devnet is a new chain: forget the genesis that an earlier module's devnet left recorded in the
    shared database, or health would report this one as another chain than the recorded one."""
    with unit_of_work(engine) as session:
        session.execute(delete(ChainIdentity))
