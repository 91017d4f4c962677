"""Who may do what to a listing, from which state: the rules of the state machine.

Re-exported by jobportal.jobs (import from there).
"""

from datetime import date

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import Job, JobState, Place, Role
from .data import member_of_place

S = JobState
RENEW_WINDOW_DAYS = 7

ACTION_LABELS = {
    "create": _l("Angelegt"),
    "update": _l("Bearbeitet"),
    "submit": _l("Zur Prüfung eingereicht"),
    "approve": _l("Freigegeben"),
    "approve_changes": _l("Änderungen freigegeben"),
    "reject": _l("Abgelehnt"),
    "reject_changes": _l("Änderungen abgelehnt"),
    "unpublish": _l("Von der Moderation zurückgenommen"),
    "withdraw": _l("Zurückgezogen"),
    "fill": _l("Als besetzt markiert"),
    "renew": _l("Verlängert"),
    "duplicate": _l("Als Kopie angelegt"),
    "expire": _l("Abgelaufen"),
}


class JobError(Exception):
    """A transition that is not allowed or not possible; the message is German."""


class InvalidListing(JobError):
    """The vacancy data did not validate; `errors` maps raw keys to German messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("Bitte korrigieren Sie die markierten Angaben."))
        self.errors = errors


class _System:
    """The actor of CLI commands run by the operator: may do what an admin may."""

    id = None
    role = "system"
    company_id = None
    members = ()

    def has_role(self, *roles) -> bool:
        """The system acts as an admin."""
        return str(Role.ADMIN) in {str(r) for r in roles}


SYSTEM = _System()

# action -> (capacities that may do it, states it starts from)
RULES = {
    "edit": ({"employer", "promoter", "admin"}, {S.DRAFT, S.PENDING, S.REJECTED, S.PUBLISHED}),
    "submit": ({"employer", "promoter", "admin"}, {S.DRAFT, S.REJECTED}),
    "approve": ({"promoter", "admin"}, {S.PENDING, S.PUBLISHED}),
    "reject": ({"promoter", "admin"}, {S.PENDING, S.PUBLISHED}),
    "unpublish": ({"promoter", "admin"}, {S.PUBLISHED}),
    "withdraw": ({"employer", "admin"}, {S.PENDING, S.PUBLISHED, S.REJECTED}),
    "mark_filled": ({"employer", "admin"}, {S.PUBLISHED, S.EXPIRED}),
    "renew": ({"employer", "admin"}, {S.PUBLISHED, S.EXPIRED}),
    "duplicate": ({"employer", "admin"}, set(S)),
}
ACTIONS = tuple(RULES)


# Approving or rejecting decides on the content under review: it belongs to the member
# municipality of the place under review, which a pending change may move elsewhere.
REVIEW_ACTIONS = {"approve", "reject"}


def review_member_id(job: Job, today: date | None = None) -> int | None:
    """The member the content under review lies in: that of a pending new place, if any."""
    place_id = (job.pending_changes or {}).get("place_id")
    if job.job_state != S.PUBLISHED or place_id in (None, job.place_id):
        return job.member_id
    place = db.session.get(Place, place_id)
    member = member_of_place(place, today or berlin_today()) if place else None
    return member.id if member else None


def moderating_member_ids(job: Job, today: date | None = None) -> set[int]:
    """Members whose promoters see the listing in moderation: where it is, where a pending
    change would move it (they decide) and the company's own (it sees its companies' moves)."""
    ids = {job.member_id, review_member_id(job, today)}
    if job.company is not None:
        ids.add(job.company.member_id)
    return ids - {None}


def capacity(job: Job, actor, action: str | None = None) -> str | None:
    """In which capacity the actor may act on the listing: employer, promoter, admin or None."""
    if actor is None or getattr(actor, "locked_at", None) is not None:
        return None
    if actor.has_role(Role.ADMIN):
        return "admin"
    if actor.has_role(Role.PROMOTER):
        member_id = review_member_id(job) if action in REVIEW_ACTIONS else job.member_id
        return "promoter" if member_id in {m.id for m in actor.members} else None
    if actor.has_role(Role.EMPLOYER) and job.company_id is not None:
        return "employer" if actor.company_id == job.company_id else None
    return None


def _state_ok(action: str, job: Job, today: date) -> bool:
    """Whether the listing is in a state the action starts from (with extra conditions)."""
    state = job.job_state
    if state not in RULES[action][1]:
        return False
    if action in ("approve", "reject") and state == S.PUBLISHED:
        return bool(job.pending_changes)
    if action == "renew" and state == S.PUBLISHED:
        return (job.ends_on - today).days <= RENEW_WINDOW_DAYS
    return True


# Imported listings (no company, e.g. from the BA job search) follow their source: people
# may only moderate them; the system (the importer) may do everything.
IMPORTED_ACTIONS = {"approve", "reject", "unpublish"}


def _imported_ok(job: Job, actor, action: str) -> bool:
    """Whether the action is open to the actor on an imported listing (True for our own)."""
    imported = job.company_id is None and job.source != "portal"
    return not imported or actor is SYSTEM or action in IMPORTED_ACTIONS


def guard(job: Job, actor, action: str, today: date) -> None:
    """Raise JobError unless the actor may do the action on the listing now."""
    if capacity(job, actor, action) not in RULES[action][0] or not _imported_ok(job, actor, action):
        raise JobError(_("Dazu sind Sie nicht berechtigt."))
    if not _state_ok(action, job, today):
        raise JobError(
            _("Im Zustand „%(state)s“ ist das nicht möglich.", state=job.job_state.label)
        )


def allowed_actions(job: Job, actor, today: date | None = None) -> list[str]:
    """The actions the actor may take on the listing now (for buttons)."""
    today = today or berlin_today()
    return [
        a
        for a in ACTIONS
        if capacity(job, actor, a) in RULES[a][0]
        and _imported_ok(job, actor, a)
        and _state_ok(a, job, today)
    ]


def may_create(company, actor) -> bool:
    """Employers of the company, promoters of its member and admins may create listings."""
    if actor is None or getattr(actor, "locked_at", None) is not None:
        return False
    if actor.has_role(Role.ADMIN):
        return True
    if actor.has_role(Role.PROMOTER):
        return company.member_id in {m.id for m in actor.members}
    return actor.has_role(Role.EMPLOYER) and actor.company_id == company.id
