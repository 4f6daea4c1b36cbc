"""Checking a member's balance proof against a chain with nothing but the proof (as `GET
/v1/members/{id}/proof` answers it) and the chain's RPC URL: no database, no Laurel server, no key."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from anchoring.merkle import leaf_hash, process_proof
from anchoring.service import roots_call
from chain.client import ChainClient
from chain.errors import ChainError


@dataclass(frozen=True)
class Verdict:
    leaf_matches: bool
    """The leaf is the hash of the values and salt the proof states."""
    proof_leads_to_root: bool
    on_chain_root: str | None
    """What the contract holds for the epoch (None when it could not be read)."""
    error: str | None = None

    @property
    def verified(self) -> bool:
        return self.leaf_matches and self.proof_leads_to_root and self.on_chain_root is not None and self.error is None


def _bytes(value: str) -> bytes:
    return bytes.fromhex(value.removeprefix("0x"))


def verify_proof(proof: Mapping[str, Any], client: ChainClient, contract: str) -> Verdict:
    """Recompute the leaf from the stated values, walk the proof up to the root, and compare with the root the
    BalanceAnchor at `contract` holds for the proof's epoch."""
    values = proof["values"]
    leaf = _bytes(proof["leaf"])
    root = _bytes(proof["root"])
    recomputed = leaf_hash(
        _bytes(proof["salt"]), values["tenant"], values["member"], values["program"], int(values["balance"])
    )
    reached = process_proof(leaf, [_bytes(node) for node in proof["proof"]])
    try:
        held = client.call(contract, roots_call(int(proof["epoch"])))[:32]
    except ChainError as exc:
        return Verdict(recomputed == leaf, reached == root, None, error=exc.detail)
    error = None if held == root else "the chain holds another root for this epoch (or none)"
    return Verdict(recomputed == leaf, reached == root, "0x" + held.hex(), error=error)
