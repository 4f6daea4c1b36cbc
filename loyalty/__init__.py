"""Loyalty program mechanics: cards, promo codes, partners, raffles, rewards catalog, segments, imports."""
