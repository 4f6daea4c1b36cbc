"""The loyalty package's public face: promo codes, the rewards catalog, cards, raffles and charity funds."""

from loyalty.cards import (
    CardView,
    add_card,
    block_card,
    card_barcode,
    card_holder,
    card_qr,
    luhn_valid,
    member_card,
    member_cards,
    replace_card,
)
from loyalty.expiry import ExpiryReport, expire_points, expire_points_everywhere
from loyalty.funds import FundView, create_fund, fund_view, list_funds
from loyalty.partners import Settlement, create_partner, get_partner, settlement
from loyalty.promo_codes import (
    PromoTerms,
    Redemption,
    create_promo_code,
    generate_promo_codes,
    get_promo_code,
    redeem_promo_code,
)
from loyalty.raffles import RaffleView, create_raffle, draw_raffle, get_raffle, raffle_tickets, raffle_view
from loyalty.rewards import (
    RedemptionView,
    cancel_redemption,
    create_reward,
    get_reward,
    list_rewards,
    redeem_reward,
    redemption_view,
    restock_reward,
)
from loyalty.stats import ProgramStats, members_csv, postings_csv, program_stats
from loyalty.win_back import WinBackReport, award_win_backs, award_win_backs_everywhere

__all__ = [
    "CardView",
    "ExpiryReport",
    "FundView",
    "ProgramStats",
    "PromoTerms",
    "RaffleView",
    "Redemption",
    "RedemptionView",
    "Settlement",
    "WinBackReport",
    "add_card",
    "award_win_backs",
    "award_win_backs_everywhere",
    "block_card",
    "cancel_redemption",
    "card_barcode",
    "card_holder",
    "card_qr",
    "create_fund",
    "create_partner",
    "create_promo_code",
    "create_raffle",
    "create_reward",
    "draw_raffle",
    "expire_points",
    "expire_points_everywhere",
    "fund_view",
    "generate_promo_codes",
    "get_partner",
    "get_promo_code",
    "get_raffle",
    "get_reward",
    "list_funds",
    "list_rewards",
    "luhn_valid",
    "member_card",
    "member_cards",
    "members_csv",
    "postings_csv",
    "program_stats",
    "raffle_tickets",
    "raffle_view",
    "redeem_promo_code",
    "redeem_reward",
    "redemption_view",
    "replace_card",
    "restock_reward",
    "settlement",
]
