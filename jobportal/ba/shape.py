"""The shapes of BA answers: one place that knows both the v4 and the v6 field names.

The BA renamed its fields when the search moved from /pc/v4/jobs to /pc/v6/jobs (August
2026): `stellenangebote` -> `ergebnisliste`, `refnr` -> `referenznummer`, `titel` ->
`stellenangebotsTitel`, `arbeitgeber` -> `firma`, `arbeitsort` -> `stellenlokationen[]`,
and so on. The details (/pc/v4/jobdetails) use the new names too. Every lookup here tries
the newest name first, then the old one, so one mapping reads either shape.
"""

import re
from dataclasses import dataclass

# The list of results in a search answer, newest name first (v6, v4).
LIST_KEYS = ("ergebnisliste", "stellenangebote")
TOTAL_KEY = "maxErgebnisse"

# Our name -> the BA's names, newest first.
FIELDS = {
    "refnr": ("referenznummer", "refnr"),
    "title": ("stellenangebotsTitel", "titel"),
    "occupation": ("hauptberuf", "beruf"),
    "employer": ("firma", "arbeitgeber"),
    "published": ("datumErsteVeroeffentlichung", "aktuelleVeroeffentlichungsdatum"),
    "modified": ("aenderungsdatum", "modifikationsTimestamp"),
    "external_url": ("externeURL", "externeUrl"),
    "description": ("stellenangebotsBeschreibung", "stellenbeschreibung"),
    "salary": ("verguetung", "verguetungsangabe", "gehalt"),
}
# Work places: v6 list of {adresse, koordinaten | breite/laenge}, v4 details list, v4 search object.
PLACE_KEYS = ("stellenlokationen", "arbeitsorte", "arbeitsort")
# Working-time codes (v4 arbeitszeitmodelle) and v6 booleans -> our employment types.
WORKING_TIME_FLAGS = {
    "arbeitszeitVollzeit": "vollzeit",
    "arbeitszeitTeilzeitVormittag": "teilzeit",
    "arbeitszeitTeilzeitNachmittag": "teilzeit",
    "arbeitszeitTeilzeitAbend": "teilzeit",
    "arbeitszeitTeilzeitFlexibel": "teilzeit",
    "istGeringfuegigeBeschaeftigung": "minijob",
}
# Salary codes of v6 (`verguetungsangabe: JAHRESGEHALT`) -> the unit of a range we show.
SALARY_UNITS = {
    "JAHRESGEHALT": "im Jahr",
    "MONATSGEHALT": "im Monat",
    "STUNDENLOHN": "pro Stunde",
}
CODE = re.compile(r"[A-Z][A-Z0-9_]*")


@dataclass(frozen=True)
class Location:
    """One work place as the BA gives it (postal code always five digits or empty)."""

    postal_code: str
    town: str
    street: str
    lat: float | None
    lon: float | None

    @property
    def key(self) -> tuple[str, str]:
        """What makes two places of one listing the same."""
        return (self.postal_code, self.town.lower())

    def label(self) -> str:
        """Postal code and town for messages ('01917 Kamenz', or the coordinates)."""
        text = f"{self.postal_code} {self.town}".strip()
        if text:
            return text
        if self.lat is not None:
            return f"{self.lat:.4f}, {self.lon:.4f}"
        return "ohne Angabe"


def list_key(answer: dict) -> str | None:
    """The key of the result list in a search answer (None: no known key)."""
    return next((key for key in LIST_KEYS if key in answer), None)


def pick(data: dict, field: str):
    """The first value given (not None, not '') under one of the field's BA names."""
    for name in FIELDS[field]:
        value = data.get(name)
        if value is not None and value != "":
            return value
    return None


def name_of(data: dict, field: str) -> str:
    """The BA name of the field as this record spells it (for messages)."""
    return next((name for name in FIELDS[field] if name in data), FIELDS[field][0])


