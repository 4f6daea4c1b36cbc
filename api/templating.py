"""The Jinja environment of the server-rendered pages (member page, console): one loader, autoescaped, and the
strings of each language, read from `locales/<language>.json` (a translator edits those, not the code)."""

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))

LOCALES = Path(__file__).parent / "locales"
STRINGS: dict[str, dict[str, Any]] = {
    path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(LOCALES.glob("*.json"))
}
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "laurel_lang"


def choose_language(request: Request, asked: str | None = None) -> str:
    """`?lang=` first, then the language the reader picked before (a cookie), then their browser's
    Accept-Language by its q-values; English when none of those is one we have."""
    for choice in (asked, request.cookies.get(LANGUAGE_COOKIE)):
        if choice in STRINGS:
            return choice
    return _accepted(request.headers.get("accept-language", ""))


def _accepted(header: str) -> str:
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-weight, position, tag.split("-")[0].lower()))
    return next((tag for weight, _, tag in sorted(ranked) if weight < 0 and tag in STRINGS), DEFAULT_LANGUAGE)
