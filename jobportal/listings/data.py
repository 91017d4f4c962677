"""Vacancy data: the one validation shared by the vacancy form and the JSON import.

Input is a mapping of raw values (strings from the form, JSON values from an import)
under the keys documented in docs/import-format.md. `clean` turns it into column
values or German error messages per key. The JSON-able form of a listing's content
kept for review lives in snapshots.py.
"""

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.formats import number_de
from ..core.text import fold
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..core.urls import is_web_url
from ..models import Member, Place
from ..models.jobs import EMPLOYMENT_TYPES, SALARY_UNITS, SECTORS, WORKING_MODELS
from ..places import member_for_place

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MAX = 20_000
STREET_MAX, LOCALITY_MAX = 200, 120
URL_MAX, EMAIL_MAX, CONTACT_MAX, PHONE_MAX = 500, 254, 120, 60
SALARY_MAX_EUR = Decimal("1000000")
DEFAULT_DAYS, MAX_DAYS = 60, 180
IMMEDIATELY = {"", "sofort", "ab sofort", "ab_sofort"}

FIELD_LABELS = {
    "title": _l("Titel"),
    "description": _l("Beschreibung"),
    "place_id": _l("Arbeitsort"),
    "postal_code": _l("Postleitzahl"),
    "locality": _l("Ort"),
    "street": _l("Straße"),
    "employment_types": _l("Anstellungsart"),
    "working_model": _l("Arbeitsmodell"),
    "sector": _l("Branche"),
    "salary_min": _l("Gehalt von"),
    "salary_max": _l("Gehalt bis"),
    "salary_unit": _l("Gehalt pro"),
    "start_date": _l("Beginn"),
    "apply_url": _l("Bewerbungslink"),
    "apply_email": _l("Bewerbungs-E-Mail"),
    "apply_contact": _l("Ansprechperson"),
    "apply_phone": _l("Telefon"),
    "ends_on": _l("Veröffentlichen bis"),
    "english_ok": _l("Englischsprachiger Arbeitsplatz"),
}

_PHONE = re.compile(r"^\+?[0-9 ()/\-.]{6,}$")
_GERMAN_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class _Errors(dict):
    """Error messages per raw key."""

    def add(self, key: str, message: str) -> None:
        """Record one message for a key."""
        self.setdefault(key, []).append(message)


def _text(raw, key: str, errors: _Errors) -> str:
    """A stripped string; numbers are accepted, other types are an error."""
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        errors.add(key, _("Ungültiger Wert."))
        return ""
    return str(value).strip()


