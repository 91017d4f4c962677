"""From BA answers to our vacancy data: field mapping, checks of one record.

`offer_from_search` checks one entry of a search answer (BadRecord if a required field
is missing or has the wrong type); `listing_data` turns an offer plus its details into
the raw vacancy data that jobportal.listing_data validates like any other listing.
"""

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

import nh3

from ..core.urls import is_web_url
from ..listings import DEFAULT_DAYS, DESCRIPTION_MAX, TITLE_MAX, TITLE_MIN, URL_MAX

EMPLOYER_MAX, STREET_MAX = 200, 200

# arbeitszeitmodelle (details) and arbeitszeit codes (search parameter) -> employment types
WORKING_TIME = {
    "VOLLZEIT": "vollzeit",
    "VZ": "vollzeit",
    "TEILZEIT": "teilzeit",
    "TZ": "teilzeit",
    "MINIJOB": "minijob",
    "MJ": "minijob",
}
HOME_OFFICE = {"HEIMARBEIT", "HO", "TELEARBEIT"}
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
    postal_code: str
    locality: str
    street: str
    published: str
    start: str
    external_url: str
    raw: dict


def _text(data: dict, key: str, required: bool = False) -> str:
    """A stripped string field; BadRecord if required and missing, or of the wrong type."""
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise BadRecord(f"Feld {key} fehlt")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadRecord(f"Feld {key} hat einen unerwarteten Typ ({type(value).__name__})")
    return " ".join(str(value).split())


def offer_from_search(item) -> Offer:
    """Check one entry of stellenangebote[]; BadRecord names the first problem."""
    if not isinstance(item, dict):
        raise BadRecord("Eintrag ist kein JSON-Objekt")
    refnr = _text(item, "refnr", required=True)
    place = item.get("arbeitsort")
    if not isinstance(place, dict):
        raise BadRecord(f"{refnr}: Feld arbeitsort fehlt")
    title = _text(item, "titel") or _text(item, "beruf")
    if not title:
        raise BadRecord(f"{refnr}: Feld titel fehlt")
    try:
        return Offer(
            refnr=refnr,
            modified=_text(item, "modifikationsTimestamp", required=True),
            title=title,
            occupation=_text(item, "beruf"),
            employer=_text(item, "arbeitgeber", required=True),
            postal_code=_text(place, "plz"),
            locality=_text(place, "ort"),
            street=_text(place, "strasse"),
            published=_text(item, "aktuelleVeroeffentlichungsdatum"),
            start=_text(item, "eintrittsdatum"),
            external_url=_text(item, "externeUrl"),
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


def employment_types(details: dict, offer: Offer, angebotsart: int) -> list[str]:
    """Our employment types: apprenticeships (angebotsart 4) are ausbildung or
    duales_studium, others follow arbeitszeitmodelle / arbeitszeit (default vollzeit)."""
    if angebotsart == 4:
        words = f"{offer.title} {offer.occupation}".lower()
        return ["duales_studium"] if "dual" in words or "studium" in words else ["ausbildung"]
    codes = _codes(details.get("arbeitszeitmodelle")) + _codes(details.get("arbeitszeit"))
    codes += _codes(offer.raw.get("arbeitszeit"))
    types = {WORKING_TIME[c] for c in codes if c in WORKING_TIME}
    if angebotsart == 34:
        types.add("praktikum")
    return sorted(types) or ["vollzeit"]


def working_model(details: dict, offer: Offer) -> str:
    """hybrid when the BA names home office, else on site."""
    codes = _codes(details.get("arbeitszeitmodelle")) + _codes(offer.raw.get("arbeitszeit"))
    return "hybrid" if HOME_OFFICE & set(codes) else "vor_ort"


def sector(offer: Offer, details: dict) -> str:
    """Our sector guessed from occupation, title and the BA's industry group."""
    words = " ".join(
        (offer.occupation, offer.title, str(details.get("branchengruppe") or ""))
    ).lower()
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


def _title(offer: Offer, details: dict) -> str:
    """stellenangebotsTitel or titel, long enough and not too long."""
    title = " ".join(str(details.get("stellenangebotsTitel") or offer.title).split())
    if len(title) < TITLE_MIN:
        title = f"{title} – {offer.occupation}".strip(" –")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return title


def _description(offer: Offer, details: dict) -> str:
    """The description, plus the fixed-term note; a pointer to the original if empty."""
    text = details.get("stellenangebotsBeschreibung")
    text = clean_description(text if isinstance(text, str) else "")
    term = BEFRISTUNG.get(str(details.get("befristung") or "").upper())
    if term:
        text = f"{text}\n\nBefristung: {term}".strip()
    return text or (
        f"{offer.occupation or offer.title}. Die vollständige Beschreibung finden Sie "
        "in der Originalanzeige der Bundesagentur für Arbeit."
    )


def listing_data(
    offer: Offer, details: dict, place, angebotsart: int, source_url: str, today: date
) -> dict:
    """Raw vacancy data (the keys of docs/import-format.md) for jobs.validated; online for
    DEFAULT_DAYS from today (each run extends a listing the BA still offers)."""
    start = parse_day(offer.start or str(details.get("eintrittsdatum") or ""))
    apply_url = (
        _url(offer.external_url)
        or _url(details.get("externeUrl"))
        or _url(details.get("allianzpartnerUrl"))
        or source_url
    )
    return {
        "title": _title(offer, details),
        "description": _description(offer, details),
        "postal_code": place.postal_code,
        "locality": place.name,
        "street": offer.street[:STREET_MAX],
        "employment_types": employment_types(details, offer, angebotsart),
        "working_model": working_model(details, offer),
        "sector": sector(offer, details),
        "start_date": start.isoformat() if start and start > today else "",
        "apply_url": apply_url,
        "ends_on": (today + timedelta(days=DEFAULT_DAYS)).isoformat(),
    }


def employer_name(offer: Offer) -> str:
    """The employer's name as the BA gives it (trimmed to our column)."""
    return offer.employer[:EMPLOYER_MAX]
