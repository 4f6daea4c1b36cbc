"""Load the committed contract artifacts (`contracts/build/<Name>.json`) and rebuild them with solc-js."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONTRACTS_DIR = Path(__file__).resolve().parent
BUILD_DIR = CONTRACTS_DIR / "build"
REPO_ROOT = CONTRACTS_DIR.parent
BUILD_SCRIPT = CONTRACTS_DIR / "build.js"


class ArtifactNotFound(LookupError):
    """No compiled artifact of that name in the build directory."""


class ContractBuildError(RuntimeError):
    """The node build step failed; the message carries the compiler's output."""


@dataclass(frozen=True)
class Artifact:
    """A compiled contract: what web3 needs to deploy it and talk to it."""

    name: str
    abi: list[dict[str, Any]]
    bytecode: str


def load_artifact(name: str, build_dir: Path = BUILD_DIR) -> Artifact:
    """Read `<build_dir>/<name>.json`, e.g. `load_artifact("RewardToken")`."""
    path = build_dir / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in build_dir.glob("*.json"))
        raise ArtifactNotFound(f"no artifact {name!r} in {build_dir} (have: {', '.join(known) or 'none'})")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Artifact(name=name, abi=data["abi"], bytecode=data["bytecode"])


def build_artifacts(out_dir: Path = BUILD_DIR, node: str = "node") -> list[Path]:
    """Compile contracts/src with the solc-js pinned in package-lock.json into `out_dir`.

    Needs `npm ci` to have been run at the repo root. Returns the artifact files written.
    """
    node_bin = shutil.which(node)
    if node_bin is None:
        raise ContractBuildError(f"{node!r} not found on PATH; the contract build runs on Node.js")
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [node_bin, str(BUILD_SCRIPT), "--out", str(out_dir)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ContractBuildError(result.stderr.strip() or f"node exited with {result.returncode}")
    return [Path(line) for line in result.stdout.splitlines() if line]
