"""Snapshots: the JSON-able form of a listing's content.

`snapshot` and friends convert between a listing (or cleaned values, data.py) and the
form kept in `pending_changes` / `approved_snapshot`, and back to raw form values.
"""

from datetime import date

from ..core.clock import berlin_today
from ..core.extensions import db
from ..models import Place
from .data import member_of_place

# Fields whose change on a published listing needs a new review; the rest applies at once.
SUBSTANTIVE_FIELDS = (
    "title",
    "description",
    "place_id",
    "street",
    "employment_types",
    "working_model",
    "sector",
    "salary_min",
    "salary_max",
    "salary_unit",
    "start_date",
    "apply_url",
    "apply_email",
    "apply_contact",
    "apply_phone",
    "english_ok",
)
SNAPSHOT_FIELDS = (*SUBSTANTIVE_FIELDS, "ends_on")


def values_snapshot(values: dict) -> dict:
    """Cleaned values as a JSON-able snapshot (place as id, dates as ISO strings)."""
    snap = {key: values[key] for key in SNAPSHOT_FIELDS if key in values}
    if "place" in values:
        snap["place_id"] = values["place"].id
    for key in ("start_date", "ends_on"):
        if key in snap and snap[key] is not None:
            snap[key] = snap[key].isoformat()
    return snap


def snapshot(job) -> dict:
    """The listing's current content as a JSON-able snapshot."""
    values = {key: getattr(job, key) for key in SNAPSHOT_FIELDS}
    values["employment_types"] = list(values["employment_types"] or [])
    return values_snapshot(values)


def apply_snapshot(job, snap: dict, today: date | None = None) -> None:
    """Write snapshot values onto the listing (the member follows the place)."""
    for key, value in snap.items():
        if key in ("start_date", "ends_on") and value is not None:
            value = date.fromisoformat(value)
        setattr(job, key, value)
    if "place_id" in snap:
        place = db.session.get(Place, snap["place_id"])
        job.place = place
        member = member_of_place(place, today or berlin_today())
        if member is not None:
            job.member = member


def raw_values(snap: dict) -> dict:
    """A snapshot as raw form values (euros as German text, dates ISO)."""
    raw = {key: value for key, value in snap.items() if key not in ("place_id",)}
    place = db.session.get(Place, snap["place_id"]) if snap.get("place_id") else None
    raw["postal_code"] = place.postal_code if place else ""
    raw["locality"] = place.name if place else ""
    for key in ("salary_min", "salary_max"):
        cents = snap.get(key)
        raw[key] = "" if cents is None else format_euros(cents)
    raw["start_mode"] = "datum" if snap.get("start_date") else "sofort"
    raw["start_date"] = snap.get("start_date") or ""
    return raw


def format_euros(cents: int) -> str:
    """Cents as a plain German amount for form fields: 3200, 14,50."""
    if cents % 100 == 0:
        return str(cents // 100)
    return f"{cents // 100},{cents % 100:02d}"
