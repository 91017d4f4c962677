"""Returnee profiles: places resolved, values checked, saved; shown pseudonymously.

Functions take plain values and raise ProfileError (German messages per field, plus
place candidates where a name is ambiguous). Nothing here commits.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..core.extensions import db
from ..core.text import fold
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import DesiredHome, ReturneeProfile
from ..models.jobs import EMPLOYMENT_TYPES, SECTORS, WORKING_MODELS
from ..models.returnees import VISIBILITIES, VISIBILITY_PRIVATE
from ..places import MAX_COMMUTE_KM, MIN_COMMUTE_KM, STATE_NAMES, in_network, lookup_place

MAX_HOMES = 3
WORK_TEXT_MAX = 300
COUNTRY_MAX = 80

NEEDS = {
    "partner_job": _l("Arbeit für die Partnerin / den Partner"),
    "kita": _l("Kita-Platz"),
    "school": _l("Schulplatz"),
    "rental": _l("Mietwohnung oder Miethaus"),
    "building_plot": _l("Bauplatz"),
}
VISIBILITY_LABELS = {
    "private": _l("Privat – nur für mich"),
    "promoters": _l("Sichtbar für die Wirtschaftsförderung der Region"),
    "promoters_employers": _l(
        "Sichtbar für die Wirtschaftsförderung und geprüfte Arbeitgeber "
        "(ohne Name und E-Mail-Adresse)"
    ),
}
TIMELINES = {
    "soon": _l("innerhalb von 6 Monaten"),
    "year": _l("in 6 bis 12 Monaten"),
    "later": _l("später"),
    "unknown": _l("noch offen"),
}
# Coarse occupation field from work-text keywords (folded stems), when no sector is chosen.
FIELD_KEYWORDS = {
    "handwerk": "elektr handwerk tischler maler dachdeck install sanitaer baecker friseur kfz",
    "industrie": "mechani produktion cnc schweiss fertigung maschinen",
    "it": "informatik software entwickl it admin daten programm devops web",
    "gesundheit": "pflege arzt aerzt kranken therap medizin apothek hebamme",
    "soziales": "erzieh sozial paedagog kita betreuung",
    "handel": "verkauf vertrieb handel kauf einzelhandel",
    "logistik": "logistik lager fahrer kraftfahr spedition",
    "bau": "bau architekt ingenieur vermess",
    "verwaltung": "verwaltung buero sachbearbeit amt",
}
_CONTACT_DATA = re.compile(r"@|https?://|www\.|\d[\d /-]{6,}\d")


class ProfileError(Exception):
    """Invalid profile input: German messages by field, candidates for ambiguous places."""

    def __init__(self, errors: dict, candidates: dict | None = None):
        super().__init__(_("Bitte korrigieren Sie die markierten Angaben."))
        self.errors = errors
        self.candidates = candidates or {}


@dataclass
class ProfileInput:
    """Plain profile values as entered (places as query strings)."""

    homes: list = field(default_factory=list)
    commute_km: int | None = None
    current_place: str = ""
    abroad_country: str = ""
    origin_member_id: int | None = None
    work_text: str = ""
    partner_work_text: str = ""
    partner_commute_km: int | None = None
    sector: str = ""
    employment_types: list = field(default_factory=list)
    working_models: list = field(default_factory=list)
    return_month: date | None = None
    needs: list = field(default_factory=list)
    visibility: str = VISIBILITY_PRIVATE


@dataclass(frozen=True)
class ResolvedPlace:
    """A place query resolved to one town: a place row, labels and the measuring point."""

    place_id: int
    name: str
    label: str
    lat: float
    lon: float


def profile_for(user_id: int) -> ReturneeProfile | None:
    """The returnee profile of a user, if there is one."""
    query = select(ReturneeProfile).filter_by(user_id=user_id)
    return db.session.execute(query).scalar_one_or_none()


def resolve_place(query: str) -> tuple[ResolvedPlace | None, str | None, tuple]:
    """(place, error message, candidates) for a place name or postal code.

    A postal code measures from its own centroid, a name from the town's centroid.
    """
    lookup = lookup_place(query)
    if lookup.ambiguous and not lookup.postal_code:
        return None, _("Mehrere Orte heißen so. Bitte wählen Sie einen aus."), lookup.candidates
    if not lookup.found and not (lookup.postal_code and lookup.candidates):
        return None, _("Diesen Ort kennen wir nicht. Bitte prüfen Sie Name oder Postleitzahl."), ()
    locality = lookup.locality or lookup.candidates[0]
    if lookup.postal_code:
        locality = locality.for_code(lookup.postal_code)
    lat, lon = lookup.point
    resolved = ResolvedPlace(locality.place_ids[0], locality.name, locality.label, lat, lon)
    return resolved, None, ()


def _check_choices(values: list, allowed, name: str, errors: dict) -> list:
    """Keep known choices; an unknown one is an error on the field."""
    values = [v for v in values or [] if v]
    if any(v not in allowed for v in values):
        errors[name] = _("Bitte wählen Sie nur Einträge aus der Liste.")
    return list(dict.fromkeys(values))


def _check_homes(data: ProfileInput, errors: dict, candidates: dict) -> list[ResolvedPlace]:
    """Resolve the one to three desired homes."""
    homes = []
    entries = [(f"home_{i}", (q or "").strip()) for i, q in enumerate(data.homes[:MAX_HOMES], 1)]
    for key, query in entries:
        if not query:
            continue
        place, error, found = resolve_place(query)
        if error:
            errors[key] = error
            if found:
                candidates[key] = found
        elif all(h.label != place.label for h in homes):
            homes.append(place)
    if not any(q for _k, q in entries) and "home_1" not in errors:
        errors["home_1"] = _("Bitte nennen Sie mindestens einen Ort, an dem Sie wohnen möchten.")
    return homes


def _check_work_text(text: str, name: str, errors: dict) -> None:
    """Occupations or keywords: limited length, no contact data."""
    if len(text or "") > WORK_TEXT_MAX:
        errors[name] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=WORK_TEXT_MAX)
    elif _CONTACT_DATA.search(text or ""):
        errors[name] = _(
            "Bitte keine E-Mail-Adressen, Links oder Telefonnummern angeben – "
            "Kontakt läuft über das Portal."
        )


def _check_basics(data: ProfileInput, errors: dict) -> None:
    """Commute radius, work text, country, visibility and the month of return."""
    if data.commute_km is None or not MIN_COMMUTE_KM <= data.commute_km <= MAX_COMMUTE_KM:
        errors["commute_km"] = _(
            "Bitte geben Sie eine Entfernung von %(min_commute_km)s bis %(max_commute_km)s km an.",
            min_commute_km=MIN_COMMUTE_KM,
            max_commute_km=MAX_COMMUTE_KM,
        )
    for name in ("work_text", "partner_work_text"):
        _check_work_text(getattr(data, name), name, errors)
    partner_km = data.partner_commute_km
    if partner_km is not None and not MIN_COMMUTE_KM <= partner_km <= MAX_COMMUTE_KM:
        errors["partner_commute_km"] = _(
            "Bitte geben Sie eine Entfernung von %(min_commute_km)s bis %(max_commute_km)s km an.",
            min_commute_km=MIN_COMMUTE_KM,
            max_commute_km=MAX_COMMUTE_KM,
        )
    if len(data.abroad_country or "") > COUNTRY_MAX:
        errors["abroad_country"] = _("Bitte höchstens %(n)s Zeichen eingeben.", n=COUNTRY_MAX)
    if data.visibility not in VISIBILITIES:
        errors["visibility"] = _("Bitte wählen Sie, wer Ihr Profil sehen darf.")
    if data.sector and data.sector not in SECTORS:
        errors["sector"] = _("Bitte wählen Sie ein Berufsfeld aus der Liste.")


def _check_current(data: ProfileInput, errors: dict, candidates: dict) -> ResolvedPlace | None:
    """The current place (only when not abroad)."""
    if data.abroad_country.strip() or not data.current_place.strip():
        return None
    place, error, found = resolve_place(data.current_place)
    if error:
        errors["current_place"] = error
        if found:
            candidates["current_place"] = found
    return place


def save_profile(user, data: ProfileInput) -> ReturneeProfile:
    """Create or update the user's profile from checked values (not committed)."""
    errors, candidates = {}, {}
    homes = _check_homes(data, errors, candidates)
    _check_basics(data, errors)
    current = _check_current(data, errors, candidates)
    employment = _check_choices(data.employment_types, EMPLOYMENT_TYPES, "employment_types", errors)
    models = _check_choices(data.working_models, WORKING_MODELS, "working_models", errors)
    needs = _check_choices(data.needs, NEEDS, "needs", errors)
    if errors:
        raise ProfileError(errors, candidates)
    profile = profile_for(user.id) or ReturneeProfile(user_id=user.id)
    profile.current_place_id = current.place_id if current else None
    profile.abroad_country = data.abroad_country.strip()
    profile.origin_member_id = data.origin_member_id or None
    profile.commute_km = data.commute_km
    profile.work_text = " ".join((data.work_text or "").split())
    profile.partner_work_text = " ".join((data.partner_work_text or "").split())
    profile.partner_commute_km = data.partner_commute_km if profile.partner_work_text else None
    profile.sector = data.sector or ""
    profile.employment_types, profile.working_models, profile.needs = employment, models, needs
    profile.return_month = data.return_month.replace(day=1) if data.return_month else None
    profile.visibility = data.visibility
    profile.homes = [
        DesiredHome(
            position=i, place_id=h.place_id, name=h.name, label=h.label, lat=h.lat, lon=h.lon
        )
        for i, h in enumerate(homes)
    ]
    db.session.add(profile)
    db.session.flush()
    return profile


