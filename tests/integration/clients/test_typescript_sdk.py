"""The README's tour through the TypeScript SDK (clients/typescript), compiled with the repo's TypeScript and run
by node against a live Laurel, its events sent through the same flaky front as the Python SDK's."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ADMIN_TOKEN, LiveServer
from tests.integration.clients.conftest import CLIENTS, FlakyFront

ROOT = CLIENTS.parent
TYPESCRIPT = CLIENTS / "typescript"


@pytest.fixture(scope="module")
def tour_script() -> Path:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / ".bin" / "tsc").exists():
        pytest.fail("node and node_modules are needed: make setup")
    build = subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "tsc"), "-p", str(TYPESCRIPT)], capture_output=True, text=True
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return TYPESCRIPT / "dist" / "examples" / "tour.js"


def test_the_tour_through_the_typescript_sdk(tour_script: Path, laurel: LiveServer, front: FlakyFront) -> None:
    front.faults = [(503, False), (429, False), (502, True)]  # the first event: twice refused, then its answer lost
    args = {"url": laurel.url, "front": front.url, "admin_token": ADMIN_TOKEN}
    run = subprocess.run(["node", str(tour_script), json.dumps(args)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)

    assert (seen["program"]["key"], seen["program"]["status"]) == ("summer", "active")
    assert front.seen.count("POST /v1/events") == 6  # 4 for order-1, then order-2 and the replay of order-1
    assert seen["first"]["effects"]["points"] == 20
    assert [badge["key"] for badge in seen["second"]["effects"]["badges"]] == ["regular"]
    assert seen["replay"]["effects"] == seen["first"]["effects"]
    assert (seen["balance"]["available"], seen["balance"]["lifetime"]) == (30, 30)
    badges = {badge["key"]: badge for badge in seen["badges"]}
    assert badges["regular"]["awarded"]
    assert (badges["big"]["awarded"], badges["big"]["progress"], badges["big"]["max_progress"]) == (False, 600, 10_000)
    assert len({posting["id"] for posting in seen["postings"]}) == 2
    assert seen["refused"]["status"] == 422
    assert seen["checks"] == ["genuine", "tampered refused"]
