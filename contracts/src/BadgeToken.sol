// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// @title Laurel badge token
/// @notice Soulbound ERC-1155 badges: one token id per badge, minted to a member and never transferable.
/// A badge says what its holder did, so it must not be sold or given away.
contract BadgeToken is ERC1155, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @dev `to` and `ids` of a batch must pair up one to one.
    error LengthMismatch(uint256 recipients, uint256 ids);
    /// @dev Raised by any move of a badge between two holders.
    error Soulbound(address from, address to);

    /// @param uri_ Metadata URI with the ERC-1155 `{id}` placeholder.
    /// @param admin Holds the admin role; it grants MINTER_ROLE to the payout key.
    constructor(string memory uri_, address admin) ERC1155(uri_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function mint(address to, uint256 id) external onlyRole(MINTER_ROLE) {
        _mint(to, id, 1, "");
    }

    /// @notice Mints one of `ids[i]` to `to[i]` for every i; one TransferSingle event per recipient.
    function mintBatch(address[] calldata to, uint256[] calldata ids) external onlyRole(MINTER_ROLE) {
        if (to.length != ids.length) {
            revert LengthMismatch(to.length, ids.length);
        }
        for (uint256 i = 0; i < to.length; ++i) {
            _mint(to[i], ids[i], 1, "");
        }
    }

    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC1155, AccessControl)
        returns (bool)
    {
        return super.supportsInterface(interfaceId);
    }

    /// @dev Minting (from zero) and burning (to zero) pass; everything else is a transfer and reverts.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values)
        internal
        override
    {
        if (from != address(0) && to != address(0)) {
            revert Soulbound(from, to);
        }
        super._update(from, to, ids, values);
    }
}
