"""Errors of the loyalty mechanics; the API maps each to problem+json by its status."""

from core.errors import Conflict, Gone


class PromoCodeUsedUp(Conflict):
    """Every use of the code is taken, or this member used it as often as allowed."""

    title, slug = "Promo code used up", "promo-code-used-up"


class PromoCodeNotYetValid(Conflict):
    title, slug = "Promo code not yet valid", "promo-code-not-yet-valid"


class PromoCodeExpired(Gone):
    title, slug = "Promo code expired", "promo-code-expired"


class OutOfStock(Conflict):
    title, slug = "Reward out of stock", "out-of-stock"


class RedemptionConflict(Conflict):
    """A reward redemption is not in a state that allows the change (e.g. cancelling it twice)."""

    title, slug = "Redemption state conflict", "redemption-state"


class RaffleConflict(Conflict):
    title, slug = "Raffle cannot be drawn", "raffle-state"


class NotEligible(Conflict):
    """The member is not in the segment the promo code or reward is limited to."""

    title, slug = "Member not eligible", "not-eligible"
