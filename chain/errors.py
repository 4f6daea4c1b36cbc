"""What can go wrong talking to a chain. `ChainUnavailable` and `FeesAboveCap` pass with time; the rest do not."""

from core.errors import InvalidInput, LaurelError


class ChainError(LaurelError):
    status, title, slug = 502, "Chain error", "chain-error"


class ChainUnavailable(ChainError):
    """The node did not answer (down, restarting, rate-limited): try again later."""

    status, title, slug = 503, "Chain unavailable", "chain-unavailable"


class FeesAboveCap(ChainError):
    """The network's base fee is above the configured cap: wait for it to fall rather than overpay."""

    status, title, slug = 503, "Fees above cap", "fees-above-cap"


class CallReverted(ChainError):
    """The call would revert (or did): e.g. a paused token or a missing minter role. Retrying will not help."""

    title, slug = "Call reverted", "call-reverted"


class FeeLimitExceeded(CallReverted):
    """The call would cost more than one transaction may spend on this chain (Tron's fee limit): a smaller batch
    may fit, the same call never will."""

    title, slug = "Fee limit exceeded", "fee-limit-exceeded"


class NonceTooLow(ChainError):
    """The node has already used this nonce for the sender."""


class TransactionExpired(ChainError):
    """Signed bytes past their expiration (Tron): the chain will never include them, so the intent is signed again."""


class InvalidAddress(InvalidInput):
    title, slug = "Invalid address", "invalid-address"


class ChainNotConfigured(InvalidInput):
    title, slug = "Chain not configured", "chain-not-configured"
