// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice A bare TRC-721 for the devnet tests: anyone may mint. Laurel ships no 721 of its own, so this
/// one proves that the devnet runs the standard. Its artifact is rebuilt by `node compile.js` beside it.
contract TestCollectible is ERC721 {
    constructor() ERC721("Test Collectible", "TCOL") {}

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
