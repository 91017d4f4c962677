"""Listings a promoter recommends on the home page ("Empfohlene Stellen").

Only public listings of the promoter's own members can be recommended; a listing that
ends stays marked but is not shown (the home page asks for public ones). Nothing here
commits.
"""

from .. import listings
from ..core.translation import gettext as _
from ..models import Job
from ..platform import audit
from .work import ModerationError, may_moderate_job


def set_featured(job: Job, actor, featured: bool) -> None:
    """Recommend a listing on the home page (or stop recommending it), audited."""
    if not may_moderate_job(actor, job):
        raise ModerationError(_("Diese Anzeige gehört nicht zu Ihren Kommunen."))
    if featured and not listings.is_public(job):
        raise ModerationError(_("Nur veröffentlichte Anzeigen können empfohlen werden."))
    if bool(job.featured) == featured:
        return
    job.featured = featured
    audit.record(actor, "job", job.id, "feature" if featured else "unfeature")
