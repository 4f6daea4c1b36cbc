"""Chain access: the ChainClient protocol, its EVM and Tron adapters, transactions and local devnets."""
