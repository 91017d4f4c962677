"""`flask alerts send`: one digest mail per recipient with the new jobs of their due alerts.

A run loads the public listings published since the oldest due alert's last run (a few
hundred) once, matches every due alert against them in memory (``search.match_new``),
drops the jobs an alert already announced (AlertDelivery, unique per alert and job) and
queues one German text+HTML mail per recipient through the outbox. Deliveries, the
mail and the alerts' ``last_run_at`` are written in one transaction per recipient; the
unique constraint makes a concurrent second run skip what the first one sent, and a
crashed run is simply repeated. Only public listings (published, unexpired, company
not banned, inside the network) are ever loaded, so expired, filled or withdrawn ones
are never sent.
"""

import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts import site_link
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_ngettext
from ..listings import (
    public_jobs_query,
    query_from_dict,
    resolve_place,
    search_params,
    to_query_string,
)
from ..models import AlertDelivery, Job, SavedSearch
from ..models.base import utcnow
from ..places import active_members
from ..platform.mail import queue_mail
from ..search import DOCUMENT_LOADS, SearchParams, match_new
from .subscriptions import alert_language, link, unsubscribe_headers

log = logging.getLogger(__name__)

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
DUE_SLACK = timedelta(hours=2)  # a scheduler running a little early still finds the alert due
OVERLAP = timedelta(minutes=10)  # listings committed late with an earlier publish time
MAX_PER_MAIL = 20
CHUNK = 500


@dataclass
class RunStats:
    """What one run did."""

    checked: int = 0
    new_listings: int = 0
    matched_alerts: int = 0
    mails: int = 0
    jobs_sent: int = 0
    skipped: int = 0
    match_seconds: float = 0.0
    seconds: float = 0.0


@dataclass
class Section:
    """One alert's part of a digest."""

    alert: SavedSearch
    jobs: list
    total: int
    all_url: str
    unsubscribe_url: str
    shown: list = field(default_factory=list)


def due_alerts(frequency: str, now: datetime) -> list[SavedSearch]:
    """Active alerts of this frequency whose period has passed, grouped by address."""
    cutoff = now - PERIODS[frequency] + DUE_SLACK
    query = (
        select(SavedSearch)
        .where(
            SavedSearch.status == SavedSearch.ACTIVE,
            SavedSearch.frequency == frequency,
            or_(SavedSearch.last_run_at.is_(None), SavedSearch.last_run_at <= cutoff),
        )
        .options(selectinload(SavedSearch.user))
        .order_by(SavedSearch.email, SavedSearch.id)
    )
    return list(db.session.execute(query).scalars())


def alert_since(alert: SavedSearch) -> datetime:
    """Listings published after this moment are new for the alert."""
    start = alert.confirmed_at or alert.created_at
    if alert.last_run_at is None:
        return start
    return max(alert.last_run_at - OVERLAP, start)


def new_public_jobs(since: datetime, now: datetime) -> list[Job]:
    """Public listings published in (since, now], newest first, with what the matching's
    index documents read (search.DOCUMENT_LOADS: else a query per listing)."""
    query = (
        public_jobs_query()
        .where(Job.published_at > since, Job.published_at <= now)
        .options(*DOCUMENT_LOADS)
        .order_by(Job.published_at.desc(), Job.id.desc())
    )
    return list(db.session.execute(query).unique().scalars())


def match_alerts(alerts, jobs, today=None) -> dict[int, list[int]]:
    """alert id -> ids of the new jobs matching it (published after its last run)."""
    members = active_members()
    slugs = [m.slug for m in members]
    member_ids = {m.slug: m.id for m in members}
    published = {job.id: job.published_at for job in jobs}
    keys, searches, places = {}, {}, {}
    for alert in alerts:
        key = keys[alert.id] = json.dumps(alert.params, sort_keys=True)
        if key not in searches:  # identical saved searches are common ("Pflege", Dresden, 25 km)
            query = query_from_dict(alert.params, member_slugs=slugs)
            searches[key] = alert_search(query, member_ids, places)
    matched = dict(zip(searches, match_new(jobs, searches.values(), today), strict=True))
    found = {}
    for alert in alerts:
        since = alert_since(alert)
        ids = [i for i in matched[keys[alert.id]] if published[i] > since]
        if ids:
            found[alert.id] = ids
    return found


def alert_search(query, member_ids: dict, places: dict) -> SearchParams:
    """The search core's parameters of a saved search; a ``where`` that is unknown or
    ambiguous now matches nothing. ``places`` caches resolved places per run."""
    spot = (query.where, query.radius_km)
    if spot not in places:
        places[spot] = resolve_place(query)
    place = places[spot]
    params = search_params(query, place, member_ids, with_facets=False)
    if query.where and place.status != "found":
        params = replace(params, place_ids=())
    return params


def already_sent(matches: dict[int, list[int]]) -> set[tuple[int, int]]:
    """(alert id, job id) pairs among ``matches`` that were sent before."""
    pairs, alert_ids = set(), list(matches)
    job_ids = sorted({j for ids in matches.values() for j in ids})
    for start in range(0, len(alert_ids), CHUNK):
        query = select(AlertDelivery.alert_id, AlertDelivery.job_id).where(
            AlertDelivery.alert_id.in_(alert_ids[start : start + CHUNK]),
            AlertDelivery.job_id.in_(job_ids),
        )
        pairs.update(tuple(row) for row in db.session.execute(query))
    return pairs


def search_link(params: dict) -> str:
    """The /jobs URL of a saved search, newest first."""
    return site_link("search.search_page") + "?" + to_query_string({**params, "sort": "date"})


