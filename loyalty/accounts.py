"""Ledger accounts the loyalty mechanics post to, beside the member and program accounts of `wallets.accounts`."""


def rewards_redeemed(program_id: int) -> str:
    """Points members spent in the rewards catalog (credited here, debited from the member)."""
    return f"program:{program_id}:redeemed"
