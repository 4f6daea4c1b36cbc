"""The off-chain ledger (the source of truth for every balance), programs and their currencies, custody."""
