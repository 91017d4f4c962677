"""The talent pool: promoters and verified employers find returnee profiles.

Who sees what (one rule, ``visible_profiles``):

* admins: every profile that is not private;
* promoters: profiles visible to promoters whose returnee would commute to one of
  their members, or wants to live in one;
* employers of a verified, unbanned company: only pseudonymous profiles
  (visibility "promoters_employers");
* everybody else: nothing.

Cards never carry a name or an e-mail address. A contact request is passed on by
mail through the outbox; only the returnee's own answer reveals their address.
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.geometry import haversine_km
from ..core.text import fold
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import ContactRequest, Member, ReturneeProfile, Role
from ..models.base import utcnow
from ..models.returnees import VISIBILITY_PRIVATE, VISIBILITY_PROMOTERS, VISIBILITY_PSEUDONYMOUS
from ..places import active_members, car_time_label
from ..platform import throttle
from ..platform.mail import queue_mail
from .profiles import TIMELINES, coarse_location, occupation_field, return_timeline

CONTACT_BUCKET = "talent-contact"
CONTACT_LIMIT = 10  # per sender and day
CONTACT_WINDOW = 24 * 3600
MESSAGE_MAX = 2000
MIN_GROUP = 5


class ContactError(Exception):
    """A contact request or answer that is not possible (German message)."""


@dataclass
class Card:
    """A pseudonymous view of a profile."""

    profile: ReturneeProfile
    pseudonym: str
    location: str
    homes: list
    commute: str


_SHAPES: dict = {}


def _shape(member: Member) -> tuple:
    """(centre, radius km, place points) of a member, cached while its places stay."""
    signature = tuple(sorted(p.id for p in member.places))
    cached = _SHAPES.get(member.id)
    if cached is not None and cached[0] == signature:
        return cached[1]
    points = [(p.lat, p.lon) for p in member.places]
    centre = member.center_place
    centre = (centre.lat, centre.lon) if centre is not None else (points[0] if points else None)
    radius = max((haversine_km(*centre, *point) for point in points), default=0.0)
    _SHAPES[member.id] = (signature, (centre, radius, points))
    return centre, radius, points


def would_commute_to(profile: ReturneeProfile, member: Member) -> bool:
    """Whether any desired home lies within the commute radius of the member's centre or
    one of its places."""
    centre, radius, points = _shape(member)
    if centre is None:
        return False
    for home in profile.homes:
        to_centre = haversine_km(home.lat, home.lon, *centre)
        if to_centre <= profile.commute_km:
            return True
        if to_centre - radius > profile.commute_km:  # even the farthest place is too far
            continue
        if any(haversine_km(home.lat, home.lon, *p) <= profile.commute_km for p in points):
            return True
    return False


def wants_to_live_in(profile: ReturneeProfile, member: Member) -> bool:
    """Whether a desired home is one of the member's places."""
    place_ids = {p.id for p in member.places}
    return any(home.place_id in place_ids for home in profile.homes)


def _viewer_kind(viewer) -> str | None:
    """'admin', 'promoter', 'employer' (verified company) or None."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return None
    if viewer.has_role(Role.ADMIN):
        return "admin"
    if viewer.has_role(Role.PROMOTER):
        return "promoter"
    company = viewer.company if viewer.has_role(Role.EMPLOYER) else None
    if company is not None and company.is_verified and not company.is_banned:
        return "employer"
    return None


def may_use_pool(viewer) -> bool:
    """Whether the user may search the talent pool at all."""
    return _viewer_kind(viewer) is not None


def may_view(viewer, profile: ReturneeProfile) -> bool:
    """Whether the viewer may see this profile's card (the one visibility rule)."""
    kind = _viewer_kind(viewer)
    if kind is None or profile.visibility == VISIBILITY_PRIVATE:
        return False
    if kind == "employer":
        return profile.visibility == VISIBILITY_PSEUDONYMOUS
    if kind == "admin":
        return True
    return any(wants_to_live_in(profile, m) or would_commute_to(profile, m) for m in viewer.members)


def visible_profiles(viewer) -> list[ReturneeProfile]:
    """All profiles the viewer may see, newest first."""
    kind = _viewer_kind(viewer)
    if kind is None:
        return []
    levels = [VISIBILITY_PSEUDONYMOUS]
    if kind in ("admin", "promoter"):
        levels.append(VISIBILITY_PROMOTERS)
    query = (
        select(ReturneeProfile)
        .where(ReturneeProfile.visibility.in_(levels))
        .options(selectinload(ReturneeProfile.homes), selectinload(ReturneeProfile.current_place))
        .order_by(ReturneeProfile.updated_at.desc(), ReturneeProfile.id.desc())
    )
    profiles = db.session.execute(query).scalars()
    return [p for p in profiles if kind != "promoter" or may_view(viewer, p)]


def _text_fits(profile: ReturneeProfile, words: list[str]) -> bool:
    """All query words occur in the work text (folded, so 'Baecker' finds 'Bäcker')."""
    text = fold(profile.work_text)
    return all(word in text for word in words)


def search_pool(viewer, text: str = "", member: Member | None = None) -> list[Card]:
    """Cards of visible profiles matching the work text and commuting to the member."""
    words = fold(text or "").split()
    found = []
    for profile in visible_profiles(viewer):
        if words and not _text_fits(profile, words):
            continue
        if member is not None and not would_commute_to(profile, member):
            continue
        found.append(card(profile))
    return found


