"""Two careers, one home: the member municipalities where both partners find work.

For each active member municipality, each person's jobs are the public jobs within
their commute radius (straight line, haversine) of the municipality's centre that fit
their work text: the same search the profile's matches use. A place is suggested when
both find at least one job there, ranked by the scarcer side (the smaller of the two
counts), then by the sum, then by name. Places where only one of them finds work are
listed apart, never as "both". Nothing here writes.
"""

from dataclasses import dataclass, field

from ..core.clock import berlin_today
from ..places import active_members
from ..search import SearchParams, search_jobs
from .matching import load_jobs, network_ids, places_near, work_query
from .municipalities import page_of

SHOWN = 3  # jobs shown per person and place
CHILDCARE_NEEDS = ("kita", "school")


@dataclass
class Side:
    """One person's jobs within their commute of a place: the total and the nearest few."""

    total: int
    jobs: list = field(default_factory=list)  # (Job, km from the centre)


@dataclass
class HouseholdPlace:
    """A member municipality with the jobs for both partners."""

    member: object
    you: Side
    partner: Side
    page: object = None  # the member's page (its Kita section first), when the household needs one

    @property
    def childcare(self) -> str:
        """The page's Kita and school section (German), when the household needs one."""
        return self.page.childcare if self.page is not None else ""

    @property
    def both(self) -> bool:
        """Whether both partners find work within their commutes of this place."""
        return self.you.total > 0 and self.partner.total > 0


@dataclass
class HouseholdResult:
    """Places where both find work (best first) and those where only one does."""

    both: list
    one_sided: list
    partner_commute_km: int


def partner_commute(profile) -> int:
    """The partner's commute radius: their own, else the returnee's."""
    return int(profile.partner_commute_km or profile.commute_km)


def _side(text: str, centre, commute_km: int, network: set) -> Side:
    """The jobs fitting a work text within commute_km of a centre place."""
    lat, lon = round(centre.lat, 5), round(centre.lon, 5)
    reach = places_near(lat, lon, commute_km) & network
    if not reach:
        return Side(0)
    query = work_query(text)
    params = SearchParams(
        q=query,
        place_ids=tuple(reach),
        origin=(centre.lat, centre.lon),
        sort="distance",  # every hit fits the text: the nearest first
        per_page=SHOWN,
        with_facets=False,
    )
    result = search_jobs(params)
    jobs = load_jobs([hit.job_id for hit in result.hits])
    shown = [(jobs[hit.job_id], hit.distance_km) for hit in result.hits if hit.job_id in jobs]
    return Side(result.total, shown)


def household_places(profile) -> HouseholdResult:
    """For each member municipality, the jobs for both partners within their commutes."""
    network = network_ids(berlin_today())
    partner_km = partner_commute(profile)
    wants_childcare = any(need in (profile.needs or []) for need in CHILDCARE_NEEDS)
    both, one_sided = [], []
    for member in active_members():
        centre = member.center_place
        if member.kind != "municipality" or centre is None:
            continue
        you = _side(profile.work_text, centre, int(profile.commute_km), network)
        partner = _side(profile.partner_work_text, centre, partner_km, network)
        place = HouseholdPlace(member, you, partner)
        if place.both:
            place.page = page_of(member) if wants_childcare else None
            both.append(place)
        elif you.total or partner.total:
            one_sided.append(place)
    both.sort(key=lambda p: (-min(p.you.total, p.partner.total), -p.you.total - p.partner.total))
    return HouseholdResult(both, one_sided, partner_km)
