"""`flask import ba --probe`: one small search, the shape it got and what a run would
import from it. Nothing is written (no details are fetched, the session is rolled back)."""

from urllib.parse import urlencode

from flask import current_app

from ..core.clock import berlin_today
from ..core.extensions import db
from ..places import active_members
from . import shape, sync
from .areas import search_areas
from .client import BaClient, BaError
from .importer import AGENCY_FLAGS, PRIVATE_FLAGS, search_params
from .mapping import BadRecord, employer_name, offer_from_search
from .placing import place_listing

PROBE_SIZE = 5
SHAPES = {"ergebnisliste": "v6", "stellenangebote": "v4"}


def _left_out(config, item: dict) -> bool:
    """Whether settings leave the record out (temporary agency, private placement)."""
    agency = not config["BA_ZEITARBEIT"] and shape.flag(item, *AGENCY_FLAGS)
    return agency or (not config["BA_PAV"] and shape.flag(item, *PRIVATE_FLAGS))


def _verdict(config, item, today) -> tuple[str, str]:
    """(what a run would do with the record, one line about it)."""
    try:
        offer = offer_from_search(item)
    except BadRecord as error:
        return "nicht lesbar", str(error)
    who = "" if not offer.employer and not offer.anonymous else employer_name(offer)
    line = f"{offer.refnr} | {offer.title} | {who or '?'}"
    places = ", ".join(p.label() for p in offer.places) or "kein Ort"
    if _left_out(config, item):
        return "ausgelassen", f"{line} | {places}"
    placement = place_listing(offer.places, today, config["BA_COORDINATES_KM"])
    if placement.main is None:
        kind = "außerhalb" if placement.found else "Ort unbekannt"
        return kind, f"{line} | {places}"
    link = sync.find(offer.refnr)
    kind = "neu" if link is None else "unverändert"
    if link is not None and link.modified != offer.modified:
        kind = "aktualisieren"
    where = f"{placement.main.postal_code} {placement.main.name}"
    more = f" (+{len(offer.places) - 1} weitere Orte)" if len(offer.places) > 1 else ""
    return kind, f"{line} | {where}{more}"


def probe(client: BaClient | None = None, size: int = PROBE_SIZE) -> tuple[list[str], bool]:
    """One search of the first member's area: (lines to print, whether it looked right)."""
    config = current_app.config
    client = client or BaClient(config)
    today = berlin_today()
    areas = search_areas(active_members(today))
    kind = int(config["BA_ANGEBOTSARTEN"][0])
    params = search_params(config, areas[0], kind) if areas else {}
    params.update(page=1, size=size)
    lines = [f"Anfrage: GET {client.base_url}{client.search_path}?{urlencode(params)}"]
    try:
        data = client.search(params)
    except BaError as error:
        lines.append(f"FEHLER: {error}")
        return lines, False
    finally:
        client.close()
    try:
        lines += _report(config, data, today)
    finally:
        db.session.rollback()
    return lines, True


def _report(config, data: dict, today) -> list[str]:
    """The shape of the answer and a verdict per record."""
    key = shape.list_key(data)
    records = (data[key] if key else None) or []
    form = f"„{key}“ ({SHAPES[key]}-Form)" if key else "keine (keine Treffer)"
    lines = [
        f"Antwort: {shape.TOTAL_KEY} = {data.get(shape.TOTAL_KEY)}, Liste: {form}, "
        f"{len(records)} Einträge",
        f"Schlüssel der Antwort: {shape.describe_keys(data)}",
    ]
    if records and isinstance(records[0], dict):
        lines.append(f"Schlüssel des ersten Eintrags: {shape.describe_keys(records[0], 40)}")
    counts: dict[str, int] = {}
    for item in records:
        verdict, line = _verdict(config, item, today)
        counts[verdict] = counts.get(verdict, 0) + 1
        lines.append(f"  [{verdict}] {line}")
    summary = ", ".join(f"{kind}: {n}" for kind, n in counts.items()) or "nichts"
    lines.append(f"Ein Lauf würde aus diesen Einträgen: {summary}")
    return lines
