// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title Laurel balance anchor
/// @notice One Merkle root per epoch over every member's balance in every program, so a member can prove a
/// balance against the chain without trusting Laurel's database. Leaves follow OpenZeppelin's conventions
/// (double-hashed, sorted pairs), so `verify` is MerkleProof itself.
contract BalanceAnchor is AccessControl {
    bytes32 public constant ANCHOR_ROLE = keccak256("ANCHOR_ROLE");

    /// @notice The root of each anchored epoch; zero when the epoch was never anchored.
    mapping(uint64 epoch => bytes32 root) public roots;

    event RootAnchored(uint64 indexed epoch, bytes32 root, uint256 leaves);

    /// @dev An epoch's root never changes once written.
    error EpochAnchored(uint64 epoch, bytes32 root);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Records `root` for `epoch`. Sending the same root again (a retried transaction) changes nothing.
    function anchor(uint64 epoch, bytes32 root, uint256 leaves) external onlyRole(ANCHOR_ROLE) {
        bytes32 known = roots[epoch];
        if (known == root) {
            return;
        }
        if (known != bytes32(0)) {
            revert EpochAnchored(epoch, known);
        }
        roots[epoch] = root;
        emit RootAnchored(epoch, root, leaves);
    }

    /// @notice Whether `leaf` is in the tree anchored for `epoch`.
    function verify(uint64 epoch, bytes32[] calldata proof, bytes32 leaf) external view returns (bool) {
        bytes32 root = roots[epoch];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