def delete_profile(user) -> bool:
    """Delete the user's profile (homes and contact requests go with it)."""
    profile = profile_for(user.id)
    if profile is None:
        return False
    db.session.delete(profile)
    db.session.flush()
    return True


# --- what others see ------------------------------------------------------------------


def coarse_location(profile: ReturneeProfile) -> str:
    """Where the returnee lives now, coarsely: 'außerhalb der Region' or the state."""
    place = profile.current_place
    if place is None or profile.lives_abroad:
        return _("außerhalb der Region")
    if in_network(place):
        return _("in der Region")
    return STATE_NAMES.get(place.state) or _("außerhalb der Region")


def occupation_field(profile: ReturneeProfile) -> str:
    """The occupation field: the chosen sector, else derived from work-text keywords."""
    if profile.sector:
        return profile.sector
    words = fold(profile.work_text).split()
    for sector, stems in FIELD_KEYWORDS.items():
        if any(word.startswith(stem) or stem in word for stem in stems.split() for word in words):
            return sector
    return "unknown" if not words else "other"


def return_timeline(profile: ReturneeProfile, today: date) -> str:
    """When the returnee wants to come back: soon (<=6 months), year, later, unknown."""
    if profile.return_month is None:
        return "unknown"
    months = (
        (profile.return_month.year - today.year) * 12 + profile.return_month.month - today.month
    )
    if months <= 6:
        return "soon"
    return "year" if months <= 12 else "later"
