"""A tenant's look: colours, logo, cover image, description and contacts, shown on the member page, the till and the
card images. Colours are checked for contrast (WCAG 2 AA, 4.5:1 for text) pair by pair, so no tenant can brand its
pages into illegibility; announcements (`loyalty.announcements`) are the other half of what members see."""

import base64
import binascii
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session

from core.errors import InvalidInput
from core.tenancy import Tenant
from core.types import utcnow
from loyalty.models import Branding

DEFAULT_COLORS = {
    "primary": "#2f6b3a",
    "on_primary": "#ffffff",
    "background": "#f6f6f3",
    "surface": "#ffffff",
    "text": "#1d1d1f",
}
# (foreground, background): the pairs the pages draw text with.
CONTRAST_PAIRS = (("text", "surface"), ("text", "background"), ("on_primary", "primary"), ("primary", "surface"))
AA_TEXT = 4.5
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
CONTACT_FIELDS = ("phone", "email", "website", "address")
IMAGE_TYPES = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8\xff", "image/webp": b"RIFF", "image/svg+xml": b""}
MAX_IMAGE_BYTES = 256 * 1024
DATA_URI = re.compile(r"^data:(?P<type>image/[a-z+]+);base64,(?P<data>[A-Za-z0-9+/=]+)$")


class BrandingContrast(InvalidInput):
    """A colour pair below WCAG AA contrast; `pairs` names each failing pair with its ratio."""

    title, slug = "Colours fail the contrast check", "branding-contrast"


@dataclass(frozen=True)
class BrandingView:
    name: str | None = None
    colors: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLORS))
    logo: str | None = None
    cover: str | None = None
    description: str | None = None
    contacts: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None

    @classmethod
    def of(cls, row: Branding) -> "BrandingView":
        return cls(
            name=row.name,
            colors={**DEFAULT_COLORS, **row.colors},
            logo=row.logo,
            cover=row.cover,
            description=row.description,
            contacts=dict(row.contacts),
            updated_at=row.updated_at,
        )

    def ink_on_paper(self) -> tuple[str, str] | None:
        """(dark, light) for card images when the brand's text is darker than its surface; None otherwise (scanners
        expect dark modules on a light ground, so an inverted scheme keeps black on white)."""
        text, surface = self.colors["text"], self.colors["surface"]
        return (text, surface) if luminance(text) < luminance(surface) else None


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of a `#rrggbb` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_failures(colors: dict[str, str]) -> list[dict[str, Any]]:
    """Each drawn pair below 4.5:1, with its ratio rounded down to two decimals (so 4.499 never shows as 4.5)."""
    failures = []
    for fore, back in CONTRAST_PAIRS:
        ratio = contrast_ratio(colors[fore], colors[back])
        if ratio < AA_TEXT:
            failures.append({"foreground": fore, "background": back, "ratio": int(ratio * 100) / 100})
    return failures


def check_image(name: str, uri: str) -> None:
    """A data URI of a PNG, JPEG, WebP or SVG image up to 256 KiB. Pages show it through <img>, where an SVG's
    scripts never run."""
    match = DATA_URI.fullmatch(uri)
    if match is None or match["type"] not in IMAGE_TYPES:
        raise InvalidInput(f"{name} must be a data URI of a PNG, JPEG, WebP or SVG image (data:image/png;base64,…)")
    try:
        data = base64.b64decode(match["data"], validate=True)
    except binascii.Error as exc:
        raise InvalidInput(f"{name} is not valid base64") from exc
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(f"{name} is {len(data)} bytes; at most {MAX_IMAGE_BYTES}")
    if not data.startswith(IMAGE_TYPES[match["type"]]):
        raise InvalidInput(f"{name} does not hold the {match['type']} its data URI names")


def widget_theme(branding: BrandingView) -> dict[str, str] | None:
    """The badge widget's three colours from the tenant's branding, once one is saved (None before)."""
    if branding.updated_at is None:
        return None
    colors = branding.colors
    return {"accent": colors["primary"], "background": colors["surface"], "text": colors["text"]}


def get_branding(session: Session, tenant_id: str) -> BrandingView:
    row = session.get(Branding, tenant_id)
    return BrandingView() if row is None else BrandingView.of(row)


def save_branding(
    session: Session,
    tenant_id: str,
    *,
    name: str | None = None,
    colors: dict[str, str] | None = None,
    logo: str | None = None,
    cover: str | None = None,
    description: str | None = None,
    contacts: dict[str, str] | None = None,
) -> BrandingView:
    """Replace the tenant's branding (what is left out takes Laurel's default). 422 naming the colour pairs whose
    contrast is below WCAG AA, or an image that is not one."""
    colors = colors or {}
    for role, value in colors.items():
        if role not in DEFAULT_COLORS or not HEX_COLOR.fullmatch(value):
            raise InvalidInput(f"colors.{role}: a colour is one of {sorted(DEFAULT_COLORS)} as #rrggbb")
    failures = contrast_failures({**DEFAULT_COLORS, **colors})
    if failures:
        named = ", ".join(f"{f['foreground']} on {f['background']} is {f['ratio']}:1" for f in failures)
        raise BrandingContrast(f"below WCAG AA contrast ({AA_TEXT}:1): {named}", pairs=failures)
    for image_name, uri in (("logo", logo), ("cover", cover)):
        if uri is not None:
            check_image(image_name, uri)
    row = session.get(Branding, tenant_id) or Branding(tenant_id=tenant_id)
    row.name, row.colors, row.logo, row.cover = name, {k: v.lower() for k, v in colors.items()}, logo, cover
    row.description, row.contacts, row.updated_at = description, dict(contacts or {}), utcnow()
    session.add(row)
    session.flush()
    return BrandingView.of(row)


def shown_name(session: Session, tenant_id: str, branding: BrandingView) -> str:
    """The name pages show: the branding's, else the tenant's own."""
    if branding.name:
        return branding.name
    tenant = session.get(Tenant, tenant_id)
    return tenant.name if tenant is not None else "Laurel"


def app_icon(name: str, size: int, background: str, ink: str) -> bytes:
    """A square PNG icon for the home screen: the name's first letter in `ink` on `background`."""
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size * 0.6)
    draw.text((size / 2, size / 2), (name.strip()[:1] or "L").upper(), fill=ink, font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
