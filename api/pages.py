"""The member's own page, server-rendered, reached by a signed link (see `page_links`). English and Russian."""

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlmodel import Session

from achievements.page import MemberPage, member_page
from anchoring.service import member_proof, roots_call
from api.chains import Chains
from api.definitions import badge_svg
from api.deps import State
from api.page_links import verify
from api.templating import STRINGS, choose_language, templates
from chain.network import Network
from core.db import read_then_write, unit_of_work
from core.errors import NotFound
from core.types import utcnow
from loyalty.announcements import AnnouncementView, list_announcements
from loyalty.branding import BrandingView, app_icon, get_branding, shown_name
from loyalty.cards import CardView, card_barcode, card_qr, member_card
from loyalty.funds import FundView, list_funds
from people.service import PeopleSection, member_people
from wallets.payouts import PayoutView, member_payouts
from wallets.service import on_chain_balances

router = APIRouter(tags=["pages"], include_in_schema=False)
STATIC = Path(__file__).parent / "static"
# js-sha3 (MIT, the copy npm installs for solc-js): the browser has SHA-256 but no keccak.
PROOF_SCRIPTS = (STATIC / "sha3.min.js").read_text() + "\n" + (STATIC / "verify-proof.js").read_text()
SERVICE_WORKER = (STATIC / "member-sw.js").read_text()
ICON_SIZES = (192, 512)


def _anchored_proof(session: Any, networks: dict[str, Network], tenant_id: str, member: str) -> dict[str, Any] | None:
    """The member's latest proof in the default program, when an EVM chain confirmed its root: what the page's
    script checks against that chain's RPC. None before the first anchored epoch."""
    evm = networks.get("evm")
    try:
        proof = member_proof(session, networks, tenant_id, member, None)
    except NotFound:
        return None
    anchor = next((a for a in proof["anchors"] if a["chain"] == "evm" and a["status"] == "confirmed"), None)
    if evm is None or anchor is None:
        return None
    return {
        **{key: value for key, value in proof.items() if key != "anchors"},
        "taken_at": proof["taken_at"].isoformat(),
        "rpc_url": evm.rpc_url,
        "contract": anchor["contract"],
        "call_data": "0x" + roots_call(proof["epoch"]).hex(),
    }


def badge_image(name: str, uploaded: str | None) -> str:
    """A data URI: shown through <img>, an uploaded SVG cannot run scripts on this page."""
    return "data:image/svg+xml;base64," + base64.b64encode((uploaded or badge_svg(name)).encode()).decode()


@router.get("/m/sw.js")
def member_service_worker() -> Response:
    """The installable page's service worker; its scope is every member page under `/m/`."""
    return Response(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/m/"},
    )


