"""Laurel's own Tron devnet: a small, real Tron node speaking the HTTP API that tronpy uses.

It takes transactions as Tron protobuf, checks their signatures against the owner address, keeps
accounts, TRX, blocks and receipts, and runs TRC-20/721/1155 contracts on an EVM with Tron's address rules.
"""

from chain.tron_devnet.http import create_app
from chain.tron_devnet.node import ChainParameters, TronDevnet
from chain.tron_devnet.server import DevnetServer, serve, state_path

__all__ = ["ChainParameters", "DevnetServer", "TronDevnet", "create_app", "serve", "state_path"]
