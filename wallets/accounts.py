"""Ledger account names. Member accounts may never go below zero; the others are counter-accounts."""


def member_available(member_id: int) -> str:
    return f"member:{member_id}:available"


def member_pending(member_id: int) -> str:
    return f"member:{member_id}:pending"


def program_issued(program_id: int) -> str:
    return f"program:{program_id}:issued"


def payout_pending() -> str:
    """Points reserved by payouts whose transaction is not final yet."""
    return "payout:pending"


def payout_paid(chain: str) -> str:
    """Points that left the ledger as tokens on `chain`."""
    return f"payout:paid:{chain}"


def is_member_account(account: str) -> bool:
    return account.startswith("member:")