def job_link(job: Job) -> str:
    """The absolute URL of a listing."""
    return site_link("public.job_page", job_id=job.id)


def _shares(sizes: list[int], room: int = MAX_PER_MAIL) -> list[int]:
    """How many jobs each section shows: round robin until the mail holds ``room``."""
    shares = [0] * len(sizes)
    while room and any(share < size for share, size in zip(shares, sizes, strict=True)):
        for index, size in enumerate(sizes):
            if room and shares[index] < size:
                shares[index] += 1
                room -= 1
    return shares


def _sections(alerts, matches, jobs_by_id) -> list[Section]:
    """The digest parts of one recipient; at most MAX_PER_MAIL jobs shown in all."""
    sections = []
    for alert in alerts:
        ids = matches.get(alert.id)
        if ids:
            jobs = [jobs_by_id[i] for i in ids]
            all_url = search_link(alert.params)
            unsubscribe_url = link(alert, "unsubscribe", "alerts.unsubscribe")
            sections.append(Section(alert, jobs, len(jobs), all_url, unsubscribe_url))
    for section, share in zip(sections, _shares([s.total for s in sections]), strict=True):
        section.shown = section.jobs[:share]
    return sections


def _subject(sections: list[Section]) -> str:
    """ "3 neue Stellen zu „Pflege in Hoyerswerda“" or for several alerts combined."""
    total = sum(s.total for s in sections)
    if len(sections) == 1:
        return lazy_ngettext(
            "%(num)s neue Stelle zu „%(name)s“",
            "%(num)s neue Stellen zu „%(name)s“",
            total,
            name=sections[0].alert.name,
        )
    return lazy_ngettext(
        "%(num)s neue Stelle zu Ihren Suchaufträgen",
        "%(num)s neue Stellen zu Ihren Suchaufträgen",
        total,
    )


def _queue_digest(recipient: str, sections: list[Section], now: datetime) -> int:
    """Queue the mail and record the deliveries; returns the number of jobs announced."""
    first = sections[0].alert
    owners = {s.alert.id for s in sections}
    purpose = "unsubscribe" if len(owners) == 1 else "unsubscribe-all"
    mail = queue_mail(
        recipient,
        _subject(sections),
        "alert_digest",
        lang=alert_language(first),
        headers=unsubscribe_headers(first, purpose),
        sections=sections,
        total=sum(s.total for s in sections),
        manage_link=link(first, "manage", "alerts.manage"),
        unsubscribe_all_link=link(first, "unsubscribe-all", "alerts.unsubscribe"),
        job_link=job_link,
    )
    db.session.flush()
    for section in sections:
        for job in section.jobs:
            db.session.add(
                AlertDelivery(
                    alert_id=section.alert.id, job_id=job.id, sent_at=now, mail_id=mail.id
                )
            )
    return sum(s.total for s in sections)


def _deliver_group(recipient, alerts, matches, jobs_by_id, now, stats) -> None:
    """One recipient: queue the digest (if anything is new) and mark the alerts as run."""
    sections, jobs_sent = _sections(alerts, matches, jobs_by_id), 0
    try:
        with db.session.begin_nested():
            if sections:
                jobs_sent = _queue_digest(recipient, sections, now)
            db.session.execute(
                update(SavedSearch)
                .where(SavedSearch.id.in_([a.id for a in alerts]))
                .values(last_run_at=now)
            )
    except IntegrityError:  # another run sent these jobs meanwhile
        stats.skipped += 1
        log.warning("alerts: digest for %s skipped: already sent by another run", recipient)
        return
    if sections:
        stats.mails += 1
        stats.jobs_sent += jobs_sent
        stats.matched_alerts += len(sections)


def send_alerts(frequency: str, now: datetime | None = None, progress=None) -> RunStats:
    """Match all due alerts of one frequency and queue the digests; return the figures."""
    started, now = time.perf_counter(), now or utcnow()
    progress = progress or (lambda message: None)
    stats = RunStats()
    alerts = due_alerts(frequency, now)
    stats.checked = len(alerts)
    progress(_("%(n)s fällige Suchaufträge (%(f)s).", n=len(alerts), f=frequency))
    if alerts:
        jobs = new_public_jobs(min(alert_since(a) for a in alerts), now)
        stats.new_listings = len(jobs)
        progress(_("%(n)s neue Stellen seit dem letzten Lauf.", n=len(jobs)))
        match_started = time.perf_counter()
        matches = match_alerts(alerts, jobs)
        fresh = already_sent(matches)
        matches = {a: [j for j in ids if (a, j) not in fresh] for a, ids in matches.items()}
        stats.match_seconds = time.perf_counter() - match_started
        _deliver_all(alerts, matches, {job.id: job for job in jobs}, now, stats, progress)
    stats.seconds = time.perf_counter() - started
    return stats


def _deliver_all(alerts, matches, jobs_by_id, now, stats, progress) -> None:
    """Group the alerts by recipient and deliver group by group, committing in batches."""
    groups = defaultdict(list)
    for alert in alerts:
        groups[alert.recipient.lower()].append(alert)
    for number, (recipient, group) in enumerate(groups.items(), start=1):
        _deliver_group(recipient, group, matches, jobs_by_id, now, stats)
        if number % 100 == 0 or number == len(groups):
            db.session.commit()
            progress(
                _(
                    "%(done)s von %(all)s Empfängern, %(mails)s Mails eingereiht.",
                    done=number,
                    all=len(groups),
                    mails=stats.mails,
                )
            )
