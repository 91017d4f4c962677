"""What the home page shows: the region, its members, recommended and newest listings."""

from sqlalchemy import select

from ...core.clock import berlin_today
from ...core.extensions import db
from ...listings import DEFAULT_RADIUS, RADII, featured_public_jobs, newest_public_jobs
from ...models import Member, Region
from ...places import current_region_info
from ..maps import region_map

NEWEST_JOBS = 6
FEATURED_JOBS = 4  # recommended by promoters, shown above the newest


def home_context() -> dict:
    """Values for the home page template."""
    info = current_region_info()
    region = db.session.execute(select(Region).filter_by(slug=info["slug"])).scalar_one_or_none()
    today = berlin_today()
    members = []
    if region is not None:
        members = [
            m
            for m in db.session.execute(
                select(Member).filter_by(region_id=region.id).order_by(Member.name)
            ).scalars()
            if m.is_active(today)
        ]
    featured = featured_public_jobs(limit=FEATURED_JOBS)
    shown = {job.id for job in featured}
    newest = newest_public_jobs(limit=NEWEST_JOBS + len(featured))
    return {
        "members": members,
        "member_slugs": {m.slug: m.name for m in members},
        "featured_jobs": featured,
        "newest_jobs": [job for job in newest if job.id not in shown][:NEWEST_JOBS],
        "radii": RADII,
        "default_radius": DEFAULT_RADIUS,
        "members_svg": region_map(),
    }
