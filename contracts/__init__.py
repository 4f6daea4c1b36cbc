"""Laurel's Solidity contracts: committed ABI/bytecode artifacts, the pinned build step and deployment.

May import core only.
"""

from contracts.artifacts import Artifact, ArtifactNotFound, ContractBuildError, build_artifacts, load_artifact

__all__ = ["Artifact", "ArtifactNotFound", "ContractBuildError", "build_artifacts", "load_artifact"]
