"""Ledger account names. Member accounts may never go below zero; the others are counter-accounts."""


def member_available(member_id: int) -> str:
    return f"member:{member_id}:available"


def member_pending(member_id: int) -> str:
    return f"member:{member_id}:pending"


def member_debt(member_id: int) -> str:
    """What a member owes after a return took back points already spent: a negative balance, paid off first from
    the next points that become available. Not a `member:` account, so it may go below zero."""
    return f"{DEBT_PREFIX}{member_id}:debt"


def program_issued(program_id: int) -> str:
    return f"program:{program_id}:issued"


def payout_pending() -> str:
    """Points reserved by payouts whose transaction is not final yet."""
    return "payout:pending"


def payout_paid(chain: str) -> str:
    """Points that left the ledger as tokens on `chain`."""
    return f"payout:paid:{chain}"


def member_allowance(member_id: int, month: str) -> str:
    """A member's giving allowance for one month (`YYYY-MM` in the program's zone): spent only on recognitions of
    others, never redeemable, so it is not a `member:` account and counts in no balance or liability."""
    return f"allowance:{member_id}:{month}"


def program_allowance(program_id: int) -> str:
    """The counter-account of allowances granted, lapsed and given away."""
    return f"program:{program_id}:allowance"


def recognition_held() -> str:
    """Allowance set aside by recognitions that wait for an approver."""
    return "recognition:held"


def is_member_account(account: str) -> bool:
    return account.startswith("member:")


DEBT_PREFIX = "owed:"


def is_debt_account(account: str) -> bool:
    return account.startswith(DEBT_PREFIX)
