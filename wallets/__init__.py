"""The off-chain ledger (the source of truth for every balance), programs and their currencies, custody, payouts.

May import chain, contracts and core; never the engine, targeting, loyalty, notifications, api or worker
(settlement and replacement hooks let the worker wire notices in).
"""
