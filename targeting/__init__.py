"""Targeting: who gets what. Member attributes' effects, event schemas, segments and their kept membership,
referrals and bulk imports of members and points.

A sibling of the engine (achievements): segments are judged on the engine's member state and refreshed inside its
ingestions. May import achievements, wallets, chain and core; never loyalty, notifications, api or worker
(webhooks go out through `core.notices`).
"""
