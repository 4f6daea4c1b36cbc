"""Notifications: what leaves Laurel for apps and people. Webhook subscriptions, the transactional outbox,
signing and delivery with retries and a delivery log; email to members over SMTP.

Importing the package registers its outbox with `core.notices`, where the engine, targeting and loyalty publish,
and its payload scrubber with `core.privacy`, which erasure calls.
May import achievements, targeting, wallets, chain and core; never loyalty, api or worker.
"""

import notifications.email
import notifications.privacy
import notifications.webhooks  # noqa: F401
