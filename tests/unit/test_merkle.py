"""The balance tree's conventions, without a chain: the on-chain check against OpenZeppelin's MerkleProof is in
tests/integration/payouts/test_anchoring.py."""

import pytest
from eth_hash.auto import keccak

from anchoring.merkle import MerkleTree, leaf_hash, process_proof


def leaves(count: int) -> list[bytes]:
    return [leaf_hash(bytes([n]) * 32, "tenant", f"member-{n}", "default", n * 10) for n in range(count)]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 33])
def test_every_leaf_proves_its_way_to_the_root(count: int) -> None:
    tree = MerkleTree(leaves(count))

    assert all(process_proof(leaf, tree.proof(leaf)) == tree.root for leaf in leaves(count))


def test_the_root_does_not_depend_on_the_order_of_the_leaves() -> None:
    assert MerkleTree(leaves(9)).root == MerkleTree(list(reversed(leaves(9)))).root


def test_pairs_are_hashed_sorted_and_leaves_twice() -> None:
    a, b = leaves(2)
    assert MerkleTree([a, b]).root == keccak(min(a, b) + max(a, b))
    single = leaf_hash(bytes(32), "t", "m", "p", 1)
    assert single != keccak(single) and MerkleTree([single]).proof(single) == []


def test_another_balance_or_salt_is_another_leaf() -> None:
    salt = bytes(range(32))
    leaf = leaf_hash(salt, "t", "alice", "default", 100)

    assert leaf != leaf_hash(salt, "t", "alice", "default", 101)
    assert leaf != leaf_hash(bytes(32), "t", "alice", "default", 100)
    with pytest.raises(KeyError):
        MerkleTree(leaves(4)).proof(leaf)
