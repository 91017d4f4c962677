"""What every feed format is read into: a Posting, and the drift of a format."""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from ..ba import Location, clean_description, postal_code

# "01917 Kamenz" in free text (RSS/Atom entries have no address fields).
POSTAL_TOWN = re.compile(r"\b(\d{5})\s+([A-ZÄÖÜ][\wäöüß.\-]*(?:\s[A-ZÄÖÜ][\wäöüß.\-]*)?)")


class FeedDrift(Exception):
    """The answer is not (any more) in the format we read; the message names the URL,
    what was seen and what was expected."""


@dataclass
class Posting:
    """One vacancy as a feed gives it, in our words."""

    ref: str  # the source's own id
    title: str
    description: str = ""  # plain text (Markdown field), tags removed
    locations: list = field(default_factory=list)  # ba.Location
    employment_types: list = field(default_factory=list)
    working_model: str = ""  # "" = not said
    url: str = ""  # the posting's page (also the apply link)
    employer: str = ""
    published: str = ""
    valid_through: str = ""
    salary_text: str = ""
    salary_min: float | None = None
    salary_max: float | None = None
    salary_unit: str = ""  # month | hour | ""
    sector: str = ""

    def fingerprint(self) -> str:
        """A hash of everything we import: unchanged postings are left alone."""
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


def text_of(html_text: str) -> str:
    """HTML (or text) as plain text for the description (ba's cleaning: tags dropped,
    entities decoded, paragraphs kept)."""
    spaced = re.sub(r"(?i)<\s*(br|/p|/li|/h\d|/div|/ul|/ol)\s*/?>", "\n", html_text or "")
    spaced = re.sub(r"(?i)<\s*li[^>]*>", "- ", spaced)
    return clean_description(spaced)


def location(postal: str = "", town: str = "", street: str = "", lat=None, lon=None) -> Location:
    """A work place with a normalised postal code and clean coordinates."""
    try:
        lat = float(lat) if lat not in (None, "") else None
        lon = float(lon) if lon not in (None, "") else None
    except (TypeError, ValueError):
        lat = lon = None
    if lat is None or lon is None:
        lat = lon = None
    code = postal_code(postal) if postal not in (None, "") else ""
    return Location(code or "", " ".join(str(town or "").split()), str(street or ""), lat, lon)


def locations_in_text(text: str) -> list[Location]:
    """Postal code + town pairs mentioned in a text ('… · 01917 Kamenz')."""
    found = {}
    for code, town in POSTAL_TOWN.findall(text or ""):
        spot = location(code, town)
        found.setdefault(spot.key, spot)
    return list(found.values())


def is_remote(text: str) -> bool:
    """Whether a place name says the work is remote ('Remote', 'Berlin (Remote)')."""
    lowered = (text or "").lower()
    return "remote" in lowered or "homeoffice" in lowered or "home office" in lowered
