"""From BA answers to our vacancy data: field mapping, checks of one record.

`offer_from_search` checks one entry of a search answer, v6 or v4 (BadRecord if a required
field is missing or has the wrong type); `listing_data` turns an offer plus its details
into the raw vacancy data that jobportal.listings validates like any other listing. Field
names of both API versions are looked up in `shape`.
"""

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

import nh3

from ..core.formats import salary_range
from ..core.urls import is_web_url, parse_url
from ..listings import DEFAULT_DAYS, DESCRIPTION_MAX, TITLE_MAX, TITLE_MIN, URL_MAX
from . import shape
from .shape import Location

EMPLOYER_MAX, STREET_MAX = 200, 200
ANONYMOUS = "Arbeitgeber nicht genannt"

# arbeitszeitmodelle (details) and arbeitszeit codes (search parameter) -> employment types
WORKING_TIME = {
    "VOLLZEIT": "vollzeit",
    "VZ": "vollzeit",
    "TEILZEIT": "teilzeit",
    "TZ": "teilzeit",
    "MINIJOB": "minijob",
    "MJ": "minijob",
}
# HEIM_TELEARBEIT is the schema's code; the others are older spellings seen in answers.
HOME_OFFICE = {"HEIM_TELEARBEIT", "HEIMARBEIT", "HO", "TELEARBEIT"}
BEFRISTUNG = {"1": "befristet", "BEFRISTET": "befristet", "2": "unbefristet"}
BEFRISTUNG["UNBEFRISTET"] = "unbefristet"

# Keywords (folded to lower case) in occupation and title -> our sector; first match wins.
SECTOR_KEYWORDS = (
    ("gesundheit", ("pflege", "kranken", "arzt", "ärzt", "medizin", "therap", "apothe")),
    ("soziales", ("erzieh", "sozial", "kita", "heilerzieh")),
    ("it", ("informatik", "software", "entwickler", "it-", "programm", "daten", "system")),
    ("logistik", ("lager", "logistik", "kraftfahr", "fahrer", "spedition", "kommissio")),
    ("bau", ("bau", "maurer", "zimmer", "dachdeck", "architekt", "tiefbau", "gerüst")),
    ("gastronomie", ("koch", "köch", "gastronom", "hotel", "restaurant", "service", "küche")),
    ("handel", ("verkäuf", "verkauf", "vertrieb", "handel", "kassierer", "einzelhandel")),
    ("finanzen", ("bank", "versicher", "buchhalt", "steuer", "finanz", "controll")),
    ("bildung", ("lehrer", "dozent", "wissenschaft", "bildung", "ausbilder")),
    ("verwaltung", ("verwaltung", "sachbearbeit", "büro", "kaufmann", "kauffrau", "assistenz")),
    ("landwirtschaft", ("landwirt", "forst", "gärtner", "tierwirt", "agrar")),
    ("medien", ("medien", "redakt", "grafik", "design", "kultur")),
    ("handwerk", ("elektr", "mechani", "tischler", "installat", "maler", "friseur", "bäcker")),
    ("industrie", ("produktion", "maschinen", "industrie", "fertigung", "schweiß", "cnc")),
    ("energie", ("energie", "umwelt", "solar", "recycling", "entsorg")),
)
DEFAULT_SECTOR = "dienstleistung"


class BadRecord(ValueError):
    """One BA record cannot be imported; the message names the problem."""


@dataclass(frozen=True)
class Offer:
    """The parts of one search result the importer needs before fetching details."""

    refnr: str
    modified: str
    title: str
    occupation: str
    employer: str
    anonymous: bool
    places: tuple[Location, ...]
    published: str
    start: str
    external_url: str
    raw: dict

    @property
    def street(self) -> str:
        """Street of the first place (kept for callers of the single-place era)."""
        return self.places[0].street if self.places else ""


def _text(value, name: str, required: bool = False) -> str:
    """A stripped string value; BadRecord if required and missing, or of the wrong type."""
    if value is None or value == "":
        if required:
            raise BadRecord(f"Feld {name} fehlt")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadRecord(f"Feld {name} hat einen unerwarteten Typ ({type(value).__name__})")
    return " ".join(str(value).split())


def _field(item: dict, field: str, required: bool = False) -> str:
    """One of our fields read from either API version's name."""
    return _text(shape.pick(item, field), shape.name_of(item, field), required)


def _modified(item: dict) -> str:
    """What tells a changed listing: aenderungsdatum (v6) or modifikationsTimestamp (v4)."""
    value = _field(item, "modified")
    if not value:
        period = item.get("veroeffentlichungszeitraum")
        value = _text(period.get("von") if isinstance(period, dict) else None, "von")
    return value or _field(item, "published") or _field(item, "modified", required=True)


