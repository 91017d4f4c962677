"""Commute estimates: straight-line distance turned into an approximate car time.

We have no road network, so the time is an estimate from the straight-line
(great-circle) distance between two places:

    road_km   = straight_km * DETOUR_FACTOR
    minutes   = road_km / AVERAGE_SPEED_KMH * 60, rounded to the nearest ROUND_TO_MINUTES
                (at least ROUND_TO_MINUTES)

DETOUR_FACTOR 1.3 is the usual ratio of road to straight-line distance in rural and
small-town Germany (studies give 1.2-1.4); AVERAGE_SPEED_KMH 60 is a mix of federal
roads, village through-roads and a little motorway. 30 km straight line are thus
39 road km, 39 minutes, shown as "ca. 40 Min.".
"""

import math

DETOUR_FACTOR = 1.3
AVERAGE_SPEED_KMH = 60.0
ROUND_TO_MINUTES = 5
MIN_COMMUTE_KM = 5
MAX_COMMUTE_KM = 100


def car_minutes(straight_km: float) -> int:
    """Estimated car time in minutes for a straight-line distance (see module docstring)."""
    if straight_km is None or not math.isfinite(straight_km) or straight_km <= 0:
        return 0
    minutes = straight_km * DETOUR_FACTOR / AVERAGE_SPEED_KMH * 60
    steps = math.floor(minutes / ROUND_TO_MINUTES + 0.5)
    return max(ROUND_TO_MINUTES, steps * ROUND_TO_MINUTES)


def car_time_label(straight_km: float) -> str:
    """German label of the estimated car time: 'ca. 35 Min.' or 'ca. 1 Std. 20 Min.'."""
    minutes = car_minutes(straight_km)
    if minutes < 60:
        return f"ca. {minutes} Min."
    hours, rest = divmod(minutes, 60)
    return f"ca. {hours} Std. {rest} Min." if rest else f"ca. {hours} Std."
