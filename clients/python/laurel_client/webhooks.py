"""Check a webhook delivery before trusting it.

Laurel signs each delivery: `Laurel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the
webhook's secret (`whsec_...`, answered once when the webhook was created). The timestamp bounds replays.
"""

from __future__ import annotations

import hashlib
import hmac
import time

DEFAULT_TOLERANCE = 300


class BadSignature(ValueError):
    """Missing, malformed, forged, or older than the tolerance."""


def verify_signature(
    secret: str, header: str, body: bytes, tolerance: int = DEFAULT_TOLERANCE, now: float | None = None
) -> None:
    """Raise BadSignature unless `header` signs exactly `body` with `secret`, within `tolerance` seconds of now."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if sep:
            parts.setdefault(key, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError) as exc:
        raise BadSignature("no timestamp in the signature header") from exc
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise BadSignature("the signature is older than the tolerance")
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise BadSignature("the signature does not match the body")
