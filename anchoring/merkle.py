"""A Merkle tree with OpenZeppelin's conventions, so `MerkleProof.verify` on chain accepts its proofs.

A leaf is `keccak256(keccak256(abi.encode(values)))` (hashed twice, so no leaf can pass for an inner node); a
parent is the hash of its two children in sorted order, so a proof needs no left/right flags. Leaves are sorted
by hash before the tree is built, so the same balances always give the same root; an odd node at the end of a
level moves up unchanged.
"""

from collections.abc import Sequence

from eth_abi.abi import encode as abi_encode
from eth_hash.auto import keccak

LEAF_TYPES = ("bytes32", "string", "string", "string", "uint256")
"""salt, tenant id, member external id, program key, available balance."""


def leaf_hash(salt: bytes, tenant_id: str, member: str, program: str, balance: int) -> bytes:
    return keccak(keccak(abi_encode(list(LEAF_TYPES), [salt, tenant_id, member, program, balance])))


def _parent(a: bytes, b: bytes) -> bytes:
    return keccak(a + b) if a < b else keccak(b + a)


class MerkleTree:
    """Built once from its leaves; answers the root and any leaf's proof."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        if not leaves:
            raise ValueError("a Merkle tree needs at least one leaf")
        self.levels: list[list[bytes]] = [sorted(leaves)]
        while len(self.levels[-1]) > 1:
            level = self.levels[-1]
            self.levels.append(
                [_parent(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
            )

    @property
    def root(self) -> bytes:
        return self.levels[-1][0]

    def proof(self, leaf: bytes) -> list[bytes]:
        """The sibling hashes from `leaf` up to the root; raises KeyError for a leaf not in the tree."""
        index = _find(self.levels[0], leaf)
        proof = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                proof.append(level[sibling])
            index //= 2
        return proof


def _find(sorted_leaves: list[bytes], leaf: bytes) -> int:
    low, high = 0, len(sorted_leaves)
    while low < high:
        middle = (low + high) // 2
        if sorted_leaves[middle] < leaf:
            low = middle + 1
        else:
            high = middle
    if low == len(sorted_leaves) or sorted_leaves[low] != leaf:
        raise KeyError(leaf.hex())
    return low


def process_proof(leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root `proof` leads to from `leaf`: what `MerkleProof.processProof` computes."""
    node = leaf
    for sibling in proof:
        node = _parent(node, sibling)
    return node
