"""Helpers of the alert pages: reading search parameters, describing a saved search."""

from flask import url_for

from ... import alerts
from ...listings import RADII, canonical_dict, parse_search, to_query_string
from ...models.jobs import EMPLOYMENT_TYPES, SECTORS, WORKING_MODELS
from ...places import active_members
from ...returnees import partner_commute, work_query
from ..search.view import LABELS, LEGENDS


def params_from_args(args) -> dict:
    """The canonical search parameters of request args (sort and paging dropped)."""
    members = [m.slug for m in active_members()]
    data = canonical_dict(parse_search(args, member_slugs=members)[0])
    data.pop("sort", None)
    return data


def describe(params: dict) -> list[tuple[str, str]]:
    """(label, value) lines that describe a saved search in German."""
    lines = [("Suchbegriffe", params.get("q") or "alle Stellen")]
    if params.get("where"):
        lines.append(("Ort", f"{params['where']}, Umkreis {params.get('radius_km', 25)} km"))
    names = {m.slug: m.name for m in active_members()}
    labels = {
        "employment_type": EMPLOYMENT_TYPES,
        "working_model": WORKING_MODELS,
        "sector": SECTORS,
        "member": names,
    }
    for name, known in labels.items():
        if params.get(name):
            lines.append((LEGENDS[name], ", ".join(known.get(v, v) for v in params[name])))
    if params.get("published_within"):
        days = int(params["published_within"])
        lines.append((LEGENDS["published_within"], LABELS["published_within"].get(days, "")))
    for flag in ("salary_given", "english"):
        if params.get(flag):
            lines.append((LEGENDS[flag], LABELS[flag][True]))
    return lines


def manage_url(alert) -> str:
    """The management page of an alert's address, by signed link."""
    return url_for("alerts.manage", token=alerts.token_for(alert, "manage"))


def search_page_url(params: dict) -> str:
    """The /jobs page of a saved search."""
    return url_for("search.search_page") + "?" + to_query_string(params)


def alert_url(work_text: str, where: str, commute_km: int, profile=None) -> str:
    """The "save as alert" form for a work text around a place within a commute;
    with ``profile``, also the returnee's sector, employment types and working models."""
    radius = next((r for r in RADII if r >= commute_km), RADII[-1])
    args = {"q": work_query(work_text), "where": where, "radius_km": radius}
    if profile is not None:
        args["sector"] = [profile.sector] if profile.sector else []
        args["employment_type"] = list(profile.employment_types or [])
        args["working_model"] = list(profile.working_models or [])
    return url_for("alerts.new") + "?" + to_query_string(args)


def profile_alert_links(profile, partner: bool = False) -> list[tuple[str, str]]:
    """(home name, "save as alert" URL) per desired home of a returnee profile.

    ``partner``: the partner's search (their work text and commute) instead.
    """
    text = profile.partner_work_text if partner else profile.work_text
    km = partner_commute(profile) if partner else profile.commute_km
    links = []
    for home in profile.homes:
        place = home.place if hasattr(home, "place") else None
        where = f"{place.postal_code} {home.name}" if place is not None else home.name
        own = None if partner else profile
        links.append((home.name, alert_url(text, where, km, own)))
    return links