def card(profile: ReturneeProfile) -> Card:
    """The pseudonymous card of a profile: no name, no e-mail, coarse current place."""
    return Card(
        profile=profile,
        pseudonym=f"Profil R-{profile.id}",
        location=coarse_location(profile),
        homes=[home.name for home in profile.homes],
        commute=f"{profile.commute_km} km ({car_time_label(profile.commute_km)})",
    )


def pool_members(viewer) -> list[Member]:
    """Members offered as 'will commute to' choices: the promoter's own, else all active."""
    if _viewer_kind(viewer) == "promoter":
        return sorted(viewer.members, key=lambda m: m.name)
    return active_members()


# --- contact requests -------------------------------------------------------------------


def _sender_org(sender) -> str:
    """The sender's organisation: the company, or the promoter's members."""
    if sender.company is not None:
        return sender.company.name
    names = ", ".join(m.name for m in sender.members)
    return f"Wirtschaftsförderung {names}".strip() if names else "Wirtschaftsförderung"


def send_contact_request(sender, profile: ReturneeProfile, message: str) -> ContactRequest:
    """Pass a message to the returnee (mail through the outbox); rate limited per sender."""
    message = (message or "").strip()
    if not may_view(sender, profile):
        raise ContactError(_("Dieses Profil ist für Sie nicht sichtbar."))
    if not message:
        raise ContactError(_("Bitte schreiben Sie eine Nachricht."))
    if len(message) > MESSAGE_MAX:
        raise ContactError(_("Bitte höchstens %(n)s Zeichen eingeben.", n=MESSAGE_MAX))
    key = throttle.hash_key(f"user:{sender.id}")
    if throttle.is_limited(CONTACT_BUCKET, key, CONTACT_LIMIT, CONTACT_WINDOW):
        raise ContactError(
            _(
                "Sie können höchstens %(n)s Kontaktanfragen pro Tag senden. "
                "Bitte versuchen Sie es morgen erneut.",
                n=CONTACT_LIMIT,
            )
        )
    throttle.record(CONTACT_BUCKET, key)
    request = ContactRequest(
        profile=profile,
        sender_id=sender.id,
        sender_name=sender.name or sender.email,
        sender_org=_sender_org(sender),
        sender_email=sender.email,
        message=message,
    )
    db.session.add(request)
    db.session.flush()
    queue_mail(
        profile.user.email,
        _l("Kontaktanfrage von %(org)s", org=request.sender_org),
        "returnee_contact_request",
        lang=profile.user.language,
        author=sender,
        request=request,
    )
    return request


def answer_contact_request(request: ContactRequest, reply: str) -> ContactRequest:
    """The returnee answers: their message and e-mail address go to the sender."""
    reply = (reply or "").strip()
    if request.answered_at is not None:
        raise ContactError(_("Sie haben diese Anfrage bereits beantwortet."))
    if not reply:
        raise ContactError(_("Bitte schreiben Sie eine Antwort."))
    if len(reply) > MESSAGE_MAX:
        raise ContactError(_("Bitte höchstens %(n)s Zeichen eingeben.", n=MESSAGE_MAX))
    request.reply, request.answered_at, request.declined_at = reply, utcnow(), None
    user = request.profile.user
    queue_mail(
        request.sender_email,
        _l("Antwort auf Ihre Kontaktanfrage (Profil R-%(id)s)", id=request.profile_id),
        "returnee_contact_answer",
        lang=getattr(request.sender, "language", None),
        headers={"Reply-To": user.email},
        author=user,
        request=request,
        returnee=user,
    )
    db.session.flush()
    return request


def decline_contact_request(request: ContactRequest) -> ContactRequest:
    """The returnee declines: nothing is sent, the sender learns nothing."""
    if request.answered_at is None:
        request.declined_at = utcnow()
    db.session.flush()
    return request


def requests_for(profile: ReturneeProfile) -> list[ContactRequest]:
    """The contact requests a returnee received, newest first."""
    query = (
        select(ContactRequest)
        .where(ContactRequest.profile_id == profile.id)
        .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())
    )
    return list(db.session.execute(query).scalars())


# --- aggregated figures -----------------------------------------------------------------


def shown_count(n: int) -> str:
    """A count for the figures: groups smaller than MIN_GROUP are shown as '< 5'."""
    return f"< {MIN_GROUP}" if 0 < n < MIN_GROUP else str(n)


def member_figures(member: Member, today=None) -> dict:
    """How many returnees (profiles visible to promoters) want to live in the member,
    by occupation field and return timeline; small groups hidden."""
    today = today or berlin_today()
    query = select(ReturneeProfile).where(ReturneeProfile.visibility != VISIBILITY_PRIVATE)
    profiles = [p for p in db.session.execute(query).scalars() if wants_to_live_in(p, member)]
    fields = Counter(occupation_field(p) for p in profiles)
    timelines = Counter(return_timeline(p, today) for p in profiles)
    return {
        "member": member,
        "total": shown_count(len(profiles)),
        "fields": [(key, shown_count(n)) for key, n in fields.most_common()],
        "timelines": [(k, shown_count(timelines[k])) for k in TIMELINES if timelines[k]],
    }
