"""Provable balances: every epoch a Merkle tree over every member's available balance in every program, its root
anchored on each configured chain by the `BalanceAnchor` contract, and each member's proof.

Owns the epochs, their leaves and the members' salts (`models.py`), the tree (`merkle.py`, OpenZeppelin's
conventions: double-hashed leaves, sorted pairs), building and anchoring epochs and reading proofs (`service.py`),
and checking a proof against a chain with nothing but the proof and an RPC URL (`verify.py`).

Reaches the chain only through chain/'s clients and transaction pipeline, and the ledger only by reading
balances; it must not import FastAPI, Celery, api/ or worker/, nor the packages of its own layer (loyalty,
notifications, people).
"""
