"""`flask import feeds`: every active feed once, one commit per feed."""

import logging

from flask import current_app
from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..models import ListingFeed
from .fetch import FetchSettings
from .partners import run_partner
from .sync import Outcome, record_outcome, run_feed

log = logging.getLogger(__name__)


def active_feeds(kind: str | None = None) -> list[ListingFeed]:
    """The active feeds (of one kind), oldest first."""
    query = select(ListingFeed).where(ListingFeed.active.is_(True))
    if kind:
        query = query.where(ListingFeed.kind == kind)
    return list(db.session.execute(query.order_by(ListingFeed.id)).scalars())


def run_feeds(today=None, session=None, feed_ids=None) -> list[tuple[int, str, Outcome]]:
    """Run every active feed: employers' and partner networks' (or those of
    ``feed_ids``); (id, url, outcome) each.
    A feed that breaks unexpectedly is rolled back and recorded as failed; the others
    run on."""
    today = today or berlin_today()
    settings = FetchSettings.from_config(current_app.config)
    done = []
    for feed in active_feeds():
        if feed_ids and feed.id not in feed_ids:
            continue
        feed_id, url = feed.id, feed.url
        try:
            run = run_partner if feed.kind == "partner" else run_feed
            outcome = run(feed, settings, current_app.config, today, session=session)
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - one broken feed must not stop the others
            db.session.rollback()
            log.exception("Feed %s: Abbruch", feed_id)
            outcome = Outcome(status="failed", error=f"{url}: interner Fehler ({error})")
            feed = db.session.get(ListingFeed, feed_id)
            record_outcome(feed, outcome, feed.last_run_at)
            db.session.commit()
        done.append((feed_id, url, outcome))
    return done
