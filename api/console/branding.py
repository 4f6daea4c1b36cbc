"""The branding page: the tenant's colours, logo, cover, description and contacts, and its announcements. Forms are
checked by the API's own models and saved by the same service functions; a refusal (a colour pair below WCAG AA)
comes back with the form as sent and the reason beside it."""

import base64
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from api.branding import AnnouncementIn, AnnouncementOut, BrandingIn
from api.console.base import (
    KeyPath,
    NotSignedIn,
    Posted,
    console_words,
    csrf_token,
    form_sender,
    form_text,
    reason_of,
    render,
    signed_in,
    to_login,
)
from api.console.loyalty import as_utc
from api.deps import AppState, State
from core.db import run_in_transaction, unit_of_work
from core.errors import LaurelError
from core.tenancy import Principal
from loyalty.announcements import create_announcement, delete_announcement, list_announcements
from loyalty.branding import DEFAULT_COLORS, BrandingView, get_branding, save_branding

router = APIRouter(prefix="/admin")


def _page(
    state: AppState,
    request: Request,
    principal: Principal,
    *,
    status_code: int = 200,
    branding: BrandingView | None = None,
    error: str | None = None,
    form_id: str | None = None,
) -> HTMLResponse:
    _, token = signed_in(state, request)
    with unit_of_work(state.engine, read_only=True) as session:
        saved = get_branding(session, principal.tenant_id)
        announcements = [AnnouncementOut.of(a) for a in list_announcements(session, principal.tenant_id)]
    return render(
        request,
        "admin/branding.html",
        status_code,
        branding=branding or saved,
        color_roles=list(DEFAULT_COLORS),
        announcements=announcements,
        csrf=csrf_token(state, token),
        error=error,
        form_id=form_id,
        notice=request.query_params.get("notice"),
    )


def _back(request: Request, notice: str, anchor: str) -> RedirectResponse:
    text = console_words(request)["branding"][notice]
    return RedirectResponse(f"/admin/branding?{urlencode({'notice': text})}#{anchor}", status_code=303)


@router.get("/branding", response_class=HTMLResponse)
def branding_page(state: State, request: Request) -> Response:
    try:
        principal, _ = signed_in(state, request)
    except NotSignedIn:
        return to_login()
    return _page(state, request, principal)


async def _data_uri(upload: UploadFile) -> str:
    return f"data:{upload.content_type};base64,{base64.b64encode(await upload.read()).decode()}"


def _image(form: FormData, name: str, kept: str | None, uploaded: dict[str, str]) -> str | None:
    """A new upload, else the saved image unless its "remove" box is ticked."""
    if name in uploaded:
        return uploaded[name]
    return None if form.get(f"remove_{name}") else kept


@router.post("/branding")
async def save_branding_form(state: State, request: Request, form: Posted) -> Response:
    uploaded = {
        name: await _data_uri(upload)
        for name in ("logo", "cover")
        if isinstance(upload := form.get(name), UploadFile) and upload.size
    }
    return await run_in_threadpool(_save_now, state, request, form, uploaded)


def _save_now(state: AppState, request: Request, form: FormData, uploaded: dict[str, str]) -> Response:
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    with unit_of_work(state.engine, read_only=True) as session:
        saved = get_branding(session, principal.tenant_id)
    body: dict[str, Any] = {
        "name": form_text(form, "name"),
        "colors": {
            role: form_text(form, f"color_{role}") for role in DEFAULT_COLORS if form_text(form, f"color_{role}")
        },
        "logo": _image(form, "logo", saved.logo, uploaded),
        "cover": _image(form, "cover", saved.cover, uploaded),
        "description": form_text(form, "description"),
        "contacts": {n: form_text(form, f"contact_{n}") for n in ("phone", "email", "website", "address")},
    }
    try:
        branding = BrandingIn.model_validate(body, strict=False)
        run_in_transaction(
            state.engine,
            lambda s: save_branding(
                s,
                principal.tenant_id,
                name=branding.name,
                colors={str(role): value for role, value in branding.colors.items()},
                logo=branding.logo,
                cover=branding.cover,
                description=branding.description,
                contacts={k: v for k, v in branding.contacts.model_dump().items() if v},
            ),
        )
    except (ValidationError, LaurelError) as exc:
        draft = BrandingView(
            name=body["name"],
            colors={**DEFAULT_COLORS, **body["colors"]},
            logo=body["logo"],
            cover=body["cover"],
            description=body["description"],
            contacts={k: v for k, v in body["contacts"].items() if v},
        )
        return _page(state, request, principal, status_code=422, branding=draft, error=reason_of(exc), form_id="look")
    return _back(request, "saved", "look")


@router.post("/announcements")
def publish_announcement_form(state: State, request: Request, form: Posted) -> Response:
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    body = {name: form_text(form, name) for name in ("kind", "title", "body", "starts_at", "ends_at")}
    body = {k: as_utc(v) for k, v in body.items() if v}
    try:
        announcement = AnnouncementIn.model_validate(body, strict=False)
        run_in_transaction(
            state.engine, lambda s: create_announcement(s, principal.tenant_id, **announcement.model_dump())
        )
    except (ValidationError, LaurelError) as exc:
        return _page(state, request, principal, status_code=422, error=reason_of(exc), form_id="announcement")
    return _back(request, "published", "announcements")


@router.post("/announcements/{announcement_id}/delete")
def delete_announcement_form(announcement_id: KeyPath, state: State, request: Request, form: Posted) -> Response:
    principal = form_sender(state, request, form_text(form, "csrf"))
    if isinstance(principal, Response):
        return principal
    try:
        run_in_transaction(state.engine, lambda s: delete_announcement(s, principal.tenant_id, announcement_id))
    except LaurelError as exc:
        return render(request, "admin/error.html", exc.status, message=exc.detail)
    return _back(request, "deleted", "announcements")
