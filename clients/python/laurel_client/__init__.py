"""Laurel's Python SDK: the generated client (`laurel_api`) and a small hand-written layer over it.

The layer adds what a generated client cannot know: sending an event again under the same id after a failure
is safe (Laurel answers a replay with the same effects), so `send_event` retries; listings page with cursors;
webhook deliveries carry a signature to check before trusting the body.
"""

from laurel_client.client import Laurel, LaurelError, operation
from laurel_client.pagination import pages
from laurel_client.retry import RetryPolicy
from laurel_client.webhooks import BadSignature, verify_signature

__all__ = ["BadSignature", "Laurel", "LaurelError", "RetryPolicy", "operation", "pages", "verify_signature"]
