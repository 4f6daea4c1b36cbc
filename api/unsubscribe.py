"""One-click unsubscribe from a kind of member email (RFC 8058): the link in every email and its
`List-Unsubscribe` header. A mail client POSTs `List-Unsubscribe=One-Click`; a person opening the link gets a page
with one button that does the same."""

from html import escape
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import State
from core.db import unit_of_work
from core.errors import NotFound
from notifications.email import opt_out, read_unsubscribe_token

router = APIRouter(prefix="/v1/unsubscribe", tags=["notifications"])
Token = Annotated[str, Query(min_length=8, max_length=400)]
HEADERS = {"Content-Security-Policy": "default-src 'none'; form-action 'self'", "Cache-Control": "no-store"}
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>{content}</main></body></html>"""


def _claims(state: State, token: str) -> tuple[str, int, str]:
    claims = read_unsubscribe_token(state.keystore, token)
    if claims is None:
        raise NotFound("this unsubscribe link is not valid")
    return claims


@router.get("", response_class=HTMLResponse, summary="The unsubscribe page: one button")
def unsubscribe_page(token: Token, state: State) -> HTMLResponse:
    _, _, kind = _claims(state, token)
    form = (
        f'<h1>Stop “{escape(kind)}” emails?</h1><form method="post" action="/v1/unsubscribe?token={escape(token)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Unsubscribe</button></form>'
    )
    return HTMLResponse(PAGE.format(content=form), headers=HEADERS)


@router.post("", response_class=HTMLResponse, summary="Unsubscribe (one click, RFC 8058)")
def unsubscribe(token: Token, state: State) -> HTMLResponse:
    tenant_id, member_id, kind = _claims(state, token)
    with unit_of_work(state.engine) as session:
        opt_out(session, tenant_id, member_id, kind)
    return HTMLResponse(PAGE.format(content=f"<h1>Unsubscribed from “{escape(kind)}” emails.</h1>"), headers=HEADERS)
