"""`laurel backup` while events stream in, `laurel restore` elsewhere: the restored stack holds every event
acknowledged before the backup began, each with its points, the same addresses, and a seed it can still sign with."""

import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from sqlalchemy import text
from typer.testing import CliRunner

from api import cli
from core.db import engine_from_settings
from core.settings import Settings
from tests.conftest import ADMIN_TOKEN, PG_ADMIN_URL, LiveServer
from wallets.keystore import Chain, KeyStore, MasterKey


@pytest.fixture
def new_database() -> Iterator[list[str]]:
    """Makes fresh PostgreSQL databases on demand (append to the list it yields); drops them afterwards."""
    made: list[str] = []
    yield made
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url(made: list[str]) -> str:
    name = f"laurel_backup_{secrets.token_hex(5)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    made.append(name)
    return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+psycopg://")


def laurel(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli.app, list(args), env={**env, "COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_backup_taken_under_load_restores_elsewhere_with_the_same_balances_addresses_and_keys(
    backend: str, tmp_path: Path, new_database: list[str]
) -> None:
    env_a = {"LAUREL_DATA_DIR": str(tmp_path / "a"), "LAUREL_ADMIN_TOKEN": ADMIN_TOKEN}
    env_b = {"LAUREL_DATA_DIR": str(tmp_path / "b"), "LAUREL_ADMIN_TOKEN": ADMIN_TOKEN}
    if backend == "postgresql":  # production: a configured key; SQLite: the embedded key file travels along
        key = secrets.token_hex(32)
        env_a |= {"LAUREL_DATABASE_URL": database_url(new_database), "LAUREL_MASTER_KEY": key}
        env_b |= {"LAUREL_DATABASE_URL": database_url(new_database), "LAUREL_MASTER_KEY": key}
    settings_a = Settings(**{k.removeprefix("LAUREL_").lower(): v for k, v in env_a.items()})
    settings_b = Settings(**{k.removeprefix("LAUREL_").lower(): v for k, v in env_b.items()})
    acknowledged: list[str] = []
    stop = threading.Event()

    with LiveServer(settings_a) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        created = http.post("/v1/tenants", json={"name": "Shop"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        auth = {"Authorization": f"Bearer {created.json()['api_key']}"}
        assert http.post("/v1/rules", json={"key": "visit", "event_type": "visit", "points": "1"}, headers=auth)
        original = http.post("/v1/members", json={"external_id": "m0"}, headers=auth).json()["wallets"]

        def stream() -> None:
            with httpx.Client(base_url=server.url, timeout=30) as client:
                i = 0
                while not stop.is_set():
                    event = {"id": f"ev-{i}", "member": f"m{i % 5}", "type": "visit"}
                    if client.post("/v1/events", json=event, headers=auth).status_code == 201:
                        acknowledged.append(event["id"])
                    i += 1

        loader = threading.Thread(target=stream)
        loader.start()
        try:
            while len(acknowledged) < 50:
                stop.wait(0.05)
            before = list(acknowledged)
            laurel(env_a, "backup", str(tmp_path / "laurel.backup"))
            during = len(acknowledged) - len(before)
        finally:
            stop.set()
            loader.join()

    laurel(env_b, "restore", str(tmp_path / "laurel.backup"))

    with LiveServer(settings_b) as server, httpx.Client(base_url=server.url, timeout=30, headers=auth) as http:
        restored = http.get("/v1/members/m0").json()["wallets"]
        points = sum(http.get(f"/v1/members/m{i}/balance").json()["available"] for i in range(5))
    engine = engine_from_settings(settings_b)
    with engine.connect() as connection:
        ids = set(connection.execute(text("SELECT event_id FROM events")).scalars())
    restored_key = KeyStore(MasterKey.from_settings(settings_b), engine).treasury_key(Chain.EVM)
    engine.dispose()
    engine = engine_from_settings(settings_a)
    original_key = KeyStore(MasterKey.from_settings(settings_a), engine).treasury_key(Chain.EVM)
    engine.dispose()
    signed = Account.sign_message(encode_defunct(text="restored"), restored_key)

    assert during > 0  # events kept arriving while the backup ran
    assert restored == original
    assert set(before) <= ids  # every event acknowledged before the backup began
    assert points == len(ids)  # each restored event with its point, none without
    assert Account.recover_message(encode_defunct(text="restored"), signature=signed.signature) == (
        Account.from_key(original_key).address
    )
