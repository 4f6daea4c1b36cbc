"""The achievements engine: events in; rules, badges, quests, levels, streaks, medals and leaderboards out.

Owns definitions and their versions, the event log, member stats and what members achieved, and the ingestion
pipeline that writes an event's effects to the ledger. May import wallets, chain and core, and its sibling
targeting (segments, referrals and event schemas act inside an ingestion); never loyalty, notifications, api or
worker: outside effects reach it through registries (`benefits` for accrual multipliers, `core.notices` for
webhooks).
"""