def offer_from_search(item) -> Offer:
    """Check one entry of ergebnisliste[] (v6) or stellenangebote[] (v4)."""
    if not isinstance(item, dict):
        raise BadRecord("Eintrag ist kein JSON-Objekt")
    refnr = _field(item, "refnr", required=True)
    try:
        places = shape.locations(item)
        if places is None:
            key = next((k for k in shape.PLACE_KEYS if k in item), shape.PLACE_KEYS[0])
            raise BadRecord(f"Feld {key} fehlt")
        title = _field(item, "title") or _field(item, "occupation")
        if not title:
            raise BadRecord(f"Feld {shape.name_of(item, 'title')} fehlt")
        return Offer(
            refnr=refnr,
            modified=_modified(item),
            title=title,
            occupation=_field(item, "occupation"),
            employer=_field(item, "employer"),
            anonymous=shape.flag(item, "anzeigeAnonym"),
            places=tuple(places),
            published=_field(item, "published"),
            start=shape.start(item),
            external_url=_field(item, "external_url"),
            raw=item,
        )
    except BadRecord as error:
        raise BadRecord(f"{refnr}: {error}") from None


def parse_day(value: str) -> date | None:
    """The date part of a BA date or timestamp ('2026-11-20', '2026-11-20T08:15:00')."""
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def clean_description(text: str) -> str:
    """The BA's description as plain text for our Markdown field: tags dropped, entities
    decoded, blank lines kept, at most DESCRIPTION_MAX characters."""
    text = html.unescape(nh3.clean(text or "", tags=set()))
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text


def _codes(values) -> list[str]:
    """Upper-case codes of a list or a ';'-separated string."""
    if isinstance(values, str):
        values = values.split(";")
    if not isinstance(values, list):
        return []
    return [str(v).strip().upper() for v in values if isinstance(v, str | int)]


def _time_codes(details: dict, offer: Offer) -> list[str]:
    """Working-time codes of details and search entry (arbeitszeitmodelle, arbeitszeit)."""
    codes = _codes(details.get("arbeitszeitmodelle")) + _codes(details.get("arbeitszeit"))
    return (
        codes + _codes(offer.raw.get("arbeitszeitmodelle")) + _codes(offer.raw.get("arbeitszeit"))
    )


def employment_types(details: dict, offer: Offer, angebotsart: int) -> list[str]:
    """Our employment types: apprenticeships (angebotsart 4) are ausbildung or
    duales_studium, others follow the working-time codes (v4) or flags (v6), default
    vollzeit."""
    if angebotsart == 4:
        words = f"{offer.title} {offer.occupation}".lower()
        return ["duales_studium"] if "dual" in words or "studium" in words else ["ausbildung"]
    types = {WORKING_TIME[c] for c in _time_codes(details, offer) if c in WORKING_TIME}
    for data in (details, offer.raw):
        types |= {kind for name, kind in shape.WORKING_TIME_FLAGS.items() if shape.flag(data, name)}
    if angebotsart == 34:
        types.add("praktikum")
    return sorted(types) or ["vollzeit"]


def working_model(details: dict, offer: Offer) -> str:
    """remote when the BA says fully from home, hybrid when it names home office at all
    (HEIM_TELEARBEIT or homeofficemoeglich), else on site."""
    kinds = {str(d.get("homeofficetyp") or "").upper() for d in (details, offer.raw)}
    if "VOLLSTAENDIG" in kinds:
        return "remote"
    if HOME_OFFICE & set(_time_codes(details, offer)):
        return "hybrid"
    return (
        "hybrid"
        if shape.flag(details, "homeofficemoeglich") or shape.flag(offer.raw, "homeofficemoeglich")
        else "vor_ort"
    )


def sector(offer: Offer, details: dict) -> str:
    """Our sector guessed from occupation, title and the BA's industry group."""
    return guess_sector(
        " ".join((offer.occupation, offer.title, str(details.get("branchengruppe") or "")))
    )


def guess_sector(text: str) -> str:
    """Our sector guessed from words (occupation, title, category): first keyword match."""
    words = (text or "").lower()
    for key, keywords in SECTOR_KEYWORDS:
        if any(word in words for word in keywords):
            return key
    return DEFAULT_SECTOR


def _url(value) -> str:
    """An http(s) URL short enough for our columns, else ''."""
    value = value.strip() if isinstance(value, str) else ""
    if is_web_url(value) and len(value) <= URL_MAX:
        return value
    return ""


