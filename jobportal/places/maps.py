"""Maps without a tile server: the region's outline and its points in an SVG box.

The server-rendered map (shown without JavaScript, without tiles, in tests) and the
markers of the Leaflet map come from here. Plain functions on coordinates: the
outline is the convex hull of the network's places, widened by a margin; points are
projected with an equirectangular projection scaled by the cosine of the middle
latitude (good enough for a region of a hundred kilometres).
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app

from ..core.clock import berlin_today
from .reference import remembered
from .regions import network_places

SVG_WIDTH = 640
SVG_PAD = 24  # pixels around the outline
OUTLINE_MARGIN = 0.06  # the outline is this much larger than the hull (share of its size)
MIN_RADIUS, MAX_RADIUS = 4.0, 16.0


@dataclass(frozen=True)
class MapPoint:
    """A point on a map: a member with its open listings, a job's place, a search hit."""

    lat: float
    lon: float
    label: str
    count: int = 0
    url: str | None = None
    kind: str = "member"  # member | place | hits
    items: tuple = ()  # (label, url) pairs, e.g. the listings behind a search-hit point


@dataclass(frozen=True)
class SvgPoint:
    """A point projected into the SVG box; ``label_x`` None: no name drawn beside it."""

    x: float
    y: float
    r: float
    point: MapPoint
    label_x: float | None = None
    label_end: bool = False  # the name ends left of the point (right edge of the map)


@dataclass(frozen=True)
class SvgCircle:
    """A circle of ``radius_km`` around a place (a commute region), projected."""

    x: float
    y: float
    r: float
    radius_km: float
    label: str


@dataclass(frozen=True)
class SvgMap:
    """What the template draws: the box, the outline as a path, circles, the points."""

    width: int
    height: int
    outline: str
    points: tuple
    circles: tuple = ()


def convex_hull(coords) -> list[tuple[float, float]]:
    """The convex hull of (lat, lon) pairs, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted({(lon, lat) for lat, lon in coords})
    if len(pts) <= 2:
        return [(lat, lon) for lon, lat in pts]

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return [(lat, lon) for lon, lat in lower[:-1] + upper[:-1]]


def _widened(hull: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The hull pushed away from its centre so points on it are not on the line."""
    if not hull:
        return []
    lat0 = sum(p[0] for p in hull) / len(hull)
    lon0 = sum(p[1] for p in hull) / len(hull)
    span = max(
        max(p[0] for p in hull) - min(p[0] for p in hull),
        max(p[1] for p in hull) - min(p[1] for p in hull),
        0.05,
    )
    out = []
    for lat, lon in hull:
        dlat, dlon = lat - lat0, lon - lon0
        length = math.hypot(dlat, dlon) or 1.0
        grow = OUTLINE_MARGIN * span / length
        out.append((lat + dlat * grow, lon + dlon * grow))
    if len(out) < 3:  # one or two places: a diamond around them
        d = OUTLINE_MARGIN * span * 2
        out = [(lat0 + d, lon0), (lat0, lon0 + d), (lat0 - d, lon0), (lat0, lon0 - d)]
    return out


def point_radius(count: int, largest: int) -> float:
    """Radius of a point sized by its count (area grows with the count)."""
    if largest <= 0 or count <= 0:
        return MIN_RADIUS
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(count / largest), 1)


KM_PER_DEGREE = 111.32


def _circle_extent(lat: float, lon: float, km: float) -> list[tuple[float, float]]:
    """The four extreme points of a circle (for the box around the map)."""
    dlat = km / KM_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.1)
    return [(lat + dlat, lon), (lat - dlat, lon), (lat, lon + dlon), (lat, lon - dlon)]


def svg_map(outline_coords, points, width: int = SVG_WIDTH, circles=()) -> SvgMap:
    """Project the outline (the hull of ``outline_coords``), ``points`` and ``circles``
    ((lat, lon, radius in km, label) each) into a box that holds them all (the same
    map of the same points is projected once: a popular search page, the home page)."""
    return _svg_map(tuple(outline_coords), tuple(points), width, tuple(circles))


@lru_cache(maxsize=256)
def _svg_map(outline_coords: tuple, points: tuple, width: int, circles: tuple) -> SvgMap:
    """svg_map of hashable arguments."""
    outline = _widened(convex_hull(list(outline_coords) + [(p.lat, p.lon) for p in points]))
    if not outline:
        return SvgMap(width, width // 2, "", ())
    extent = [c for lat, lon, km, _label in circles for c in _circle_extent(lat, lon, km)]
    lats = [p[0] for p in outline + extent]
    lons = [p[1] for p in outline + extent]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * kx, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = (width - 2 * SVG_PAD) / span_x
    height = round(span_y * scale + 2 * SVG_PAD)

    west, north = min(lons), max(lats)

    def project(lat, lon):
        x = SVG_PAD + (lon - west) * kx * scale
        y = SVG_PAD + (north - lat) * scale
        return round(x, 1), round(y, 1)

    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x},{y}"
        for i, (x, y) in enumerate(project(lat, lon) for lat, lon in outline)
    )
    largest = max((p.count for p in points), default=0)
    projected = _labelled(
        [
            SvgPoint(*project(p.lat, p.lon), point_radius(p.count, largest), p)
            for p in sorted(points, key=lambda p: -p.count)  # small points drawn last, on top
        ],
        width,
    )
    rings = tuple(
        SvgCircle(*project(lat, lon), round(km / KM_PER_DEGREE * scale, 1), km, label)
        for lat, lon, km, label in circles
    )
    return SvgMap(width, height, path + " Z", projected, rings)


def _labelled(points: list[SvgPoint], width: int) -> tuple:
    """Names beside the points: one per 8-pixel cell (the larger point wins), members
    without listings unnamed, names in the right third of the map left of their point."""
    taken, out = set(), []
    for p in points:
        cell = (int(round(p.x / 8)), int(round(p.y / 8)))
        if (p.point.kind != "member" or p.point.count) and cell not in taken:
            taken.add(cell)
            end = p.x > width * 0.65
            label_x = p.x - p.r - 3 if end else p.x + p.r + 3
            p = SvgPoint(p.x, p.y, p.r, p.point, label_x, end)
        out.append(p)
    return tuple(out)


def member_centre(member) -> tuple[float, float] | None:
    """A member's point on the map: its centre place, else its first place."""
    place = member.center_place or (member.places[0] if member.places else None)
    return None if place is None else (place.lat, place.lon)


def region_coords() -> tuple[tuple[float, float], ...]:
    """(lat, lon) of the corners of the network's places (their convex hull: what the
    outline is drawn around, the same outline as around all places), kept in the process
    with the other reference data (reference.py)."""
    return remembered(
        ("region-coords", current_app.config["REGION"], berlin_today()),
        lambda: tuple(convex_hull([(p.lat, p.lon) for p in network_places()])),
    )
