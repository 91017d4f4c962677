"""Places and the network: Germany's places, localities, distances, commute
estimates, regions and their member municipalities.

This module is the package's public API: code outside the package imports from here.
"""

from .commute import (
    AVERAGE_SPEED_KMH,
    DETOUR_FACTOR,
    MAX_COMMUTE_KM,
    MIN_COMMUTE_KM,
    car_minutes,
    car_time_label,
)
from .identity import Identity, IdentityError, Photo, contrast_ratio, region_identity, theme_css
from .localities import STATE_NAMES, clear_locality_cache, rank
from .lookup import (
    load_places,
    locality_of,
    lookup_place,
    place_distances,
    place_for,
    places_of,
    places_within,
    suggest_places,
)
from .maps import (
    MapPoint,
    SvgMap,
    convex_hull,
    member_centre,
    point_radius,
    region_coords,
    svg_map,
)
from .regions import (
    MembershipError,
    active_members,
    add_member,
    available_regions,
    current_region_info,
    end_membership,
    in_network,
    member_for_place,
    members_during,
    members_for_place,
    nearest_members,
    network_places,
    region_definition,
    sync_region,
)

__all__ = [
    "AVERAGE_SPEED_KMH",
    "DETOUR_FACTOR",
    "Identity",
    "IdentityError",
    "MAX_COMMUTE_KM",
    "MIN_COMMUTE_KM",
    "MapPoint",
    "MembershipError",
    "Photo",
    "SvgMap",
    "STATE_NAMES",
    "active_members",
    "add_member",
    "available_regions",
    "car_minutes",
    "car_time_label",
    "clear_locality_cache",
    "contrast_ratio",
    "convex_hull",
    "current_region_info",
    "end_membership",
    "in_network",
    "load_places",
    "locality_of",
    "lookup_place",
    "member_centre",
    "member_for_place",
    "members_during",
    "members_for_place",
    "nearest_members",
    "network_places",
    "place_distances",
    "place_for",
    "places_of",
    "places_within",
    "point_radius",
    "rank",
    "region_coords",
    "region_definition",
    "region_identity",
    "suggest_places",
    "svg_map",
    "sync_region",
    "theme_css",
]
