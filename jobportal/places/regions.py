"""Region definitions (shipped as data) and membership of places in the network.

Membership questions are answered here, one function each: active_members,
members_for_place / member_for_place, in_network, network_places, nearest_members.
Dates default to today in Europe/Berlin; a member is active from joined_on (inclusive)
until left_on (exclusive).
"""

import json
import re
from datetime import date
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, or_, select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.geometry import haversine_km
from ..core.text import fold
from ..core.translation import gettext as _
from ..models import Member, Place, Region, member_places
from .reference import MemberRef, remembered

REGIONS_DIR = Path(__file__).resolve().parent.parent / "data" / "regions"
KINDS = ("municipality", "district")
_AGS_PATTERN = {"municipality": r"\d{8}", "district": r"\d{5}"}


class MembershipError(Exception):
    """A membership change that is not possible; the message is German and user-facing."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class UnknownPlaceError(LookupError):
    """A member definition names a locality the places data does not have."""

    def __init__(self, member: str, place: str, state: str):
        super().__init__(f"member {member}: no place {place!r} in {state}")
        self.place = place
        self.state = state


@cache
def region_definition(slug: str) -> dict:
    """The region's definition from jobportal/data/regions/<slug>.json."""
    path = REGIONS_DIR / f"{slug}.json"
    if not path.is_file():
        raise LookupError(f"unknown region {slug!r}; known: {', '.join(available_regions())}")
    return json.loads(path.read_text(encoding="utf-8"))


def available_regions() -> list[str]:
    """Slugs of all shipped region definitions."""
    return sorted(p.stem for p in REGIONS_DIR.glob("*.json"))


def current_region_info() -> dict:
    """The definition of the region this installation serves (config REGION)."""
    return region_definition(current_app.config["REGION"])


# --- syncing the shipped data -------------------------------------------------------------


def _member_places(spec: dict) -> list[Place]:
    """Place rows a member covers: its localities (optionally narrowed to postal codes)."""
    state = spec.get("state", "SN")
    entries = [
        (entry, None) if isinstance(entry, str) else (entry["name"], set(entry["postal_codes"]))
        for entry in spec["localities"]
    ]
    keys = {fold(name) for name, _codes in entries}
    candidates = db.session.execute(
        select(Place).where(Place.name_key.in_(keys), Place.state == state)
    ).scalars()
    by_key: dict[str, list[Place]] = {}
    for place in candidates:
        by_key.setdefault(place.name_key, []).append(place)
    found = []
    for name, codes in entries:
        matches = [p for p in by_key.get(fold(name), []) if codes is None or p.postal_code in codes]
        if not matches:
            raise UnknownPlaceError(spec["name"], name, state)
        found.extend(p for p in matches if p not in found)
    return sorted(found, key=lambda p: (p.postal_code, p.name))


def _apply_spec(member: Member, spec: dict, places: list[Place] | None = None) -> None:
    """Set a member's name, kind, places and centre from a definition (not its dates)."""
    member.slug = spec["slug"]
    member.name = spec["name"]
    member.kind = spec.get("kind", "municipality")
    member.population = spec.get("population")
    member.places = places if places is not None else _member_places(spec)
    center = spec.get("center_postal_code")
    member.center_place = next(
        (p for p in member.places if p.postal_code == center), member.places[0]
    )


def sync_region(slug: str) -> tuple:
    """Create or update the region and its members from the shipped data (idempotent).

    Returns (region, number of members). Membership dates in the database win over
    the file once set by an admin, except on first creation. Members are matched within
    the region by AGS, then by slug (so a corrected AGS in the file updates the member);
    a district in two regions is one member row in each.
    """
    data = region_definition(slug)
    region = db.session.execute(select(Region).filter_by(slug=slug)).scalar_one_or_none()
    if region is None:
        region = Region(slug=slug, name=data["name"])
        db.session.add(region)
    region.name = data["name"]
    region.description = data.get("description", "")
    db.session.flush()

    for spec in data["members"]:
        mine = select(Member).filter_by(region_id=region.id)
        member = (
            db.session.execute(mine.filter_by(ags=spec["ags"])).scalar_one_or_none()
            or db.session.execute(mine.filter_by(slug=spec["slug"])).scalar_one_or_none()
        )
        if member is None:
            member = Member(
                joined_on=date.fromisoformat(spec["joined_on"]),
                left_on=date.fromisoformat(spec["left_on"]) if spec.get("left_on") else None,
                description=spec.get("description", ""),
            )
            db.session.add(member)
        member.region = region
        member.ags = spec["ags"]
        _apply_spec(member, spec)
    db.session.flush()
    return region, len(data["members"])


# --- membership questions -----------------------------------------------------------------


def _active_on(on: date):
    """SQL condition: the member belongs to the network on that day."""
    return and_(Member.joined_on <= on, or_(Member.left_on.is_(None), Member.left_on > on))


def _in_region():
    """SQL condition: the member belongs to the configured region."""
    return Member.region_id.in_(
        select(Region.id).where(Region.slug == current_app.config["REGION"])
    )


def active_members(on: date | None = None) -> list[Member]:
    """Members of the configured region active on the day (default today), by name."""
    query = (
        select(Member).where(_in_region(), _active_on(on or berlin_today())).order_by(Member.name)
    )
    return list(db.session.execute(query).scalars())


def members_during(first: date, last: date) -> list[Member]:
    """Members of the configured region active on any day from first to last, by name."""
    query = (
        select(Member)
        .where(
            _in_region(),
            Member.joined_on <= last,
            or_(Member.left_on.is_(None), Member.left_on > first),
        )
        .order_by(Member.name)
    )
    return list(db.session.execute(query).scalars())


