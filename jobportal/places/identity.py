"""The region's own face: colours, logo and photos named in its region file.

``identity`` in jobportal/data/regions/<slug>.json::

    "identity": {
      "colors": {"primary": "#0b5394", "primary_dark": "#083c6b", "accent": "#8a4b00"},
      "logo": "logo.svg",
      "photos": [{"file": "elbe.svg", "member": "dresden", "alt": "...", "caption": "...",
                  "author": "...", "licence": "CC0 1.0", "licence_url": "https://...",
                  "alt_en": "...", "caption_en": "...", "author_en": "..."}]
    }

Files live in static/regions/<slug>/. Every colour carries white text (buttons, the
header) or stands on white (links), so each must reach WCAG AA contrast (4.5:1)
against white; a region file that breaks this fails loudly when it is read.
"""

import re
from dataclasses import dataclass
from functools import cache

from .regions import region_definition

HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
COLOR_NAMES = ("primary", "primary_dark", "accent")
DEFAULT_COLORS = {"primary": "#0b5394", "primary_dark": "#083c6b", "accent": "#8a4b00"}
MIN_CONTRAST = 4.5
WHITE = "#ffffff"


class IdentityError(ValueError):
    """A region file's identity that cannot be used (bad colour, missing licence)."""


@dataclass(frozen=True)
class Photo:
    """A picture of the region or of one member, with its author and licence."""

    file: str
    alt: str
    caption: str
    author: str
    licence: str
    licence_url: str = ""
    member: str | None = None
    # English versions for English pages (templates pick them with `localized`).
    alt_en: str = ""
    caption_en: str = ""
    author_en: str = ""


@dataclass(frozen=True)
class Identity:
    """Colours, logo file and photos of a region."""

    slug: str
    colors: dict
    logo: str | None
    photos: tuple

    def static_path(self, name: str) -> str:
        """The file's path below static/."""
        return f"regions/{self.slug}/{name}"

    def photos_of(self, member_slug: str | None) -> list[Photo]:
        """The photos of one member (None: the region's own photos)."""
        return [p for p in self.photos if p.member == member_slug]


def _luminance(color: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1)."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def checked_colors(raw: dict) -> dict:
    """The colours of a region file over the defaults; IdentityError on a bad one."""
    colors = dict(DEFAULT_COLORS)
    for name, value in (raw or {}).items():
        if name not in COLOR_NAMES:
            raise IdentityError(f"unknown colour {name!r}; known: {', '.join(COLOR_NAMES)}")
        if not isinstance(value, str) or not HEX_COLOR.fullmatch(value):
            raise IdentityError(f"colour {name}: {value!r} is not #rrggbb")
        if contrast_ratio(value, WHITE) < MIN_CONTRAST:
            raise IdentityError(f"colour {name}: {value} has less than 4.5:1 against white")
        colors[name] = value.lower()
    return colors


def _photo(raw: dict) -> Photo:
    missing = [k for k in ("file", "alt", "caption", "author", "licence") if not raw.get(k)]
    if missing:
        raise IdentityError(f"photo {raw.get('file')!r} lacks {', '.join(missing)}")
    return Photo(**{k: raw[k] for k in Photo.__dataclass_fields__ if k in raw})


@cache
def region_identity(slug: str) -> Identity:
    """The identity of a shipped region (defaults where the file names none)."""
    raw = region_definition(slug).get("identity", {})
    photos = tuple(_photo(p) for p in raw.get("photos", []))
    return Identity(slug, checked_colors(raw.get("colors")), raw.get("logo"), photos)


def theme_css(identity: Identity) -> str:
    """The region's colours as CSS custom properties (served as /region.css)."""
    colors = identity.colors
    return (
        ":root {\n"
        f"  --c-primary: {colors['primary']};\n"
        f"  --c-primary-dark: {colors['primary_dark']};\n"
        f"  --c-accent: {colors['accent']};\n"
        "}\n"
    )
