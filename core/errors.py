"""Typed domain errors. The API turns each into an RFC 9457 problem+json response in one place."""

from typing import Any, ClassVar


class LaurelError(Exception):
    """Base of every error a caller can cause; `status` is the HTTP status it maps to."""

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"
    slug: ClassVar[str] = "bad-request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(LaurelError):
    status, title, slug = 404, "Not found", "not-found"


class Unauthorized(LaurelError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(LaurelError):
    status, title, slug = 403, "Forbidden", "forbidden"


class Conflict(LaurelError):
    status, title, slug = 409, "Conflict", "conflict"


class InvalidInput(LaurelError):
    status, title, slug = 422, "Invalid input", "invalid-input"


class InvalidExpression(InvalidInput):
    """A CEL expression that does not compile or references something that does not exist."""

    title, slug = "Invalid expression", "invalid-expression"


class EventConflict(Conflict):
    """The same event id arrived again with a different body."""

    title, slug = "Event id reused with another body", "event-conflict"


class InsufficientPoints(Conflict):
    title, slug = "Insufficient points", "insufficient-points"


class UnbalancedTransaction(LaurelError):
    """A programming error: postings of one ledger transaction must sum to zero."""

    status, title, slug = 500, "Unbalanced ledger transaction", "unbalanced-transaction"


class PayoutConflict(Conflict):
    """A payout is not in a state that allows the requested change (e.g. approving a confirmed payout)."""

    title, slug = "Payout state conflict", "payout-state"


class WithdrawalLimit(Conflict):
    title, slug = "Withdrawal limit reached", "withdrawal-limit"


class IdempotencyConflict(Conflict):
    """The same Idempotency-Key arrived with a different request body."""

    title, slug = "Idempotency key reused with another body", "idempotency-conflict"


class Gone(LaurelError):
    """The object existed and is no longer usable (e.g. an expired promo code)."""

    status, title, slug = 410, "Gone", "gone"
