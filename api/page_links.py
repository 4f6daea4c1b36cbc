"""Signed, expiring links to a member's page: `POST /v1/members/{external_id}/page-link`.

A link carries the tenant, the member and an expiry, signed with HMAC-SHA256 under a key derived from the key store;
changing any byte of it, or waiting past its expiry, makes it worthless.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

import orjson
from fastapi import APIRouter, Path, Request, status
from pydantic import BaseModel, Field

from api.deps import Reader, State
from core.db import unit_of_work
from core.errors import NotFound
from core.tenancy import get_member
from wallets.keystore import KeyStore

router = APIRouter(prefix="/v1/members", tags=["pages"])
PURPOSE = "member-page-links"


@dataclass(frozen=True)
class PageClaim:
    tenant_id: str
    member: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(keystore: KeyStore, claim: PageClaim) -> str:
    body = _b64(orjson.dumps({"t": claim.tenant_id, "m": claim.member, "e": int(claim.expires_at.timestamp())}))
    mac = hmac.new(keystore.derived_key(PURPOSE), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify(keystore: KeyStore, token: str, now: datetime | None = None) -> PageClaim:
    """The claim of a genuine, unexpired token; NotFound otherwise (a bad link reveals nothing about why)."""
    body, _, mac = token.partition(".")
    try:
        expected = hmac.new(keystore.derived_key(PURPOSE), body.encode(), hashlib.sha256).digest()
        if not mac or not hmac.compare_digest(expected, _unb64(mac)):
            raise ValueError("bad signature")
        data = orjson.loads(_unb64(body))
        claim = PageClaim(str(data["t"]), str(data["m"]), datetime.fromtimestamp(int(data["e"]), UTC))
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError) as exc:
        raise NotFound("this link is not valid") from exc
    if claim.expires_at <= (now or datetime.now(UTC)):
        raise NotFound("this link has expired")
    return claim


class PageLinkIn(BaseModel):
    expires_in_days: int = Field(7, ge=1, le=90)
    lang: str = Field("en", pattern="^(en|ru)$")


class PageLinkOut(BaseModel):
    url: str
    expires_at: datetime


@router.post("/{external_id}/page-link", status_code=status.HTTP_201_CREATED)
def post_page_link(
    external_id: Annotated[str, Path(min_length=1, max_length=128)],
    principal: Reader,
    state: State,
    request: Request,
    body: PageLinkIn | None = None,
) -> PageLinkOut:
    options = body or PageLinkIn()
    with unit_of_work(state.engine, read_only=True) as session:
        get_member(session, principal.tenant_id, external_id)
    expires_at = datetime.now(UTC).replace(microsecond=0) + timedelta(days=options.expires_in_days)
    token = sign(state.keystore, PageClaim(principal.tenant_id, external_id, expires_at))
    base = state.settings.public_url.rstrip("/") if state.settings.public_url else str(request.base_url).rstrip("/")
    return PageLinkOut(url=f"{base}/m/{token}?lang={options.lang}", expires_at=expires_at)
