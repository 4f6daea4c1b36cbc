"""Local development chains that Laurel starts itself: anvil for EVM, its own node for Tron."""
