"""Events: who may organise where, creating, editing and cancelling, and what is public.

Promoters organise events in their own member municipalities (the moderation scope),
the network's admin anywhere in the region. Times come in as Europe/Berlin wall-clock
times and are stored in UTC. Nothing here commits: the caller owns the transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from .. import listings
from ..core.clock import BERLIN
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import EVENT_KINDS, Company, Event, EventRegistration, Job, Member, Place, User
from ..models.base import utcnow
from ..moderation import scope_member_ids
from ..places import active_members
from ..platform import audit
from ..platform.mail import header_safe, queue_mail

TITLE_MAX = 200
VENUE_MAX = 200
DESCRIPTION_MAX = 10_000
CAPACITY_MAX = 100_000
MAX_DURATION = timedelta(days=14)
EXHIBITOR_LISTINGS = 5  # listings shown per exhibitor on the event page


def mail_lang(registration: EventRegistration) -> str | None:
    """The mail language of a registration: its account's, German (None) for a guest."""
    user = db.session.get(User, registration.user_id) if registration.user_id else None
    return user.language if user else None


class EventError(Exception):
    """A problem the organiser can fix; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class EventValues:
    """What the form (or the demo) hands in; times are naive Europe/Berlin wall-clock times."""

    kind: str
    title: str
    starts: datetime
    ends: datetime
    member_id: int
    venue: str
    postal_code: str
    street: str = ""
    locality: str = ""
    description: str = ""
    title_en: str = ""
    description_en: str = ""
    capacity: int | None = None
    exhibitor_ids: tuple[int, ...] = ()


# --- scope ------------------------------------------------------------------------------


def organiser_members(user) -> list[Member]:
    """The active members a user may hold events in (admins: all; promoters: their own)."""
    ids = scope_member_ids(user)
    return [m for m in active_members() if ids is None or m.id in ids]


def may_organise(user, event: Event) -> bool:
    """Whether the user may edit, cancel and see the registrations of the event."""
    ids = scope_member_ids(user)
    return ids is None or event.member_id in ids


def organised_events(user) -> list[Event]:
    """The events of the user's members, the coming ones first, then the past (newest first)."""
    query = select(Event).order_by(Event.starts_at.desc())
    ids = scope_member_ids(user)
    if ids is not None:
        query = query.where(Event.member_id.in_(ids or {-1}))
    events = list(db.session.execute(query).scalars())
    now = utcnow()
    coming = sorted((e for e in events if e.ends_at >= now), key=lambda e: e.starts_at)
    return coming + [e for e in events if e.ends_at < now]


def exhibitor_choices() -> list[Company]:
    """Employers of the network that may exhibit: verified, not banned, in an active member."""
    member_ids = [m.id for m in active_members()]
    query = (
        select(Company)
        .where(
            Company.verified_at.is_not(None),
            Company.banned_at.is_(None),
            Company.member_id.in_(member_ids),
        )
        .order_by(Company.name)
    )
    return list(db.session.execute(query).scalars())


# --- validation -------------------------------------------------------------------------


def _text(value: str, limit: int, field: str, label: str, required: bool = True) -> str:
    """A stripped single text; EventError when missing or too long."""
    value = (value or "").strip()
    if required and not value:
        raise EventError(_("Bitte füllen Sie „%(label)s“ aus.", label=label), field)
    if len(value) > limit:
        raise EventError(
            _("„%(label)s“ darf höchstens %(n)s Zeichen lang sein.", label=label, n=limit), field
        )
    return value