def _parse_date(value: str) -> date | None:
    """An ISO date (YYYY-MM-DD) or a German one (TT.MM.JJJJ); None if invalid."""
    try:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", value):
            day, month, year = (int(part) for part in value.split("."))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_euros(value) -> Decimal | None:
    """'3.450', '14,50', 3450 or '3450.5' as euros; raises ValueError on garbage."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _GERMAN_THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not amount.is_finite():
        raise ValueError(value)
    return amount


def _check_length(value: str, key: str, limit: int, errors: _Errors) -> None:
    if len(value) > limit:
        errors.add(key, _("Bitte höchstens %(n)s Zeichen eingeben.", n=number_de(limit)))


def _clean_texts(raw, errors: _Errors) -> dict:
    """Title, description and street."""
    title = _text(raw, "title", errors)
    if not title:
        errors.add("title", _("Bitte geben Sie einen Titel an."))
    elif len(title) < TITLE_MIN:
        errors.add("title", _("Der Titel muss mindestens %(n)s Zeichen lang sein.", n=TITLE_MIN))
    _check_length(title, "title", TITLE_MAX, errors)
    description = _text(raw, "description", errors)
    if not description:
        errors.add("description", _("Bitte beschreiben Sie die Stelle."))
    _check_length(description, "description", DESCRIPTION_MAX, errors)
    street = _text(raw, "street", errors)
    _check_length(street, "street", STREET_MAX, errors)
    return {"title": title, "description": description, "street": street}


def find_place(postal_code: str, locality: str) -> Place | None:
    """The place under the postal code; the locality picks one where the code has several."""

    places = list(db.session.execute(select_places(postal_code)).scalars())
    if locality:
        named = [p for p in places if fold(p.name) == fold(locality)]
        places = named or places
    return places[0] if len(places) == 1 else None


def select_places(postal_code: str):
    """The query for all places under one postal code."""

    return select(Place).filter_by(postal_code=postal_code).order_by(Place.name)


def member_of_place(place: Place, on: date) -> Member | None:
    """The member responsible for the place on the given day, if it is inside the network."""

    return member_for_place(place, on=on)


def _clean_place(raw, errors: _Errors, today: date) -> dict:
    """Postal code and locality: a known place inside the network."""
    postal_code = _text(raw, "postal_code", errors)
    locality = _text(raw, "locality", errors)
    _check_length(locality, "locality", LOCALITY_MAX, errors)
    if not re.fullmatch(r"\d{5}", postal_code):
        errors.add("postal_code", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))
        return {}
    place = find_place(postal_code, locality)
    if place is None:
        errors.add(
            "postal_code", _("Diesen Ort kennen wir nicht. Bitte prüfen Sie Postleitzahl und Ort.")
        )
        return {}
    member = member_of_place(place, today)
    if member is None:
        errors.add("postal_code", _("Dieser Arbeitsort liegt nicht im Gebiet unseres Netzwerks."))
        return {}
    return {"place": place, "member": member}


def _clean_choices(raw, errors: _Errors) -> dict:
    """Employment types (at least one), working model and sector from the fixed lists."""
    types = raw.get("employment_types") or []
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list) or any(t not in EMPLOYMENT_TYPES for t in types):
        errors.add("employment_types", _("Bitte wählen Sie Anstellungsarten aus der Liste."))
        types = []
    elif not types:
        errors.add("employment_types", _("Bitte wählen Sie mindestens eine Anstellungsart."))
    working_model = _text(raw, "working_model", errors)
    if working_model not in WORKING_MODELS:
        errors.add(
            "working_model", _("Bitte wählen Sie ein Arbeitsmodell (vor Ort, hybrid, remote).")
        )
    sector = _text(raw, "sector", errors)
    if sector not in SECTORS:
        errors.add("sector", _("Bitte wählen Sie eine Branche aus der Liste."))
    ordered = [key for key in EMPLOYMENT_TYPES if key in types]
    return {"employment_types": ordered, "working_model": working_model, "sector": sector}


def _salary_amount(raw, key: str, errors: _Errors) -> int | None:
    """One salary bound in cents (entered in euros)."""
    value = raw.get(key)
    if value is None:
        return None
    try:
        amount = parse_euros(value)
    except ValueError:
        errors.add(key, _("Bitte geben Sie einen Betrag in Euro an, z. B. 3.200 oder 14,50."))
        return None
    if amount is None:
        return None
    if amount <= 0 or amount >= SALARY_MAX_EUR:
        errors.add(key, _("Bitte geben Sie einen positiven Betrag an."))
        return None
    return int((amount * 100).to_integral_value())


def _clean_salary(raw, errors: _Errors) -> dict:
    """Optional salary range in euros, stored in cents: min <= max, per month or hour."""
    low = _salary_amount(raw, "salary_min", errors)
    high = _salary_amount(raw, "salary_max", errors)
    unit = _text(raw, "salary_unit", errors) or "month"
    if unit not in SALARY_UNITS:
        errors.add("salary_unit", _("Bitte wählen Sie „pro Monat“ oder „pro Stunde“."))
    if low is not None and high is not None and low > high:
        errors.add(
            "salary_max", _("Das Höchstgehalt darf nicht kleiner als das Mindestgehalt sein.")
        )
    return {"salary_min": low, "salary_max": high, "salary_unit": unit}


def _clean_start(raw, errors: _Errors) -> dict:
    """Start date, or None for "ab sofort"."""
    value = _text(raw, "start_date", errors)
    if raw.get("start_mode") == "datum" and not value:
        errors.add("start_date", _("Bitte geben Sie ein Datum an oder wählen Sie „ab sofort“."))
        return {"start_date": None}
    if raw.get("start_mode") == "sofort" or value.lower() in IMMEDIATELY:
        return {"start_date": None}
    start = _parse_date(value)
    if start is None:
        errors.add("start_date", _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."))
    return {"start_date": start}


def _clean_apply(raw, errors: _Errors) -> dict:
    """How to apply: a link, an e-mail address, or a contact person with phone."""
    values = {
        key: _text(raw, key, errors)
        for key in ("apply_url", "apply_email", "apply_contact", "apply_phone")
    }
    for key, limit in (
        ("apply_url", URL_MAX),
        ("apply_email", EMAIL_MAX),
        ("apply_contact", CONTACT_MAX),
        ("apply_phone", PHONE_MAX),
    ):
        _check_length(values[key], key, limit, errors)
    url = values["apply_url"]
    if url and not is_web_url(url):
        errors.add("apply_url", _("Bitte geben Sie eine vollständige Adresse an (https://…)."))
    if values["apply_email"]:
        try:
            values["apply_email"] = validate_email(
                values["apply_email"], check_deliverability=False
            ).normalized
        except EmailNotValidError:
            errors.add("apply_email", _("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    if values["apply_phone"] and not _PHONE.match(values["apply_phone"]):
        errors.add("apply_phone", _("Bitte geben Sie eine gültige Telefonnummer an."))
    by_contact = values["apply_contact"] and values["apply_phone"]
    if not (url or values["apply_email"] or by_contact):
        errors.add(
            "apply_url",
            _(
                "Bitte geben Sie an, wie man sich bewirbt: Link, E-Mail-Adresse "
                "oder Ansprechperson mit Telefonnummer."
            ),
        )
    return values


def _clean_ends_on(raw, errors: _Errors, today: date) -> dict:
    """Publication end: default today + 60 days, in the future, at most today + 180 days."""
    value = _text(raw, "ends_on", errors)
    if not value:
        return {"ends_on": today + timedelta(days=DEFAULT_DAYS)}
    ends_on = _parse_date(value)
    if ends_on is None:
        errors.add("ends_on", _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."))
    elif ends_on <= today:
        errors.add("ends_on", _("Das Ende der Veröffentlichung muss in der Zukunft liegen."))
    elif ends_on > today + timedelta(days=MAX_DAYS):
        errors.add(
            "ends_on",
            _("Eine Anzeige kann höchstens %(n)s Tage veröffentlicht werden.", n=MAX_DAYS),
        )
    return {"ends_on": ends_on}


def _flag(value) -> bool:
    """A yes/no value of the form (checkbox) or the JSON import (true, 1, "ja" ...)."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes", "y", "ja"}
    return value is True or value == 1


def clean(raw, today: date | None = None) -> tuple[dict, dict[str, list[str]]]:
    """Validate raw vacancy data: (column values, {raw key: [German messages]})."""
    today = today or berlin_today()
    errors = _Errors()
    if not hasattr(raw, "get"):
        errors.add("__all__", _("Eine Stelle muss ein JSON-Objekt sein."))
        return {}, dict(errors)
    values = {}
    for part in (
        _clean_texts(raw, errors),
        _clean_place(raw, errors, today),
        _clean_choices(raw, errors),
        _clean_salary(raw, errors),
        _clean_start(raw, errors),
        _clean_apply(raw, errors),
        _clean_ends_on(raw, errors, today),
        {"english_ok": _flag(raw.get("english_ok"))},
    ):
        values.update(part)
    return values, dict(errors)
