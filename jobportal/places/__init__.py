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
from .localities import STATE_NAMES, clear_locality_cache, rank
from .lookup import (
    load_places,
    locality_of,
    lookup_place,
    place_distances,
    place_for,
    place_ids_within,
    places_of,
    places_within,
    suggest_places,
)
from .reference import MemberRef, forget_reference_data, remembered
from .regions import (
    MembershipError,
    active_member_refs,
    active_members,
    add_member,
    available_regions,
    current_region_info,
    end_membership,
    in_network,
    member_for_place,
    members_for_place,
    nearest_members,
    network_places,
    region_definition,
    sync_region,
)

__all__ = [
    "AVERAGE_SPEED_KMH",
    "DETOUR_FACTOR",
    "MAX_COMMUTE_KM",
    "MIN_COMMUTE_KM",
    "MembershipError",
    "STATE_NAMES",
    "MemberRef",
    "active_member_refs",
    "active_members",
    "add_member",
    "available_regions",
    "car_minutes",
    "car_time_label",
    "clear_locality_cache",
    "forget_reference_data",
    "current_region_info",
    "end_membership",
    "in_network",
    "load_places",
    "locality_of",
    "lookup_place",
    "member_for_place",
    "members_for_place",
    "nearest_members",
    "network_places",
    "place_distances",
    "place_for",
    "place_ids_within",
    "places_of",
    "places_within",
    "rank",
    "region_definition",
    "remembered",
    "suggest_places",
    "sync_region",
]