@router.get("/m/{token}/manifest.webmanifest")
def member_manifest(token: str, state: State, lang: Annotated[str | None, Query(max_length=5)] = None) -> Response:
    """The web app manifest: added to the home screen, the page opens as an app on this member's signed link."""
    claim = verify(state.keystore, token)
    with unit_of_work(state.engine, read_only=True) as session:
        branding = get_branding(session, claim.tenant_id)
        name = shown_name(session, claim.tenant_id, branding)
    language = lang if lang in STRINGS else "en"
    manifest = {
        "name": name,
        "short_name": name[:12],
        "lang": language,
        "start_url": f"/m/{token}?lang={language}",
        "scope": "/m/",
        "display": "standalone",
        "background_color": branding.colors["background"],
        "theme_color": branding.colors["primary"],
        "icons": [
            {"src": f"/m/{token}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in ICON_SIZES
        ],
    }
    return JSONResponse(manifest, media_type="application/manifest+json", headers={"Cache-Control": "no-cache"})


@router.get("/m/{token}/icon-{size}.png")
def member_icon(token: str, size: int, state: State) -> Response:
    """The home-screen icon: the programme's initial in the brand's colours."""
    if size not in ICON_SIZES:
        raise NotFound(f"icons come in sizes {', '.join(map(str, ICON_SIZES))}")
    claim = verify(state.keystore, token)
    with unit_of_work(state.engine, read_only=True) as session:
        branding = get_branding(session, claim.tenant_id)
        name = shown_name(session, claim.tenant_id, branding)
    png = app_icon(name, size, branding.colors["primary"], branding.colors["on_primary"])
    return Response(png, media_type="image/png", headers={"Cache-Control": "max-age=3600"})


@dataclass(frozen=True)
class _PageData:
    """What the member page reads from the database, in one unit."""

    page: MemberPage
    payouts: list[PayoutView]
    card: CardView
    funds: list[FundView]
    people: PeopleSection
    anchored: dict[str, Any] | None
    branding: BrandingView
    brand_name: str
    announcements: list[AnnouncementView]


@router.get("/m/{token}", response_class=HTMLResponse)
def member_page_html(
    token: str,
    request: Request,
    state: State,
    chains: Chains,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> HTMLResponse:
    claim = verify(state.keystore, token)

    def gather(session: Session) -> _PageData:
        page = member_page(
            session,
            state.keystore,
            claim.tenant_id,
            claim.member,
            redis=state.redis,
            redis_prefix=state.settings.redis_prefix,
        )
        branding = get_branding(session, claim.tenant_id)
        return _PageData(
            page=page,
            payouts=member_payouts(session, chains.networks, claim.tenant_id, page.member_id, limit=5),
            card=member_card(session, claim.tenant_id, claim.member),
            funds=list_funds(session, claim.tenant_id),
            people=member_people(session, claim.tenant_id, claim.member, utcnow()),
            anchored=_anchored_proof(session, chains.networks, claim.tenant_id, claim.member),
            branding=branding,
            brand_name=shown_name(session, claim.tenant_id, branding),
            announcements=list_announcements(session, claim.tenant_id, current_at=utcnow(), limit=5),
        )

    # Writes only the first time (the member's derived addresses, their card) or when points matured.
    data = read_then_write(state.engine, gather)
    page, card, branding, anchored = data.page, data.card, data.branding, data.anchored
    ink = branding.ink_on_paper()
    nonce = secrets.token_urlsafe(16)
    language = choose_language(request, lang)
    context: dict[str, Any] = {
        "t": STRINGS[language],
        "lang": language,
        "languages": sorted(STRINGS),
        "page": page,
        "on_chain": on_chain_balances(chains.networks, page.view.wallets),
        "payouts": data.payouts,
        "images": {b.key: badge_image(b.name, page.badge_images.get(b.key)) for b in page.badges},
        "card": card,
        "funds": data.funds,
        "people": data.people,
        "card_qr": "data:image/svg+xml;base64,"
        + base64.b64encode(card_qr(card.number, "svg", scale=5, ink=ink)).decode(),
        # Inline like the QR code: the page's signed link is all the member holds (no API key for /v1/cards).
        "card_barcode": "data:image/svg+xml;base64,"
        + base64.b64encode(card_barcode(card.number, "svg", ink=ink)).decode(),
        # Inside a <script> element: "<" escaped so no value can close it.
        "proof_json": json.dumps(anchored).replace("<", "\\u003c") if anchored else None,
        "proof_scripts": PROOF_SCRIPTS,
        "nonce": nonce,
        "branding": branding,
        "brand_name": data.brand_name,
        "announcements": data.announcements,
        "token": token,
    }
    html = templates.get_template("member.html").render(context)
    # Its own scripts only (the service worker's registration, the proof's check), the installable page's manifest
    # and worker, and the chain's RPC the proof reads its root from.
    connect = "'self'"
    if anchored is not None:
        rpc = urlsplit(anchored["rpc_url"])
        connect += f" {rpc.scheme}://{rpc.netloc}"
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data: 'self'; "
        f"script-src 'nonce-{nonce}'; connect-src {connect}; manifest-src 'self'; worker-src 'self'"
    )
    headers = {
        "Content-Security-Policy": policy,
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }
    return HTMLResponse(html, headers=headers)
