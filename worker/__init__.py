"""Background jobs (Celery): payouts, confirmations, reconciliation, expiry, webhooks, imports — thin task wrappers
that open a unit of work and call one service function. May import every domain package; never api.
"""