def _is_ba(url: str) -> bool:
    """Whether the URL points at the BA itself (its own page is the source link)."""
    parts = parse_url(url)
    host = ((parts.hostname if parts else "") or "").lower()
    return host == "arbeitsagentur.de" or host.endswith(".arbeitsagentur.de")


def _is_posting(url: str) -> bool:
    """Whether the URL can be a posting (a path or query), not just a home page."""
    parts = parse_url(url)
    return parts is not None and (parts.path.strip("/") != "" or bool(parts.query))


def apply_url(offer: Offer, details: dict, source_url: str) -> str:
    """The apply link: a real external posting (externeURL), else the BA's detail page.

    allianzpartnerUrl counts only when it is a posting of a partner, never a partner's
    home page (the schema's own example is http://www.arbeitsagentur.de)."""
    for candidate in (offer.external_url, shape.pick(details, "external_url")):
        url = _url(candidate)
        if url and not _is_ba(url):
            return url
    partner = _url(details.get("allianzpartnerUrl"))
    if partner and _is_posting(partner) and not _is_ba(partner):
        return partner
    return source_url


def _title(offer: Offer, details: dict) -> str:
    """stellenangebotsTitel or titel, long enough and not too long."""
    title = " ".join(str(shape.pick(details, "title") or offer.title).split())
    if len(title) < TITLE_MIN:
        title = f"{title} – {offer.occupation}".strip(" –")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return title


def _term(details: dict, offer: Offer) -> str:
    """befristet / unbefristet from befristung (v4) or vertragsdauer (v6), else ''."""
    for data in (details, offer.raw):
        for name in ("befristung", "vertragsdauer"):
            term = BEFRISTUNG.get(str(data.get(name) or "").upper())
            if term:
                return term
    return ""


def _description(offer: Offer, details: dict, employer: str) -> str:
    """The description plus term and salary notes; a short text pointing to the original
    when the BA gives none (about a third of v6 listings only link an external page)."""
    text = shape.pick(details, "description") or shape.pick(offer.raw, "description")
    text = clean_description(text if isinstance(text, str) else "")
    if not text:
        where = ", ".join(p.town for p in offer.places if p.town)
        text = f"{offer.occupation or offer.title} bei {employer}" + (
            f" in {where}" if where else ""
        )
        text += (
            ".\n\nDie vollständige Beschreibung finden Sie in der Originalanzeige "
            "der Bundesagentur für Arbeit."
        )
    notes = []
    if term := _term(details, offer):
        notes.append(f"Befristung: {term}")
    if salary := shape.salary_text(details, offer.raw):
        notes.append(f"Vergütung: {salary}")
    return "\n\n".join([text, *notes]) if notes else text


def employer_name(offer: Offer, details: dict | None = None) -> str:
    """The employer's name (trimmed to our column); anonymous listings get ANONYMOUS."""
    details = details or {}
    if offer.anonymous or shape.flag(details, "anzeigeAnonym"):
        return ANONYMOUS
    name = offer.employer or _text(shape.pick(details, "employer"), "firma")
    if not name:
        raise BadRecord(f"Feld {shape.name_of(offer.raw, 'employer')} fehlt")
    return name[:EMPLOYER_MAX]


def salary_fields(text: str) -> dict:
    """salary_min/max/unit (euros) of a salary text with a monthly or hourly range or
    amount ('3.200 – 3.800 € brutto monatlich'); {} otherwise (the text stays shown)."""
    found = salary_range(text)
    if found is None:
        return {}
    low, high, unit = found
    return {"salary_min": low, "salary_max": high, "salary_unit": unit}


def listing_data(
    offer: Offer,
    details: dict,
    place,
    angebotsart: int,
    source_url: str,
    today: date,
    street: str | None = None,
) -> dict:
    """Raw vacancy data (the keys of docs/import-format.md) for listings.validated; online
    for DEFAULT_DAYS from today (each run extends a listing the BA still offers)."""
    start = parse_day(offer.start or shape.start(details))
    employer = employer_name(offer, details)
    return salary_fields(shape.salary_text(details, offer.raw)) | {
        "title": _title(offer, details),
        "description": _description(offer, details, employer),
        "postal_code": place.postal_code,
        "locality": place.name,
        "street": (offer.street if street is None else street)[:STREET_MAX],
        "employment_types": employment_types(details, offer, angebotsart),
        "working_model": working_model(details, offer),
        "sector": sector(offer, details),
        "start_date": start.isoformat() if start and start > today else "",
        "apply_url": apply_url(offer, details, source_url),
        "ends_on": (today + timedelta(days=DEFAULT_DAYS)).isoformat(),
    }