def _berlin(moment: datetime) -> datetime:
    """A naive Europe/Berlin wall-clock time as an aware datetime (aware values pass)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=BERLIN)


def _check_times(values: EventValues, event: Event | None, now: datetime) -> tuple:
    """(starts, ends) in UTC; the start may not be in the past for a new event."""
    if values.starts is None or values.ends is None:
        raise EventError(_("Bitte geben Sie Beginn und Ende an."), "starts")
    starts = _berlin(values.starts).astimezone(BERLIN)
    ends = _berlin(values.ends).astimezone(BERLIN)
    if ends <= starts:
        raise EventError(_("Das Ende muss nach dem Beginn liegen."), "ends")
    if ends - starts > MAX_DURATION:
        raise EventError(_("Eine Veranstaltung dauert höchstens 14 Tage."), "ends")
    moved = event is None or event.starts_at != starts
    if moved and starts < now:
        raise EventError(_("Der Beginn liegt in der Vergangenheit."), "starts")
    return starts, ends


def _check_place(values: EventValues, user) -> tuple[Member, Place]:
    """The member (within the user's scope) and the place of the venue inside it."""
    member = next((m for m in organiser_members(user) if m.id == values.member_id), None)
    if member is None:
        raise EventError(_("Bitte wählen Sie eine Ihrer Mitgliedskommunen."), "member_id")
    code = (values.postal_code or "").strip()
    locality = (values.locality or "").strip().casefold()
    candidates = [p for p in member.places if p.postal_code == code]
    named = [p for p in candidates if locality and p.name.casefold() == locality]
    place = (named or candidates or [None])[0]
    if place is None:
        raise EventError(
            _("Die Postleitzahl gehört nicht zu %(member)s.", member=member.name), "postal_code"
        )
    return member, place


def _check_capacity(values: EventValues, event: Event | None) -> int | None:
    """None (no limit) or a positive number not below the seats already taken."""
    capacity = values.capacity
    if capacity is None:
        return None
    if capacity < 1 or capacity > CAPACITY_MAX:
        message = _("Bitte geben Sie eine Zahl ab 1 an oder lassen Sie das Feld leer.")
        raise EventError(message, "capacity")
    taken = seats_taken(event) if event is not None and event.id else 0
    if capacity < taken:
        raise EventError(_("Es sind bereits %(n)s Personen angemeldet.", n=taken), "capacity")
    return capacity


def _exhibitors(ids) -> list[Company]:
    """The chosen exhibitors; only employers of the network are accepted."""
    allowed = {c.id: c for c in exhibitor_choices()}
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        raise EventError(_("Bitte wählen Sie nur Unternehmen des Netzwerks."), "exhibitor_ids")
    return [allowed[i] for i in dict.fromkeys(ids)]


def _apply(event: Event, values: EventValues, user, now: datetime) -> None:
    """Validate all values, then write them onto the event (nothing half-written)."""
    if values.kind not in EVENT_KINDS:
        raise EventError(_("Bitte wählen Sie die Art der Veranstaltung."), "kind")
    title = header_safe(_text(values.title, TITLE_MAX, "title", _("Titel")))
    title_en = header_safe(_text(values.title_en, TITLE_MAX, "title_en", _("Titel"), False))
    description = _text(values.description, DESCRIPTION_MAX, "description", _("Beschreibung"))
    description_en = _text(
        values.description_en, DESCRIPTION_MAX, "description_en", _("Beschreibung"), False
    )
    venue = _text(values.venue, VENUE_MAX, "venue", _("Veranstaltungsort"))
    street = _text(values.street, VENUE_MAX, "street", _("Straße und Hausnummer"))
    starts, ends = _check_times(values, event, now)
    member, place = _check_place(values, user)
    capacity = _check_capacity(values, event)
    exhibitors = _exhibitors(values.exhibitor_ids)
    event.kind, event.title, event.title_en = values.kind, title, title_en
    event.description, event.description_en = description, description_en
    event.starts_at, event.ends_at = starts, ends
    event.member, event.place, event.venue, event.street = member, place, venue, street
    event.capacity, event.exhibitors, event.updated_at = capacity, exhibitors, now


def create_event(values: EventValues, user, now: datetime | None = None) -> Event:
    """A new scheduled event in one of the user's members; EventError on bad values."""
    now = now or utcnow()
    event = Event(status=Event.SCHEDULED, created_by_id=user.id, created_at=now)
    _apply(event, values, user, now)
    db.session.add(event)
    db.session.flush()
    audit.record(user, "event", event.id, "create", to_state=event.status)
    return event


def update_event(event: Event, values: EventValues, user, now: datetime | None = None) -> None:
    """Change an event (not a cancelled one); the member must stay in the user's scope."""
    if event.is_cancelled:
        raise EventError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
    now = now or utcnow()
    with db.session.no_autoflush:
        _apply(event, values, user, now)
    audit.record(user, "event", event.id, "update", event.status, event.status)


def cancel_event(event: Event, user, reason: str = "", now: datetime | None = None) -> int:
    """Call the event off and tell everyone registered; returns how many were told."""
    if event.is_cancelled:
        raise EventError(_("Die Veranstaltung ist bereits abgesagt."))
    event.status, event.cancelled_at = Event.CANCELLED, now or utcnow()
    reason = (reason or "").strip()[:2000]
    audit.record(user, "event", event.id, "cancel", Event.SCHEDULED, Event.CANCELLED, reason)
    told = 0
    for registration in event.registrations:
        if registration.is_confirmed:
            queue_mail(
                registration.email,
                _l("Abgesagt: %(title)s", title=event.title),
                "event_cancelled",
                lang=mail_lang(registration),
                event=event,
                registration=registration,
                reason=reason,
            )
            told += 1
    return told


# --- what the public sees -------------------------------------------------------------


def seats_taken(event: Event) -> int:
    """Confirmed registrations (pending guests take no seat)."""
    query = select(func.count(EventRegistration.id)).where(
        EventRegistration.event_id == event.id,
        EventRegistration.status == EventRegistration.CONFIRMED,
    )
    return db.session.execute(query).scalar_one()


def seats_left(event: Event) -> int | None:
    """Free seats, or None without a limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - seats_taken(event), 0)


def _public(now: datetime):
    """Where-clauses: scheduled or cancelled events that have not ended, in active members."""
    member_ids = [m.id for m in active_members()]
    return [Event.ends_at >= now, Event.member_id.in_(member_ids)]


def upcoming_events(member_id: int | None = None, now: datetime | None = None) -> list[Event]:
    """Events that have not ended, the soonest first (optionally of one member)."""
    query = select(Event).where(*_public(now or utcnow())).order_by(Event.starts_at, Event.id)
    if member_id is not None:
        query = query.where(Event.member_id == member_id)
    return list(db.session.execute(query).scalars())


def upcoming_events_for(member: Member, limit: int = 5) -> list[Event]:
    """The next events held in a member municipality (for its page), cancelled ones left out."""
    return [e for e in upcoming_events(member.id) if not e.is_cancelled][:limit]


def public_event(event_id: int) -> Event | None:
    """An event as the public sees it: any event of an active member (past ones too)."""
    event = db.session.get(Event, event_id)
    if event is None or event.member_id not in {m.id for m in active_members()}:
        return None
    return event


def is_open_for_registration(event: Event, now: datetime | None = None) -> bool:
    """Registration is open until the event starts, unless it was cancelled."""
    return not event.is_cancelled and event.starts_at > (now or utcnow())


@dataclass
class Exhibitor:
    """An exhibitor with its live listings (the newest few) and how many there are."""

    company: Company
    jobs: list[Job]
    total: int


def exhibitors_with_listings(event: Event) -> list[Exhibitor]:
    """Each exhibitor of the event with its public listings (one query for all of them)."""
    ids = [company.id for company in event.exhibitors]
    query = (
        listings.public_jobs_query()
        .where(Job.company_id.in_(ids or [-1]))
        .order_by(Job.published_at.desc(), Job.id.desc())
    )
    by_company: dict[int, list[Job]] = {company_id: [] for company_id in ids}
    for job in db.session.execute(query).scalars():
        by_company[job.company_id].append(job)
    return [
        Exhibitor(c, by_company[c.id][:EXHIBITOR_LISTINGS], len(by_company[c.id]))
        for c in event.exhibitors
    ]