def active_member_refs() -> tuple[MemberRef, ...]:
    """Today's active members (as ``active_members``) as plain values, kept in the
    process (reference.py): what every search page needs without a query."""
    today, region = berlin_today(), current_app.config["REGION"]
    return remembered(
        ("members", region, today),
        lambda: tuple(MemberRef(m.id, m.slug, m.name, m.kind) for m in active_members(today)),
    )


def members_for_place(place: Place | int | None, on: date | None = None) -> list[Member]:
    """Active members covering a place: municipalities first, then districts, by name."""
    place_id = place if isinstance(place, int) else getattr(place, "id", None)
    if place_id is None:
        return []
    query = (
        select(Member)
        .join(member_places, member_places.c.member_id == Member.id)
        .where(member_places.c.place_id == place_id, _in_region(), _active_on(on or berlin_today()))
    )
    members = db.session.execute(query).scalars()
    return sorted(members, key=lambda m: (m.kind != "municipality", m.name))


def member_for_place(place: Place | int | None, on: date | None = None) -> Member | None:
    """The member responsible for a place on the day: its municipality, else its district."""
    members = members_for_place(place, on)
    return members[0] if members else None


def in_network(place: Place | int | None, on: date | None = None) -> bool:
    """Whether the place lies inside the network on the day (default today)."""
    return member_for_place(place, on) is not None


def network_places(on: date | None = None) -> list[Place]:
    """All places inside the network on the day, by postal code and name."""
    covered = (
        select(member_places.c.place_id)
        .join(Member, Member.id == member_places.c.member_id)
        .where(_in_region(), _active_on(on or berlin_today()))
    )
    query = select(Place).where(Place.id.in_(covered)).order_by(Place.postal_code, Place.name)
    return list(db.session.execute(query).scalars())


def nearest_members(
    lat: float, lon: float, on: date | None = None, limit: int = 3
) -> list[tuple[Member, float]]:
    """Active members by distance (km) of their centre from the point, nearest first."""
    pairs = [
        (member, haversine_km(lat, lon, member.center_place.lat, member.center_place.lon))
        for member in active_members(on)
        if member.center_place is not None
    ]
    return sorted(pairs, key=lambda pair: (pair[1], pair[0].name))[: max(limit, 0)]


# --- admin changes ------------------------------------------------------------------------


def add_member(
    name: str,
    ags: str,
    joined_on: date,
    localities: list,
    kind: str = "municipality",
    state: str = "SN",
    slug: str | None = None,
    population: int | None = None,
    center_postal_code: str | None = None,
) -> Member:
    """Add a member to the configured region, joining on a date (not committed).

    localities are place names as in the places data, or {"name", "postal_codes"} dicts.
    Raises MembershipError for invalid or duplicate data.
    """
    name, ags = (name or "").strip(), (ags or "").strip()
    slug = (slug or fold(name).replace(" ", "-"))[:80]
    region = db.session.execute(
        select(Region).filter_by(slug=current_app.config["REGION"])
    ).scalar_one()
    _check_new_member(region, name, ags, kind, slug)
    spec = {
        "name": name,
        "slug": slug,
        "kind": kind,
        "state": state,
        "localities": localities,
        "population": population,
        "center_postal_code": center_postal_code,
    }
    if not localities:
        raise MembershipError(_("Bitte geben Sie mindestens einen Ort an."), "localities")
    try:
        places = _member_places(spec)
    except UnknownPlaceError as error:
        message = _(
            "Den Ort „%(place)s“ kennen wir im Land %(state)s nicht.",
            place=error.place,
            state=error.state,
        )
        raise MembershipError(message, "localities") from error
    member = Member(region=region, ags=ags, joined_on=joined_on, left_on=None, description="")
    _apply_spec(member, spec, places)
    db.session.add(member)
    db.session.flush()
    return member


def _check_new_member(region: Region, name: str, ags: str, kind: str, slug: str) -> None:
    """Raise MembershipError unless name, AGS, kind and slug are valid and unused in the region."""
    if not name or len(name) > 200:
        raise MembershipError(_("Bitte geben Sie einen Namen an (höchstens 200 Zeichen)."), "name")
    if kind not in KINDS:
        raise MembershipError("Unbekannte Art des Mitglieds.", "kind")
    if not re.fullmatch(_AGS_PATTERN[kind], ags):
        raise MembershipError(
            _("Der Gemeindeschlüssel hat 8 Ziffern, der Kreisschlüssel 5 Ziffern."), "ags"
        )
    mine = select(Member.id).filter_by(region_id=region.id)
    if db.session.execute(mine.filter_by(ags=ags)).first():
        raise MembershipError(_("Ein Mitglied mit diesem Schlüssel gibt es schon."), "ags")
    if not slug or db.session.execute(mine.filter_by(slug=slug)).first():
        raise MembershipError(_("Ein Mitglied mit diesem Namen gibt es schon."), "name")


def end_membership(member: Member, left_on: date | None) -> Member:
    """Record the day a member leaves (exclusive: it is no longer active that day).

    None reopens the membership. Raises MembershipError if the day is not after joined_on.
    """
    if left_on is not None and left_on <= member.joined_on:
        raise MembershipError("Das Austrittsdatum muss nach dem Beitrittsdatum liegen.", "left_on")
    member.left_on = left_on
    db.session.flush()
    return member
