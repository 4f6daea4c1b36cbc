"""Signed, expiring links to a member's page: `POST /v1/members/{external_id}/page-link`.

A link carries the tenant, the member and an expiry, signed (see `api.signing`): changing any byte of it, or waiting
past its expiry, makes it worthless.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Request, status
from pydantic import BaseModel, Field

from api.deps import Reader, State
from api.signing import BadToken, check, issue
from core.db import unit_of_work
from core.errors import NotFound
from core.strict import StrictInput
from core.tenancy import get_member
from wallets.keystore import KeyStore

router = APIRouter(prefix="/v1/members", tags=["pages"])
PURPOSE = "member-page-links"


@dataclass(frozen=True)
class PageClaim:
    tenant_id: str
    member: str
    expires_at: datetime


def sign(keystore: KeyStore, claim: PageClaim) -> str:
    return issue(keystore, PURPOSE, {"t": claim.tenant_id, "m": claim.member}, claim.expires_at)


def verify(keystore: KeyStore, token: str, now: datetime | None = None) -> PageClaim:
    """The claim of a genuine, unexpired link; NotFound otherwise (a bad link reveals nothing about why)."""
    try:
        claims = check(keystore, PURPOSE, token, now)
        return PageClaim(str(claims["t"]), str(claims["m"]), datetime.fromtimestamp(int(claims["exp"]), UTC))
    except BadToken as exc:
        raise NotFound(f"this link is not valid ({exc})") from exc


class PageLinkIn(StrictInput):
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
