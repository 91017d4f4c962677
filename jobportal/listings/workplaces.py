"""A listing's further work places (imports bring several: BA, feeds, partners).

The main place stays Job.place (it decides the member and moderation); the others are
JobPlace rows, each with the member responsible for it on the day they were set. Search,
radius, facets, JSON-LD, matching and the job page use all of them.
"""

from datetime import date

from ..models import Job, JobPlace, Place
from .data import member_of_place
from .lifecycle import listing_changed


def set_other_places(job: Job, places: list[Place], today: date) -> bool:
    """Make ``places`` (without the main place and repeats) the listing's other work
    places; whether they changed (then the search feed is written)."""
    wanted: list[Place] = []
    for place in places:
        if place is not None and place.id != job.place_id and place not in wanted:
            wanted.append(place)
    if [link.place_id for link in job.other_places] == [place.id for place in wanted]:
        return False
    existing = {link.place_id: link for link in job.other_places}
    links = []
    for position, place in enumerate(wanted, start=1):
        link = existing.get(place.id) or JobPlace(place=place, place_id=place.id)
        member = member_of_place(place, today)
        link.member_id, link.position = (member.id if member else None), position
        links.append(link)
    job.other_places = links
    if job.id is not None:
        listing_changed(job)
    return True
