"""Region definitions (shipped as data) and membership of places in the network."""

import json
from functools import cache
from pathlib import Path

from flask import current_app

REGIONS_DIR = Path(__file__).resolve().parent / "data" / "regions"


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


def _member_places(spec: dict, places_by_name: dict) -> list:
    """Place rows a member covers: its localities (optionally narrowed to postal codes)."""
    from .geo import fold

    found = []
    state = spec.get("state", "SN")
    for entry in spec["localities"]:
        name, codes = (entry, None) if isinstance(entry, str) else (
            entry["name"], set(entry["postal_codes"])
        )
        matches = [
            p for p in places_by_name.get(fold(name), [])
            if p.state == state and (codes is None or p.postal_code in codes)
        ]
        if not matches:
            raise LookupError(f"member {spec['name']}: no place {name!r} in {state}")
        found.extend(matches)
    return found


def sync_region(slug: str) -> tuple:
    """Create or update the region and its members from the shipped data (idempotent).

    Returns (region, number of members). Membership dates in the database win over
    the file once set by an admin, except on first creation.
    """
    from collections import defaultdict
    from datetime import date

    from sqlalchemy import select

    from .extensions import db
    from .models import Member, Place, Region

    data = region_definition(slug)
    region = db.session.execute(select(Region).filter_by(slug=slug)).scalar_one_or_none()
    if region is None:
        region = Region(slug=slug, name=data["name"])
        db.session.add(region)
    region.name = data["name"]
    region.description = data.get("description", "")
    db.session.flush()

    places_by_name = defaultdict(list)
    for place in db.session.execute(select(Place)).scalars():
        places_by_name[place.name_key].append(place)

    for spec in data["members"]:
        member = db.session.execute(select(Member).filter_by(ags=spec["ags"])).scalar_one_or_none()
        if member is None:
            member = Member(
                ags=spec["ags"],
                joined_on=date.fromisoformat(spec["joined_on"]),
                left_on=date.fromisoformat(spec["left_on"]) if spec.get("left_on") else None,
                description=spec.get("description", ""),
            )
            db.session.add(member)
        member.region = region
        member.slug = spec["slug"]
        member.name = spec["name"]
        member.kind = spec.get("kind", "municipality")
        member.population = spec.get("population")
        member.places = _member_places(spec, places_by_name)
        center = spec.get("center_postal_code")
        member.center_place = next(
            (p for p in member.places if p.postal_code == center), member.places[0]
        )
    db.session.flush()
    return region, len(data["members"])
