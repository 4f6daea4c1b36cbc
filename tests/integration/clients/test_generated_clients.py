"""The SDKs in clients/ are what `make clients` makes from the app's current OpenAPI document."""

import filecmp
import subprocess
import sys
from pathlib import Path

from tests.integration.clients.conftest import CLIENTS


def differences(ours: Path, fresh: Path) -> list[str]:
    if ours.is_file() or fresh.is_file():
        return [] if ours.is_file() and fresh.is_file() and filecmp.cmp(ours, fresh, shallow=False) else [str(ours)]
    found: list[str] = []
    names = {p.name for p in ours.iterdir() if p.name != "__pycache__"} | {p.name for p in fresh.iterdir()}
    for name in sorted(names):
        found += differences(ours / name, fresh / name)
    return found


def test_the_sdks_are_generated_from_the_current_document(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(CLIENTS / "generate.py"), str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    stale = [
        path
        for generated in ("openapi.json", "python/laurel_api", "typescript/src/schema.d.ts")
        for path in differences(CLIENTS / generated, tmp_path / generated)
    ]
    assert not stale, f"stale SDK files (run `make clients`): {stale[:10]}"
