"""The OpenAPI document is the truth: an independent property-based tester (schemathesis) drives every operation of a
live server, on SQLite and on PostgreSQL, authenticated with an admin API key, with every check it has, and finds
nothing — no 5xx, no status, content type, header or body the document does not declare, no request the document
allows that the server refuses, none it forbids that the server takes, and a 405 that lists `Allow`. The 422s it
tolerates to valid data, and why, are in `schemathesis.toml`.

Examples per operation are few and the seed is fixed, so the run is the same every time and short enough for CI.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.settings import Settings
from tests.conftest import LiveServer, new_tenant

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = int(os.environ.get("LAUREL_CONTRACT_EXAMPLES", "4"))


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[LiveServer]:
    """On each database of the `settings` fixture."""
    with LiveServer(settings) as live:
        yield live


def test_the_fuzzer_finds_nothing(server: LiveServer, tmp_path: Path) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        admin = new_tenant(http, "Contract")
    report = tmp_path / "schemathesis.txt"
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG), "run", f"{server.url}/openapi.json",
        "--header", f"Authorization: {admin['Authorization']}",
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", "20261204",
        "--workers", "2",
        "--no-color",
        "--request-timeout", "30",
        "--generation-database", "none",
    ]  # fmt: skip
    # Run where its crash cache (.schemathesis/) lands in the test's own directory, not in the checkout.
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path)
    report.write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
