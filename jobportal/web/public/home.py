"""What the home page shows: the region, its members and the newest listings."""

from datetime import date

from sqlalchemy import select

from ...core.extensions import db
from ...listings import DEFAULT_RADIUS, RADII, newest_public_jobs
from ...models import Member, Region
from ...places import current_region_info
from ..maps import region_map

NEWEST_JOBS = 6


def home_context() -> dict:
    """Values for the home page template."""
    info = current_region_info()
    region = db.session.execute(select(Region).filter_by(slug=info["slug"])).scalar_one_or_none()
    today = date.today()
    members = []
    if region is not None:
        members = [
            m
            for m in db.session.execute(
                select(Member).filter_by(region_id=region.id).order_by(Member.name)
            ).scalars()
            if m.is_active(today)
        ]
    return {
        "members": members,
        "member_slugs": {m.slug: m.name for m in members},
        "newest_jobs": newest_public_jobs(limit=NEWEST_JOBS),
        "radii": RADII,
        "default_radius": DEFAULT_RADIUS,
        "members_svg": region_map(),
    }
