"""What an authenticated request passes before its endpoint runs, beyond the key itself: the key's expiry, its
last use recorded, and the rate limits of the key and of its tenant.

Limits answer in the `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` fields (the IETF httpapi
rate-limit draft's separate fields, as most clients read them), on every limited response; a refused request is a
429 problem with `Retry-After`. The quota shown is the tightest of the key's and the tenant's.
"""

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.ratelimit import Quota, RateLimited, RateLimiter, tightest
from core.settings import Settings
from core.tenancy import KeyUseRecorder, Principal

STATE_KEY = "laurel_rate_limit"
RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": "Requests allowed in the current window (the tightest of the key's and the tenant's limits).",
    "RateLimit-Remaining": "Requests left in the current window.",
    "RateLimit-Reset": "Seconds until the current window ends.",
}


@dataclass(frozen=True)
class Gate:
    settings: Settings
    limiter: RateLimiter
    key_uses: KeyUseRecorder

    def limits_of(self, principal: Principal) -> dict[str, int]:
        per_key = principal.rate_limit if principal.rate_limit is not None else self.settings.rate_limit_per_key
        limits = {
            f"key:{principal.key_id}": per_key,
            f"tenant:{principal.tenant_id}": self.settings.rate_limit_per_tenant,
        }
        return {bucket: limit for bucket, limit in limits.items() if limit > 0}

    def would_block(self, principal: Principal) -> bool:
        """Whether `admit` may wait on the database or Redis: a limit to count, or the key's use to record."""
        return bool(self.limits_of(principal)) or self.key_uses.due(principal.key_id)

    def admit(self, principal: Principal, request_state: Any) -> None:
        """Record the key's use and count the request; RateLimited when the key or its tenant is over its limit."""
        self.key_uses.used(principal.key_id)
        limits = self.limits_of(principal)
        if not limits:
            return
        quota = tightest(self.limiter.hit(limits))
        setattr(request_state, STATE_KEY, quota)
        if quota.exceeded:
            raise RateLimited(
                f"more than {quota.limit} requests in this {self.limiter.window_seconds} s window; "
                f"retry in {quota.reset} s",
                retry_after=quota.reset,
            )


def quota_headers(quota: Quota) -> dict[str, str]:
    headers = {
        "RateLimit-Limit": str(quota.limit),
        "RateLimit-Remaining": str(max(quota.remaining, 0)),
        "RateLimit-Reset": str(quota.reset),
    }
    if quota.exceeded:
        headers["Retry-After"] = str(quota.reset)
    return headers


class RateLimitHeadersMiddleware:
    """Adds the quota the request's gate left in its state to the response, whatever the endpoint returned."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_quota(message: Message) -> None:
            if message["type"] == "http.response.start":
                quota = scope.get("state", {}).get(STATE_KEY)
                if quota is not None:
                    headers = MutableHeaders(scope=message)
                    for name, value in quota_headers(quota).items():
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_quota)