def postal_code(value) -> str:
    """A postal code as five digits: the schema types it as an integer, so 1917 -> '01917'."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4,5}", text):
        return text.zfill(5)
    return text if re.fullmatch(r"\d{5}", text) else ""


def _number(value) -> float | None:
    """A finite number of a JSON value (numbers or numeric strings), else None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _coordinates(item: dict, address: dict) -> tuple[float | None, float | None]:
    """lat/lon of a place: koordinaten (on the place or its address) or breite/laenge."""
    for source in (item, address):
        coords = source.get("koordinaten")
        if isinstance(coords, dict):
            lat, lon = _number(coords.get("lat")), _number(coords.get("lon"))
            if lat is not None and lon is not None:
                return lat, lon
    lat, lon = _number(item.get("breite")), _number(item.get("laenge"))
    if lat is not None and lon is not None:
        return lat, lon
    return None, None


def _street(address: dict) -> str:
    """Street and house number, as far as given."""
    parts = [address.get("strasse"), address.get("hausnummer")]
    text = " ".join(str(p).strip() for p in parts if isinstance(p, str | int) and str(p).strip())
    return " ".join(text.split())


def _location(item) -> Location | None:
    """One place entry (v6 {adresse: {...}}, or v4 flat), or None if it is not an object."""
    if not isinstance(item, dict):
        return None
    address = item.get("adresse") if isinstance(item.get("adresse"), dict) else item
    town = address.get("ort")
    lat, lon = _coordinates(item, address)
    return Location(
        postal_code=postal_code(address.get("plz")),
        town=" ".join(town.split()) if isinstance(town, str) else "",
        street=_street(address),
        lat=lat,
        lon=lon,
    )


def locations(data: dict) -> list[Location] | None:
    """The work places of a record in the BA's order, duplicates dropped; None when the
    record has no place field at all (an empty list when it has one without places)."""
    for key in PLACE_KEYS:
        if key in data and data[key] is not None:
            value = data[key]
            items = [value] if isinstance(value, dict) else value
            if not isinstance(items, list):
                return None
            found = {}
            for entry in items:
                place = _location(entry)
                if place is not None:
                    found.setdefault(place.key, place)
            return list(found.values())
    return None


def start(data: dict) -> str:
    """The start date as the BA gives it: eintrittszeitraum.von (v6) or eintrittsdatum."""
    period = data.get("eintrittszeitraum")
    if isinstance(period, dict) and isinstance(period.get("von"), str):
        return period["von"]
    value = data.get("eintrittsdatum")
    return value if isinstance(value, str) else ""


def flag(data: dict, *names: str) -> bool:
    """Whether one of the boolean fields is true (true or 'true')."""
    return any(data.get(n) is True or str(data.get(n)).lower() == "true" for n in names)


def _euros(value: float) -> str:
    """A euro amount in German format without cents ('60.772')."""
    return f"{round(value):,}".replace(",", ".")


def salary_text(*records: dict) -> str:
    """The salary as text: the BA's own text, else a range or fixed amount with its unit."""
    for data in records:
        text = pick(data, "salary")
        if isinstance(text, str) and text.strip() and not CODE.fullmatch(text.strip()):
            return " ".join(text.split())
    for data in records:
        unit = SALARY_UNITS.get(str(data.get("verguetungsangabe") or "").upper(), "")
        low, high = _number(data.get("gehaltsspanneVon")), _number(data.get("gehaltsspanneBis"))
        fixed = _number(data.get("festgehalt"))
        if low and high:
            return f"{_euros(low)} – {_euros(high)} € {unit}".strip()
        if fixed or low or high:
            return f"{_euros(fixed or low or high)} € {unit}".strip()
    return ""


def describe_keys(data: dict, limit: int = 12) -> str:
    """The keys of an answer for a message ('a, b, c … (+3)')."""
    keys = sorted(str(k) for k in data)
    text = ", ".join(keys[:limit]) or "-"
    return text + (f" … (+{len(keys) - limit})" if len(keys) > limit else "")
