// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";

/// @title Laurel reward token
/// @notice The on-chain form of a program's points. Laurel's ledger stays the source of truth; this
/// token only receives what a payout moved out of it, usually many payouts in one `mintBatch`.
contract RewardToken is ERC20Pausable, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    uint8 private immutable _decimals;

    /// @dev `to` and `amounts` of a batch must pair up one to one.
    error LengthMismatch(uint256 recipients, uint256 amounts);

    /// @dev Storage slots of OpenZeppelin ERC20's private `_balances` and `_totalSupply` (its first and third state
    /// variables), which `mintPacked` writes directly; tests/integration/contracts/test_tokens_on_anvil.py reads
    /// them back through balanceOf and totalSupply, so an OpenZeppelin upgrade that moves them fails a test.
    uint256 private constant BALANCES_SLOT = 0;
    uint256 private constant TOTAL_SUPPLY_SLOT = 2;
    bytes32 private constant TRANSFER_EVENT = keccak256("Transfer(address,address,uint256)");

    /// @param admin Holds the admin and pauser roles; it grants MINTER_ROLE to the payout key.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address admin)
        ERC20(name_, symbol_)
    {
        _decimals = decimals_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Mints `amounts[i]` to `to[i]` for every i; one Transfer event per recipient.
    function mintBatch(address[] calldata to, uint256[] calldata amounts) external onlyRole(MINTER_ROLE) {
        if (to.length != amounts.length) {
            revert LengthMismatch(to.length, amounts.length);
        }
        for (uint256 i = 0; i < to.length; ++i) {
            _mint(to[i], amounts[i]);
        }
    }

    /// @notice Mints to many recipients with half the calldata of `mintBatch` and without its per-recipient
    /// bookkeeping: each word is `amount << 160 | recipient` (amount below 2**96). The same effects as `mint` per
    /// word, in order: the balance, one Transfer event from address(0), and the total supply (added once at the end,
    /// checked). Reverts like `_mint` on the zero address and while paused.
    function mintPacked(uint256[] calldata packed) external onlyRole(MINTER_ROLE) whenNotPaused {
        uint256 total;
        bytes32 transferEvent = TRANSFER_EVENT;
        assembly ("memory-safe") {
            let end := add(packed.offset, shl(5, packed.length))
            for { let p := packed.offset } lt(p, end) { p := add(p, 32) } {
                let word := calldataload(p)
                let to := and(word, 0xffffffffffffffffffffffffffffffffffffffff)
                let amount := shr(160, word)
                if iszero(to) {
                    mstore(0x00, 0xec442f0500000000000000000000000000000000000000000000000000000000) // ERC20InvalidReceiver(address)
                    mstore(0x04, 0)
                    revert(0x00, 0x24)
                }
                mstore(0x00, to)
                mstore(0x20, BALANCES_SLOT)
                let slot := keccak256(0x00, 0x40)
                sstore(slot, add(sload(slot), amount))
                mstore(0x00, amount)
                log3(0x00, 0x20, transferEvent, 0, to)
                total := add(total, amount)
            }
        }
        // Each amount is below 2**96 and a balance never exceeds the supply, so only the supply can overflow.
        uint256 supply;
        assembly ("memory-safe") {
            supply := sload(TOTAL_SUPPLY_SLOT)
        }
        uint256 newSupply = supply + total;
        assembly ("memory-safe") {
            sstore(TOTAL_SUPPLY_SLOT, newSupply)
        }
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }
}
