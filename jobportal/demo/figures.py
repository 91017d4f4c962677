"""Monthly view and apply-click counters for the demo listings, and the listings
recommended on the home page (both idempotent).

The demo generator gives each published listing totals; here they are spread over the
calendar months (Berlin) from publication to its end or today, so the figures pages
show plausible months.
"""

from datetime import date

from sqlalchemy import select

from ..core.clock import BERLIN, berlin_today
from ..core.extensions import db
from ..listings import public_jobs_query
from ..models import Job, ListingMonth


def _months(first: date, last: date) -> list[date]:
    """First days of the months from first to last."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _spread(total: int, parts: int) -> list[int]:
    """total split into parts whole numbers, the remainder to the first ones."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def seed_listing_months() -> str:
    """Give published demo listings without monthly counters their months; German summary."""
    counted = set(db.session.execute(select(ListingMonth.job_id).distinct()).scalars())
    query = select(Job).where(Job.published_at.is_not(None), Job.views > 0)
    today, added = berlin_today(), 0
    for job in db.session.execute(query).scalars():
        if job.id in counted:
            continue
        start = job.published_at.astimezone(BERLIN).date()
        end = job.ended_at.astimezone(BERLIN).date() if job.ended_at else today
        months = _months(start, max(start, min(end, today)))
        views = _spread(job.views, len(months))
        clicks = _spread(job.apply_clicks, len(months))
        for month, v, c in zip(months, views, clicks, strict=True):
            db.session.add(ListingMonth(job_id=job.id, month=month, views=v, apply_clicks=c))
            added += 1
    db.session.commit()
    return f"Kennzahlen: {added} Monatszähler angelegt."


def feature_demo_listings(count: int = 4) -> str:
    """Recommend the newest public listing of ``count`` different members on the home
    page, as promoters would (idempotent: nothing changes once some are recommended)."""
    if db.session.execute(select(Job.id).where(Job.featured.is_(True)).limit(1)).first():
        return "Empfohlene Stellen: bereits gesetzt."
    query = public_jobs_query().order_by(Job.published_at.desc(), Job.id.desc())
    chosen, members = [], set()
    for job in db.session.execute(query).scalars():
        if job.member_id not in members:
            members.add(job.member_id)
            chosen.append(job)
        if len(chosen) == count:
            break
    for job in chosen:
        job.featured = True
    db.session.commit()
    return f"Empfohlene Stellen: {len(chosen)} auf der Startseite."
