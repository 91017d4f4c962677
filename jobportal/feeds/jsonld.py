"""Career pages with schema.org `JobPosting` JSON-LD (the format search engines read).

Every `<script type="application/ld+json">` block of the page is read; a block may hold
one object, a list, or an `@graph`. Fields used: `identifier` (PropertyValue `value` or
text; else `url`), `title`, `description` (HTML), `jobLocation` (one Place or a list:
`address.postalCode`, `addressLocality`, `streetAddress`, `geo.latitude/longitude`),
`jobLocationType: TELECOMMUTE`, `employmentType` (FULL_TIME, PART_TIME, INTERN, ...),
`hiringOrganization.name`, `datePosted`, `validThrough`, `baseSalary` (MonetaryAmount
with `value` or `minValue`/`maxValue` and `unitText` HOUR/MONTH/YEAR), `url`.
"""

import json
from html.parser import HTMLParser

from .postings import FeedDrift, Posting, location, text_of
from .xmlfeeds import BadPosting

EMPLOYMENT = {
    "FULL_TIME": "vollzeit",
    "PART_TIME": "teilzeit",
    "INTERN": "praktikum",
    "TEMPORARY": "",
    "CONTRACTOR": "",
    "PER_DIEM": "minijob",
    "VOLUNTEER": "",
    "OTHER": "",
}
UNITS = {"MONTH": "month", "HOUR": "hour"}
MAX_BLOCKS = 200


class _Scripts(HTMLParser):
    """Collects the text of JSON-LD script elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        if tag == "script" and kind == "application/ld+json" and len(self.blocks) < MAX_BLOCKS:
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def _objects(value):
    """Every dict inside a JSON-LD value (lists and @graph unfolded)."""
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _objects(value["@graph"])


def _is_posting(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "JobPosting" in kinds


def _str(value) -> str:
    if isinstance(value, dict):
        value = value.get("value") or value.get("name") or ""
    return " ".join(str(value).split()) if isinstance(value, str | int | float) else ""


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def _locations(obj: dict) -> list:
    found = []
    for place in _as_list(obj.get("jobLocation")):
        if not isinstance(place, dict):
            continue
        address = place.get("address") if isinstance(place.get("address"), dict) else {}
        geo = place.get("geo") if isinstance(place.get("geo"), dict) else {}
        spot = location(
            _str(address.get("postalCode")),
            _str(address.get("addressLocality")),
            _str(address.get("streetAddress")),
            geo.get("latitude"),
            geo.get("longitude"),
        )
        if spot.postal_code or spot.town or spot.lat is not None:
            found.append(spot)
    return found


def _number(value) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10_000_000 else None


def _salary(obj: dict, posting: Posting) -> None:
    salary = obj.get("baseSalary")
    value = salary.get("value") if isinstance(salary, dict) else None
    if not isinstance(value, dict):
        return
    unit = UNITS.get(_str(value.get("unitText")).upper())
    low = _number(value.get("minValue", value.get("value")))
    high = _number(value.get("maxValue", value.get("value")))
    if unit and (low or high):
        posting.salary_min, posting.salary_max, posting.salary_unit = low, high, unit


def posting_of(obj: dict, page_url: str) -> Posting:
    """One JobPosting object as a Posting (BadPosting without a title)."""
    title = _str(obj.get("title"))
    if not title:
        raise BadPosting("JobPosting ohne „title“")
    url = _str(obj.get("url")) or page_url
    ref = _str(obj.get("identifier")) or _str(obj.get("url")) or title
    types = [EMPLOYMENT.get(_str(t).upper(), "") for t in _as_list(obj.get("employmentType"))]
    organization = obj.get("hiringOrganization")
    posting = Posting(
        ref=ref,
        title=title,
        description=text_of(_str(obj.get("description")) or ""),
        locations=_locations(obj),
        employment_types=[t for t in dict.fromkeys(types) if t],
        working_model="remote" if _str(obj.get("jobLocationType")) == "TELECOMMUTE" else "",
        url=url,
        employer=_str(organization.get("name")) if isinstance(organization, dict) else "",
        published=_str(obj.get("datePosted")),
        valid_through=_str(obj.get("validThrough")),
    )
    _salary(obj, posting)
    return posting


def read_career_page(body: bytes, url: str) -> list:
    """(Posting | BadPosting) per JobPosting on an HTML page; FeedDrift when the page
    carries no JobPosting at all."""
    parser = _Scripts()
    parser.feed(body.decode("utf-8", errors="replace"))
    parser.close()
    out, broken = [], 0
    for block in parser.blocks:
        try:
            data = json.loads(block)
        except (json.JSONDecodeError, RecursionError):
            broken += 1
            out.append(BadPosting("JSON-LD-Block ist kein gültiges JSON"))
            continue
        for obj in _objects(data):
            if _is_posting(obj):
                try:
                    out.append(posting_of(obj, url))
                except BadPosting as error:
                    out.append(error)
    if len(out) == broken:
        raise FeedDrift(
            f"{url}: die Seite enthält kein schema.org-JobPosting als JSON-LD "
            f"({len(parser.blocks)} JSON-LD-Blöcke, {broken} davon unlesbar)."
        )
    return out
