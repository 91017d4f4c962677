"""Demo events per region (jobportal/data/demo/events.json), with exhibitors and a few
registrations of the demo returnees (idempotent: keyed by member and title)."""

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..core.clock import BERLIN
from ..core.extensions import db
from ..models import Company, Event, EventRegistration, User
from ..models.base import utcnow
from .plan import demo_data


def _day(spec: dict, today: date) -> date:
    """'MM-DD': the next such day (today or later); 'in_days': days from today."""
    if "date" in spec:
        month, day = (int(part) for part in spec["date"].split("-"))
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    return today + timedelta(days=spec["in_days"])


def _at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, datetime.min.time(), BERLIN).replace(hour=hour, minute=minute)


def _exhibitors(spec: dict, member, members: list) -> list[Company]:
    """Verified, unbanned companies of the region: the member's own first (a network fair,
    'region_exhibitors': taken in turn from every member), by name."""
    query = (
        select(Company)
        .where(
            Company.member_id.in_([m.id for m in members]),
            Company.verified_at.is_not(None),
            Company.banned_at.is_(None),
        )
        .order_by(Company.name)
    )
    companies = list(db.session.execute(query).scalars())
    rank: dict[int, int] = {}
    keyed = []
    for company in companies:
        turn = rank[company.member_id] = rank.get(company.member_id, -1) + 1
        own = company.member_id == member.id
        keyed.append(
            ((turn, not own) if spec.get("region_exhibitors") else (not own, turn), company)
        )
    keyed.sort(key=lambda pair: pair[0])
    return [company for _, company in keyed[: spec.get("exhibitors", 0)]]


def _event(spec: dict, member, members: list, promoter, today: date) -> Event:
    day = _day(spec, today)
    place = next((p for p in member.places if p.postal_code == spec["postal_code"]), None)
    return Event(
        kind=spec["kind"],
        title=spec["title"],
        title_en=spec.get("title_en", ""),
        description=spec["description"],
        description_en=spec.get("description_en", ""),
        starts_at=_at(day, spec["start"]),
        ends_at=_at(day, spec["end"]),
        member=member,
        venue=spec["venue"],
        street=spec["street"],
        place=place or member.center_place,
        capacity=spec.get("capacity"),
        exhibitors=_exhibitors(spec, member, members),
        created_by_id=promoter.id if promoter is not None else None,
    )


def _register(event: Event, people: list[User]) -> None:
    now = utcnow()
    for person in people:
        event.registrations.append(
            EventRegistration(
                user_id=person.id,
                name=person.name,
                email=person.email,
                status=EventRegistration.CONFIRMED,
                secret=secrets.token_hex(16),
                created_at=now,
                confirmed_at=now,
            )
        )


def seed_events(members: list, promoters: dict, returnees: list[User], today: date) -> str:
    """Insert the demo events of the active members that are missing; a line to print."""
    by_slug = {m.slug: m for m in members}
    specs = [s for s in demo_data("events")["events"] if s["member"] in by_slug]
    new = 0
    for spec in specs:
        member = by_slug[spec["member"]]
        query = select(Event.id).filter_by(member_id=member.id, title=spec["title"])
        if db.session.execute(query).first() is not None:
            continue
        event = _event(spec, member, members, promoters.get(member.slug), today)
        if event.place is None:
            continue
        _register(event, returnees[: spec.get("registrations", 0)])
        db.session.add(event)
        new += 1
    return f"Veranstaltungen: {len(specs)} ({new} neu)."
