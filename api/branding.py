"""A tenant's branding (colours, logo, cover, description, contacts) and its announcements."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from api.deps import Admin, Reader, State
from api.schemas import Name
from core.db import run_in_transaction, unit_of_work
from core.strict import DateTime, QueryBool, StrictInput
from core.types import utcnow
from loyalty.announcements import (
    AnnouncementView,
    create_announcement,
    delete_announcement,
    get_announcement,
    list_announcements,
    update_announcement,
)
from loyalty.branding import BrandingView, get_branding, save_branding

router = APIRouter(prefix="/v1", tags=["branding"])
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
ColorRole = Literal["primary", "on_primary", "background", "surface", "text"]
ImageUri = Annotated[str, StringConstraints(max_length=360_000, pattern=r"^data:image/")]
Text = Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True)]
Contact = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
AnnouncementPath = Annotated[str, Path(min_length=1, max_length=40)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=5000, strip_whitespace=True)]
Kind = Literal["news", "promotion"]


class Contacts(StrictInput):
    phone: Contact | None = None
    email: Contact | None = None
    website: Annotated[str, StringConstraints(max_length=300, pattern=r"^https?://[^\s]+$")] | None = None
    address: Contact | None = None


class BrandingIn(StrictInput):
    name: Name | None = Field(None, description="The name shown on pages (the tenant's own when omitted).")
    colors: dict[ColorRole, Color] = Field(
        default_factory=dict,
        description="`#rrggbb` per role; left out: the default. Pairs drawn as text must reach 4.5:1 (WCAG AA): "
        "text on surface and on background, on_primary on primary, primary on surface.",
    )
    logo: ImageUri | None = Field(None, description="A data URI of a PNG, JPEG, WebP or SVG image, up to 256 KiB.")
    cover: ImageUri | None = Field(None, description="A cover image, as the logo.")
    description: Text | None = None
    contacts: Contacts = Field(default_factory=Contacts)


class BrandingOut(BaseModel):
    name: str | None
    colors: dict[str, str]
    logo: str | None
    cover: str | None
    description: str | None
    contacts: dict[str, str]
    updated_at: datetime | None

    @classmethod
    def of(cls, view: BrandingView) -> "BrandingOut":
        return cls(**vars(view))


class AnnouncementIn(StrictInput):
    kind: Kind = "news"
    title: Title
    body: Body
    starts_at: DateTime | None = Field(None, description="Shown from then on; now when omitted.")
    ends_at: DateTime | None = Field(None, description="Shown until then; open-ended when omitted.")


class AnnouncementPatch(StrictInput):
    """Only `ends_at` can be cleared (null: open-ended); the others are left out to keep them."""

    kind: Kind | SkipJsonSchema[None] = None
    title: Title | SkipJsonSchema[None] = None
    body: Body | SkipJsonSchema[None] = None
    starts_at: DateTime | SkipJsonSchema[None] = None
    ends_at: DateTime | None = None


class AnnouncementOut(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    starts_at: datetime
    ends_at: datetime | None
    current: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: AnnouncementView) -> "AnnouncementOut":
        now = utcnow()
        current = view.starts_at <= now and (view.ends_at is None or view.ends_at > now)
        return cls(**vars(view), current=current)


@router.get("/branding")
def get_tenant_branding(principal: Reader, state: State) -> BrandingOut:
    """The tenant's branding; Laurel's default look before any `PUT`."""
    with unit_of_work(state.engine, read_only=True) as session:
        return BrandingOut.of(get_branding(session, principal.tenant_id))


@router.put("/branding", responses={422: {"description": "A colour pair below 4.5:1 (`pairs` names each)."}})
def put_branding(body: BrandingIn, principal: Admin, state: State) -> BrandingOut:
    """Replace the branding. Colours are checked for contrast: a pair below WCAG AA is a 422 `branding-contrast`
    problem whose `pairs` lists each failing pair and its ratio."""
    contacts = {name: value for name, value in body.contacts.model_dump().items() if value}
    view = run_in_transaction(
        state.engine,
        lambda s: save_branding(
            s,
            principal.tenant_id,
            name=body.name,
            colors={str(role): value for role, value in body.colors.items()},
            logo=body.logo,
            cover=body.cover,
            description=body.description,
            contacts=contacts,
        ),
    )
    return BrandingOut.of(view)


@router.post("/announcements", status_code=status.HTTP_201_CREATED)
def post_announcement(body: AnnouncementIn, principal: Admin, state: State) -> AnnouncementOut:
    """A news item or promotion, shown on member pages between `starts_at` and `ends_at`; publishes an
    `announcement.published` notice (webhooks may subscribe to it)."""
    view = run_in_transaction(state.engine, lambda s: create_announcement(s, principal.tenant_id, **body.model_dump()))
    return AnnouncementOut.of(view)


@router.get("/announcements")
def get_announcements(
    principal: Reader, state: State, current: Annotated[QueryBool, Query(description="Only those showing now.")] = False
) -> list[AnnouncementOut]:
    with unit_of_work(state.engine, read_only=True) as session:
        views = list_announcements(session, principal.tenant_id, current_at=utcnow() if current else None)
    return [AnnouncementOut.of(view) for view in views]


@router.get("/announcements/{announcement_id}")
def get_one_announcement(announcement_id: AnnouncementPath, principal: Reader, state: State) -> AnnouncementOut:
    with unit_of_work(state.engine, read_only=True) as session:
        return AnnouncementOut.of(get_announcement(session, principal.tenant_id, announcement_id))


@router.patch("/announcements/{announcement_id}")
def patch_announcement(
    announcement_id: AnnouncementPath, body: AnnouncementPatch, principal: Admin, state: State
) -> AnnouncementOut:
    """Change what is sent; `"ends_at": null` makes it open-ended."""
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    view = run_in_transaction(
        state.engine, lambda s: update_announcement(s, principal.tenant_id, announcement_id, changes)
    )
    return AnnouncementOut.of(view)


@router.delete("/announcements/{announcement_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_announcement(announcement_id: AnnouncementPath, principal: Admin, state: State) -> Response:
    run_in_transaction(state.engine, lambda s: delete_announcement(s, principal.tenant_id, announcement_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
