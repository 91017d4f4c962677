"""Views and apply clicks: the listing's totals and its row for the month (Berlin time).

Counting never touches ``updated_at``. Nothing here commits: the caller commits (and
drops the count if the database refuses the write).
"""

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..core.clock import berlin_today
from ..core.extensions import db
from ..models import Job, ListingMonth

COUNTERS = ("views", "apply_clicks")


def count(job: Job, counter: str, today: date | None = None) -> None:
    """Add one to a listing's counter ('views' or 'apply_clicks'), total and monthly."""
    if counter not in COUNTERS:
        raise ValueError(f"unknown counter {counter!r}")
    total = getattr(Job, counter)
    db.session.execute(
        update(Job)
        .where(Job.id == job.id)
        .values({total: total + 1, Job.updated_at: Job.updated_at})
        .execution_options(synchronize_session=False)
    )
    month = (today or berlin_today()).replace(day=1)
    table = ListingMonth.__table__
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = {"job_id": job.id, "month": month, "views": 0, "apply_clicks": 0, counter: 1}
    db.session.execute(
        insert(table)
        .values(values)
        .on_conflict_do_update(
            index_elements=[table.c.job_id, table.c.month],
            set_={counter: table.c[counter] + 1},
        )
    )
