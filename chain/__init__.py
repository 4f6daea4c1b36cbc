"""Chain access: the ChainClient protocol, its EVM and Tron adapters, transactions and local devnets.

May import contracts and core only; never the ledger (wallets) or anything above it.
"""
