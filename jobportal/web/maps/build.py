"""The points of the portal's maps and the SVG map around them."""

from flask import current_app, url_for

from ...places import MapPoint, SvgMap, member_centre, region_coords, svg_map
from ...returnees import members_with_counts
from ..security import tile_origin

HIT_TITLES = 5  # listings named in a search-hit marker's popup


def member_points() -> list[MapPoint]:
    """Every active member at its centre, with the number of its open listings."""
    points = []
    for member, count in members_with_counts():
        centre = member_centre(member)
        if centre is not None:
            url = url_for("returnee.member", slug=member.slug)
            points.append(MapPoint(*centre, member.name, count, url, "member"))
    return points


def job_points(job) -> list[MapPoint]:
    """A listing's place (the one place a listing has)."""
    place = job.place
    label = f"{place.postal_code} {place.name}"
    return [MapPoint(place.lat, place.lon, label, 1, None, "place")]


def hit_points(rows, job_url=None) -> list[MapPoint]:
    """Search hits grouped by place: one marker per place; with ``job_url`` (the marker
    answer) the first titles and their links as items (the SVG map draws no items)."""
    by_place: dict[int, list] = {}
    for row in rows:
        by_place.setdefault(row.job.place_id, []).append(row.job)
    points = []
    for jobs in by_place.values():
        place = jobs[0].place
        items = tuple((job.title, job_url(job)) for job in jobs[:HIT_TITLES]) if job_url else ()
        label = f"{place.postal_code} {place.name}"
        points.append(MapPoint(place.lat, place.lon, label, len(jobs), None, "hits", items))
    return points


def region_map(points=None) -> SvgMap:
    """The region's outline with ``points`` (default: the members with their counts)."""
    return svg_map(region_coords(), member_points() if points is None else points)


def member_context(leave_out=None) -> list[MapPoint]:
    """The members around a highlighted place (``leave_out``: the member highlighted)."""
    return [p for p in member_points() if leave_out is None or p.label != leave_out.name]


def job_map(job) -> SvgMap:
    """The region with its members (small) and the listing's place."""
    return svg_map(region_coords(), member_context() + job_points(job))


def one_member_points(member, count: int) -> list[MapPoint]:
    """One member as the highlighted place, with its open listings."""
    centre = member_centre(member)
    return [] if centre is None else [MapPoint(*centre, member.name, count, None, "place")]


def member_map(member, count: int) -> SvgMap:
    """The region with the other members (small) and this member highlighted."""
    points = member_context(leave_out=member) + one_member_points(member, count)
    return svg_map(region_coords(), points)


def matches_map(profile, matches) -> SvgMap:
    """A returnee's homes with their commute circles and the places of the matches
    (personal: drawn on the server only, never a cached marker answer)."""
    homes = [MapPoint(h.lat, h.lon, h.name, 0, None, "place") for h in profile.homes]
    circles = [(h.lat, h.lon, profile.commute_km, h.name) for h in profile.homes]
    points = hit_points(matches) + homes
    return svg_map(region_coords(), points, circles=circles)


def map_settings() -> dict | None:
    """The tile service for the Leaflet maps (None: only the SVG maps are shown)."""
    config = current_app.config
    url = config.get("MAP_TILE_URL") or ""
    if tile_origin(config) is None:
        return None
    return {
        "tile_url": url,
        "attribution": config.get("MAP_TILE_ATTRIBUTION", ""),
        "attribution_url": config.get("MAP_TILE_ATTRIBUTION_URL", ""),
        "max_zoom": int(config.get("MAP_TILE_MAX_ZOOM", 18)),
    }
