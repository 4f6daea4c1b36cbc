"""Signed, expiring tokens for URLs and cookies (member page links, console sessions).

A token is `base64url(json claims).base64url(HMAC-SHA256)` under a key derived from the key store for one purpose,
so a token made for one purpose is worthless for another, and none survives a change of a single byte.
"""

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

import orjson

from wallets.keystore import KeyStore


class BadToken(Exception):
    """Forged, altered, expired, or made for another purpose."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(keystore: KeyStore, purpose: str, claims: dict[str, Any], expires_at: datetime) -> str:
    body = _b64(orjson.dumps({**claims, "exp": int(expires_at.timestamp())}))
    mac = hmac.new(keystore.derived_key(purpose), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def check(keystore: KeyStore, purpose: str, token: str, now: datetime | None = None) -> dict[str, Any]:
    body, _, mac = token.partition(".")
    try:
        expected = hmac.new(keystore.derived_key(purpose), body.encode(), hashlib.sha256).digest()
        if not mac or not hmac.compare_digest(expected, _unb64(mac)):
            raise BadToken("bad signature")
        claims: dict[str, Any] = orjson.loads(_unb64(body))
        expires = datetime.fromtimestamp(int(claims["exp"]), UTC)
    except (ValueError, KeyError, TypeError) as exc:  # base64, JSON and field errors are all ValueError or these
        raise BadToken("malformed") from exc
    if expires <= (now or datetime.now(UTC)):
        raise BadToken("expired")
    return claims
