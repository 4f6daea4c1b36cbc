"""Loyalty program mechanics: programs' lifecycle, cards, promo codes, partners, raffles, rewards catalog,
passes, subscriptions, charity funds, expiry, win-back, stats and exports.

May import achievements, targeting, wallets, chain and core; never notifications (notices go through
`core.notices`), api or worker.
"""
