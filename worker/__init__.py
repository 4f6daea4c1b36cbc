"""Background jobs (Celery): payouts, confirmations, reconciliation, expiry, webhooks — thin task wrappers."""
