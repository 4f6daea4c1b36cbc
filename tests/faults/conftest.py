"""Real processes to break: the API in a process of its own (to SIGKILL), and a PostgreSQL of our own (to restart)."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
import redis
from sqlalchemy import text

from core.db import create_db_engine
from tests.conftest import ADMIN_TOKEN, MASTER_KEY, free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class ApiProcess:
    """`uvicorn api.asgi:app` configured only by LAUREL_* variables; `kill` is a SIGKILL, `start` starts it again."""

    def __init__(self, data_dir: Path, database_url: str = "") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        base = {k: v for k, v in os.environ.items() if not k.startswith("LAUREL_")}
        self.env = base | {
            "LAUREL_DATA_DIR": str(data_dir),
            "LAUREL_DATABASE_URL": database_url,
            "LAUREL_ADMIN_TOKEN": ADMIN_TOKEN,
            "LAUREL_MASTER_KEY": MASTER_KEY,
            "LAUREL_LOG_LEVEL": "WARNING",
        }
        self.log = data_dir / "api.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            command = [sys.executable, "-m", "uvicorn", "api.asgi:app", "--port", str(self.port), "--no-access-log"]
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/livez", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the API did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def api_process(data_dir: Path, database_url: str = "") -> Iterator[ApiProcess]:
    api = ApiProcess(data_dir, database_url)
    api.start()
    try:
        yield api
    finally:
        api.stop()


@dataclass
class OwnPostgres:
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/laurel"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *args],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-o", options, "-l", str(self.directory / "postgres.log"), "-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    """A PostgreSQL instance of this test's own (initdb into a temp dir, another port), to stop and start at will."""
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("no PostgreSQL server binaries to start an instance of our own")
    directory = Path(tempfile.mkdtemp(prefix="laurel-pg-"))
    shutil.chown(directory, "postgres", "postgres")
    subprocess.run(
        ["runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(directory / "data"), "--auth=trust",
         "-U", "postgres"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = OwnPostgres(directory, free_port())
    server.start()
    try:
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{server.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE laurel")
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def new_tenant_with_rule(url: str) -> tuple[str, dict[str, str]]:
    """A tenant whose every `visit` is worth one point, so a member's points count the events stored for them."""
    with httpx.Client(base_url=url, timeout=60) as http:
        created = http.post("/v1/tenants", json={"name": "Faults"}, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        auth = {"Authorization": f"Bearer {created.json()['api_key']}"}
        answer = http.post("/v1/rules", json={"key": "visit", "event_type": "visit", "points": "1"}, headers=auth)
        assert answer.status_code == 201, answer.text
    return created.json()["id"], auth


MEMBERS = 20


def batch(prefix: str, size: int) -> list[dict[str, str]]:
    return [{"id": f"{prefix}-{i}", "member": f"m{i % MEMBERS}", "type": "visit"} for i in range(size)]


def stored_events_and_points(url: str, database_url: str, tenant_id: str, auth: dict[str, str]) -> tuple[int, int]:
    """How many events the tenant has stored, and how many points its members hold (one per event)."""
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection:
            query = text("SELECT count(*) FROM events WHERE tenant_id = :tenant")
            events = int(connection.execute(query, {"tenant": tenant_id}).scalar_one())
    finally:
        engine.dispose()
    with httpx.Client(base_url=url, timeout=60, headers=auth) as http:
        points = 0
        for i in range(MEMBERS):
            answer = http.get(f"/v1/members/m{i}/balance")
            points += answer.json()["available"] if answer.status_code == 200 else 0
    return events, points


class OwnRedis:
    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, cwd=self.directory, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # a crash: nothing kept (no persistence configured)
            self.process.wait()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()
