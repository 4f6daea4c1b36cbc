"""A program's colours for what members see outside the console (the embeddable badge widget): `settings.theme`.

`PATCH /v1/programs/default {"settings": {"theme": {"accent": "#0a7", "background": "#fff", "text": "#222"}}}`;
any of the three may be left out, null removes the theme. Only hex colours pass, so a theme carries no CSS of its own.
"""

import re
from typing import Any

from core.errors import InvalidInput

THEME_COLOURS = ("accent", "background", "text")
DEFAULT_THEME = {"accent": "#2f6b3a", "background": "#ffffff", "text": "#1d1d1f"}
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def check_theme(value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise InvalidInput("theme is an object of colours", field="settings.theme")
    for name, colour in value.items():
        if name not in THEME_COLOURS:
            raise InvalidInput(f"theme colours are {', '.join(THEME_COLOURS)}", field=f"settings.theme.{name}")
        if not isinstance(colour, str) or not HEX_COLOUR.fullmatch(colour):
            raise InvalidInput(f"theme.{name} must be a hex colour such as #2f6b3a", field=f"settings.theme.{name}")


def program_theme(settings: dict[str, Any]) -> dict[str, str]:
    """The colours to show: the program's own, the defaults for the rest."""
    return DEFAULT_THEME | dict(settings.get("theme") or {})
