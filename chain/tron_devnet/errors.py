"""How the devnet says no, in the words of java-tron's `Return.response_code` so tronpy maps them."""

from __future__ import annotations

from enum import StrEnum


class ResponseCode(StrEnum):
    SIGERROR = "SIGERROR"
    CONTRACT_VALIDATE_ERROR = "CONTRACT_VALIDATE_ERROR"
    BANDWITH_ERROR = "BANDWITH_ERROR"  # sic, as java-tron spells it
    DUP_TRANSACTION_ERROR = "DUP_TRANSACTION_ERROR"
    TAPOS_ERROR = "TAPOS_ERROR"
    TOO_BIG_TRANSACTION_ERROR = "TOO_BIG_TRANSACTION_ERROR"
    TRANSACTION_EXPIRATION_ERROR = "TRANSACTION_EXPIRATION_ERROR"


class TransactionRejected(Exception):
    """A transaction the node refuses to take: nothing of it reaches the chain."""

    def __init__(self, code: ResponseCode, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
