"""The committed artifacts are exactly what the pinned compiler makes of the committed sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contracts.artifacts import BUILD_DIR, REPO_ROOT, ArtifactNotFound, build_artifacts, load_artifact

requires_solc = pytest.mark.skipif(
    not (REPO_ROOT / "node_modules" / "solc").is_dir() or shutil.which("node") is None,
    reason="node_modules/solc or node is absent; run `npm ci` at the repository root",
)


@requires_solc
def test_rebuilt_artifacts_are_byte_identical_to_committed(tmp_path: Path) -> None:
    written = build_artifacts(tmp_path)

    assert sorted(p.name for p in written) == sorted(p.name for p in BUILD_DIR.glob("*.json"))
    for rebuilt in written:
        assert rebuilt.read_bytes() == (BUILD_DIR / rebuilt.name).read_bytes(), (
            f"{rebuilt.name} is stale: run `node contracts/build.js` and commit contracts/build/"
        )


@pytest.mark.parametrize("name", ["RewardToken", "BadgeToken"])
def test_committed_artifact_loads_with_abi_and_bytecode(name: str) -> None:
    artifact = load_artifact(name)

    assert artifact.bytecode.startswith("0x") and len(artifact.bytecode) > 2
    assert {"mint", "mintBatch", "grantRole"} <= {e.get("name") for e in artifact.abi}


def test_unknown_artifact_names_the_ones_that_exist() -> None:
    with pytest.raises(ArtifactNotFound, match="RewardToken"):
        load_artifact("NoSuchToken")
