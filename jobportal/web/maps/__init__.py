"""Maps: the marker endpoint behind the Leaflet maps and the server-rendered SVG maps.

``/karte/marker/<kind>.json`` answers the markers of one kind (``markers.KINDS``); a new
kind (events, say) is one more function registered with ``markers.marker_kind``.
"""

from flask import Blueprint

bp = Blueprint("maps", __name__)

from . import routes  # noqa: E402,F401 - register the views
from .build import (  # noqa: E402
    hit_points,
    job_map,
    map_settings,
    matches_map,
    member_map,
    region_map,
)
from .markers import KINDS, marker_kind  # noqa: E402

__all__ = [
    "KINDS",
    "bp",
    "hit_points",
    "job_map",
    "map_settings",
    "matches_map",
    "marker_kind",
    "member_map",
    "region_map",
]
