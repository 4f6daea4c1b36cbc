"""Bulk imports through the API: bad rows reported and good rows applied, the same file twice changing nothing, and
a worker killed mid-import resuming where it stopped."""

import os
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from core.db import create_db_engine
from core.settings import Settings
from targeting.imports import process_import
from tests.conftest import LiveServer, new_tenant
from tests.integration.payouts.helpers import wait_for, worker_process

CSV = {"Content-Type": "text/csv"}


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(settings.effective_database_url)
    yield engine
    engine.dispose()


def upload(client: httpx.Client, auth: dict[str, str], kind: str, content: str | bytes) -> httpx.Response:
    body = content.encode() if isinstance(content, str) else content
    return client.post(f"/v1/imports/{kind}", content=body, headers={**auth, **CSV})


def balance(client: httpx.Client, auth: dict[str, str], member: str) -> int:
    return int(client.get(f"/v1/members/{member}/balance", headers=auth).json()["available"])


MEMBERS = (
    "external_id,display_name,points,city\nann,Ann,10,Oslo\n,Nobody,5,Rome\nbob,Bob,ten,Rome\ncat,,,\nann,,5,Bergen\n"
)


def test_members_import_applies_good_rows_and_reports_bad_ones(
    client: httpx.Client, auth: dict[str, str], engine: Engine
) -> None:
    queued = upload(client, auth, "members", MEMBERS)
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert (job["status"], job["rows"], job["done"]) == ("queued", 5, 0)
    process_import(engine, job["id"])
    done = client.get(f"/v1/imports/{job['id']}", headers=auth).json()
    assert (done["status"], done["done"], done["applied"], done["error_count"]) == ("done", 5, 3, 2)
    assert [e["row"] for e in done["errors"]] == [2, 3]
    assert "external_id" in done["errors"][0]["error"] and "ten" in done["errors"][1]["error"]
    ann = client.get("/v1/members/ann", headers=auth).json()
    assert ann["display_name"] == "Ann" and ann["attributes"] == {"city": "Bergen"}
    assert ann["balance"]["available"] == 15 and ann["balance"]["lifetime"] == 15
    assert client.get("/v1/members/cat", headers=auth).json()["attributes"] == {}
    assert client.get("/v1/members/bob", headers=auth).status_code == 404

    again = upload(client, auth, "members", MEMBERS)
    assert again.status_code == 200 and again.json()["id"] == job["id"]
    process_import(engine, job["id"])
    assert balance(client, auth, "ann") == 15


def test_points_import_adjusts_balances_never_below_zero(
    client: httpx.Client, auth: dict[str, str], engine: Engine
) -> None:
    process_import(engine, upload(client, auth, "members", "external_id,points\nann,10\n").json()["id"])
    points = "external_id,points,memo\nann,-4,fix\nann,-100,too much\nghost,5,\nann,0,\nann,2,bonus\n"
    job = upload(client, auth, "points", points).json()
    process_import(engine, job["id"])
    done = client.get(f"/v1/imports/{job['id']}", headers=auth).json()
    assert [e["row"] for e in done["errors"]] == [2, 3, 4]
    assert balance(client, auth, "ann") == 8
    ledger = client.get("/v1/members/ann/ledger", headers=auth).json()["items"]
    assert [(p["kind"], p["amount"], p["memo"]) for p in ledger[:2]] == [("adjust", 2, "bonus"), ("adjust", -4, "fix")]


def test_bad_uploads_are_refused(client: httpx.Client, auth: dict[str, str]) -> None:
    for kind, body in (
        ("members", b""),
        ("members", b"name,points\nx,1\n"),
        ("members", b"external_id,bad name\nx,1\n"),
        ("members", b"\xff\xfe\x00garbage"),
        ("points", b"external_id\nx\n"),
        ("points", b"external_id,points,extra\nx,1,2\n"),
        ("cards", b"external_id\nx\n"),
    ):
        response = upload(client, auth, kind, body)
        # An unknown kind is a 405: POST /v1/imports/<anything else> is the path of one import, which only GET reads.
        assert response.status_code in (405, 422), (kind, body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get("/v1/imports/imp_nothing", headers=auth).status_code == 404
    job = upload(client, auth, "members", "external_id\nz\n").json()
    assert client.get(f"/v1/imports/{job['id']}", headers=new_tenant(client, "Other")).status_code == 404


def wait_while_progressing(progress: Callable[[], dict[str, Any]], log: Path, stall_after: float = 60.0) -> None:
    """Wait for the import to finish for as long as it moves: a stall is `done` standing still, however slow a
    loaded machine makes the whole (speed is the benchmark's business, tests/bench/imports.py)."""
    last, moved = -1, time.monotonic()
    while (now := progress())["status"] != "done":
        if now["done"] != last:
            last, moved = int(now["done"]), time.monotonic()
        elif time.monotonic() - moved > stall_after:
            raise AssertionError(f"no progress for {stall_after:g} s at {last} rows:\n{log.read_text()[-5000:]}")
        time.sleep(0.5)


def test_a_worker_killed_mid_import_resumes_it(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    rows = 20_000
    broker = f"sqla+sqlite:///{settings.data_dir / f'broker-{secrets.token_hex(4)}.db'}"
    stack = settings.model_copy(update={"broker_url": broker, "broker_prefix": "", "evm_rpc_url": ""})
    content = "external_id,points,tier\n" + "".join(f"bulk-{i},1,t{i % 3}\n" for i in range(rows))
    log = tmp_path / "worker.log"
    with LiveServer(stack) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        auth = new_tenant(http)

        def progress() -> dict[str, Any]:
            return dict(http.get(f"/v1/imports/{job_id}", headers=auth).json())

        with worker_process(stack, log) as worker:
            started = time.monotonic()
            uploaded = upload(http, auth, "members", content)
            assert uploaded.status_code == 202, uploaded.text
            job_id = uploaded.json()["id"]
            wait_for(lambda: int(progress()["done"]) > 0, timeout=120, what=log.read_text)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        stopped = progress()
        assert stopped["status"] == "running" and 0 < int(stopped["done"]) < rows
        with worker_process(stack, log):
            wait_while_progressing(progress, log)
        print(f"import of {rows} members: {time.monotonic() - started:.1f} s including a worker restart")
        final = progress()
        assert (final["done"], final["applied"], final["error_count"]) == (rows, rows, 0)
        assert upload(http, auth, "members", content).status_code == 200
    with engine.connect() as conn:
        paid = conn.execute(
            text(
                "SELECT count(*), sum(amount) FROM ledger_postings p"
                " JOIN ledger_transactions t ON t.id = p.transaction_id"
                " WHERE t.idempotency_key LIKE :key AND p.amount > 0"
            ),
            {"key": f"import:{job_id}:%"},
        ).one()
    assert tuple(paid) == (rows, rows)
