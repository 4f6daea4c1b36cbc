"""The member's own page, server-rendered, reached by a signed link (see `page_links`). English and Russian."""

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from achievements.page import member_page
from api.chains import Chains
from api.definitions import badge_svg
from api.deps import State
from api.page_links import verify
from api.templating import STRINGS, choose_language, templates
from core.db import unit_of_work
from core.types import utcnow
from loyalty.cards import card_barcode, card_qr, member_card
from loyalty.funds import list_funds
from people.service import member_people
from wallets.payouts import member_payouts
from wallets.service import on_chain_balances

router = APIRouter(tags=["pages"], include_in_schema=False)


def _image(name: str, uploaded: str | None) -> str:
    """A data URI: shown through <img>, an uploaded SVG cannot run scripts on this page."""
    return "data:image/svg+xml;base64," + base64.b64encode((uploaded or badge_svg(name)).encode()).decode()


@router.get("/m/{token}", response_class=HTMLResponse)
def member_page_html(
    token: str,
    request: Request,
    state: State,
    chains: Chains,
    lang: Annotated[str | None, Query(max_length=5)] = None,
) -> HTMLResponse:
    claim = verify(state.keystore, token)
    with unit_of_work(state.engine) as session:
        page = member_page(
            session,
            state.keystore,
            claim.tenant_id,
            claim.member,
            redis=state.redis,
            redis_prefix=state.settings.redis_prefix,
        )
        payouts = member_payouts(session, chains.networks, claim.tenant_id, page.member_id, limit=5)
        card = member_card(session, claim.tenant_id, claim.member)
        funds = list_funds(session, claim.tenant_id)
        people = member_people(session, claim.tenant_id, claim.member, utcnow())
    language = choose_language(request, lang)
    context: dict[str, Any] = {
        "t": STRINGS[language],
        "lang": language,
        "languages": sorted(STRINGS),
        "page": page,
        "on_chain": on_chain_balances(chains.networks, page.view.wallets),
        "payouts": payouts,
        "images": {b.key: _image(b.name, page.badge_images.get(b.key)) for b in page.badges},
        "card": card,
        "funds": funds,
        "people": people,
        "card_qr": "data:image/svg+xml;base64," + base64.b64encode(card_qr(card.number, "svg", scale=5)).decode(),
        # Inline like the QR code: the page's signed link is all the member holds (no API key for /v1/cards).
        "card_barcode": "data:image/svg+xml;base64," + base64.b64encode(card_barcode(card.number, "svg")).decode(),
    }
    html = templates.get_template("member.html").render(context)
    headers = {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }
    return HTMLResponse(html, headers=headers)
