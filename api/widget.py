"""The embeddable badge widget: `<laurel-badges>` and `<laurel-level>` on any site, from one script tag.

`GET /widget.js` is the script (dependency-free custom elements); `GET /w/{token}` is its data, for the member named
by a signed member-page link (see `page_links`): the token is the only credential, so both answer any origin
(CORS `*`, no cookies) and a changed or expired token is a 404 as on the page itself.
"""

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from achievements.page import member_page
from api.deps import State
from api.page_links import verify
from api.pages import badge_image
from core.db import read_then_write
from loyalty.branding import get_branding, widget_theme

router = APIRouter(tags=["pages"], include_in_schema=False)
SCRIPT = (Path(__file__).parent / "static" / "laurel-widget.js").read_text()
CROSS_ORIGIN = {
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
}


@router.get("/widget.js")
def widget_script() -> Response:
    headers = {**CROSS_ORIGIN, "Cache-Control": "public, max-age=300"}
    return Response(SCRIPT, media_type="text/javascript; charset=utf-8", headers=headers)


@router.get("/w/{token}")
def widget_data(token: str, request: Request, state: State) -> JSONResponse:
    claim = verify(state.keystore, token)
    page, branded = read_then_write(
        state.engine,
        # The tenant's colours win once saved.
        lambda s: (
            member_page(s, state.keystore, claim.tenant_id, claim.member),
            widget_theme(get_branding(s, claim.tenant_id)),
        ),
    )
    level = page.level
    data: dict[str, Any] = {
        "member": {"external_id": page.view.external_id, "display_name": page.view.display_name},
        "points": {
            "available": page.view.balance.available,
            "lifetime": page.view.balance.lifetime,
            "symbol": page.points_symbol,
        },
        "level": {
            "name": level.current.name if level.current else None,
            "next": level.next.name if level.next else None,
            "next_at": level.next.threshold if level.next else None,
            "value": level.value,
            "basis": level.basis,
            "percent": level.percent,
        },
        "badges": [
            {
                "key": b.key,
                "name": b.name,
                "description": b.description,
                "awarded": b.awarded,
                "progress": b.progress,
                "max_progress": b.max_progress,
                "image": badge_image(b.name, page.badge_images.get(b.key)),
            }
            for b in page.badges
        ],
        "theme": branded or page.theme,
    }
    headers = {
        **CROSS_ORIGIN,
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
    }
    return JSONResponse(data, headers=headers)
