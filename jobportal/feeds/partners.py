"""Partner networks: another installation's public listings through its `/api/v1/jobs`.

Configured by the network admin (base URL, name, which of the partner's members). Each
run pages through `GET {base}/api/v1/jobs?per_page=100&page=N[&member=slug]`, keeps the
listings with a work place inside our network (the same placing as every import),
fetches `GET {base}/api/v1/jobs/{id}` for new and changed ones (changed: the list item
differs from the last run) and keeps them as listings without a company (source
'partner'): published directly, never re-moderated, never re-exported through our own
API, ended when the partner no longer lists them. The answer shape is docs/openapi.yaml
(the same code answers on both sides); a missing API (404/410) or an answer without an
`items` list is drift.
"""

import hashlib
import json
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import select

from ..core.extensions import db
from ..core.urls import is_web_url
from ..listings import (
    InvalidListing,
    create_imported,
    end_imported,
    set_other_places,
    update_imported,
    validated,
)
from ..models import FeedListing, ListingFeed
from ..models.base import utcnow
from ..models.jobs import SECTORS
from .fetch import FetchError, FetchSettings, fetch
from .postings import FeedDrift, Posting, location
from .records import place_posting, record_of
from .sync import Outcome, record_outcome
from .xmlfeeds import BadPosting

JSON = ("application/json",)
PAGE_SIZE = 100
SOURCE = "partner"


def _answer_json(body: bytes, url: str) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise FeedDrift(f"{url}: die Antwort ist kein JSON.") from None
    if not isinstance(data, dict):
        raise FeedDrift(f"{url}: erwartet ein JSON-Objekt, erhalten {type(data).__name__}.")
    return data


def _get(url: str, settings: FetchSettings, session) -> dict:
    """A JSON answer of the partner's API; a retired API (404/410) is drift."""
    try:
        answer = fetch(url, settings, JSON, session=session)
    except FetchError as error:
        if error.status in (404, 410):
            raise FeedDrift(
                f"{url}: die Schnittstelle antwortet {error.status} (erwartet: /api/v1/jobs)."
            ) from None
        raise
    return _answer_json(answer.body, url)


def list_url(feed: ListingFeed, page: int) -> str:
    """The URL of one page of the partner's listings (its members, if chosen)."""
    params = [("per_page", PAGE_SIZE), ("page", page), ("sort", "date")]
    params += [("member", slug) for slug in feed.members or []]
    return f"{feed.url.rstrip('/')}/api/v1/jobs?{urlencode(params)}"


def partner_items(feed: ListingFeed, settings: FetchSettings, limit: int, session=None):
    """Every list item of the partner (up to ``limit``); FeedDrift on a foreign shape."""
    items, page = [], 1
    while len(items) < limit:
        url = list_url(feed, page)
        data = _get(url, settings, session)
        found = data.get("items")
        if not isinstance(found, list) or not isinstance(data.get("total"), int):
            raise FeedDrift(
                f"{url}: Schlüssel {sorted(data)[:12]} – erwartet „total“ und eine Liste „items“."
            )
        items.extend(found)
        if not found or page * PAGE_SIZE >= data["total"]:
            break
        page += 1
    return items[:limit]


def _places(item: dict) -> list:
    spots = item.get("places") or [item.get("place")]
    found = []
    for spot in spots:
        if isinstance(spot, dict):
            found.append(
                location(
                    spot.get("postal_code"), spot.get("name"), "", spot.get("lat"), spot.get("lon")
                )
            )
    return found


def item_posting(item) -> Posting:
    """A list item as a Posting (BadPosting without id, title or a web URL)."""
    if not isinstance(item, dict) or not item.get("id") or not item.get("title"):
        raise BadPosting("Eintrag ohne „id“ oder „title“")
    if not is_web_url(item.get("url")):
        raise BadPosting(f"Eintrag {item.get('id')}: ohne gültige „url“")
    return Posting(
        ref=str(item["id"]),
        title=str(item["title"]),
        locations=_places(item),
        employment_types=[t for t in item.get("employment_types") or [] if isinstance(t, str)],
        working_model=str(item.get("working_model") or ""),
        url=item["url"],
        employer=str(item.get("company") or ""),
        sector=str(item.get("sector") or ""),
        valid_through=str(item.get("ends_on") or ""),
    )


def _fingerprint(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()


def _values(feed, posting: Posting, placed, detail: dict, today: date) -> dict:
    """Validated listing values of a partner listing and its details."""
    posting.description = str(detail.get("description") or "")
    salary = detail.get("salary") if isinstance(detail.get("salary"), dict) else {}
    if salary.get("unit") in ("month", "hour"):
        posting.salary_min, posting.salary_max = salary.get("min"), salary.get("max")
        posting.salary_unit = salary["unit"]
    raw = record_of(posting, placed, feed.id, posting.url, None)
    if posting.sector in SECTORS:
        raw["sector"] = posting.sector
    raw["start_date"] = detail.get("start_date") or ""
    if posting.valid_through:
        try:
            return validated({**raw, "ends_on": posting.valid_through}, today)
        except InvalidListing:
            pass  # an end we do not accept (too far off): our default applies
    return validated(raw, today)


def _note(feed: ListingFeed) -> str:
    return f"Aus dem Partnernetzwerk {feed.name or feed.url}"


def _detail(feed, posting: Posting, run) -> dict:
    """The partner's details of a listing (gone meanwhile: BadPosting)."""
    url = f"{feed.url.rstrip('/')}/api/v1/jobs/{posting.ref}"
    try:
        answer = fetch(url, run["settings"], JSON, session=run["session"])
    except FetchError as error:
        if error.status in (404, 410):
            raise BadPosting(f"„{posting.title}“: Details nicht mehr vorhanden") from None
        raise
    return _answer_json(answer.body, url)


def _sync_item(feed, item: dict, posting: Posting, known: dict, run: dict) -> None:
    """Create, update or keep one partner listing (BadPosting: outside, unknown place)."""
    outcome, today = run["outcome"], run["today"]
    placed = place_posting(posting, None, today, run["max_km"])
    run["seen"].add(posting.ref)
    link, fingerprint = known.get(posting.ref), _fingerprint(item)
    if link is not None and link.fingerprint == fingerprint:
        link.last_seen_at = run["now"]
        outcome.counts["unchanged"] += 1
        return
    values = _values(feed, posting, placed, _detail(feed, posting, run), today)
    employer = posting.employer or "Arbeitgeber nicht genannt"
    extra = {"employer_name": employer, "source_url": posting.url}
    note, ref = _note(feed), f"{feed.id}:{posting.ref}"
    if link is None:
        job = create_imported(SOURCE, ref, values, extra, True, today, note)
        link = FeedListing(feed_id=feed.id, ref=posting.ref, job=job)
        db.session.add(link)
        outcome.counts["new"] += 1
    elif update_imported(link.job, values, extra, True, today, note):
        outcome.counts["updated"] += 1
    else:
        outcome.counts["unchanged"] += 1
    set_other_places(link.job, placed.others, today)
    link.fingerprint, link.last_seen_at = fingerprint, run["now"]


def _end_gone(feed, known: dict, seen: set, outcome) -> None:
    """End the listings the partner no longer lists (or no longer in our places)."""
    for ref, link in known.items():
        if ref in seen:
            continue
        before = link.job.state
        end_imported(link.job, f"Nicht mehr im Partnernetzwerk {feed.name or feed.url}")
        outcome.counts["ended"] += int(link.job.state != before)
        link.job.external_ref = None
        db.session.delete(link)


def _sync_all(feed, items: list, run: dict) -> None:
    """Each item in its own savepoint: a bad one is skipped with its reason."""
    outcome = run["outcome"]
    query = select(FeedListing).where(FeedListing.feed_id == feed.id)
    known = {link.ref: link for link in db.session.execute(query).scalars()}
    unreadable = 0
    for item in items:
        try:
            posting = item_posting(item)
        except BadPosting as error:
            unreadable += 1
            outcome.skip(str(error))
            continue
        savepoint = db.session.begin_nested()
        try:
            _sync_item(feed, item, posting, known, run)
            savepoint.commit()
        except (BadPosting, InvalidListing) as error:
            savepoint.rollback()
            outcome.skip(_reason(posting, error))
        except BaseException:
            savepoint.rollback()
            raise
    if items and unreadable == len(items):
        raise FeedDrift(
            f"{feed.url}: keiner der {len(items)} Einträge ist lesbar ({outcome.skips[0]})."
        )
    _end_gone(feed, known, run["seen"], outcome)


def run_partner(feed: ListingFeed, settings: FetchSettings, config, today: date, session=None):
    """Import one partner network's listings; the status is written onto the feed.
    Nothing here commits."""
    outcome, now = Outcome(format="api"), utcnow()
    run = {
        "outcome": outcome,
        "today": today,
        "now": now,
        "seen": set(),
        "settings": settings,
        "session": session,
        "max_km": float(config["BA_COORDINATES_KM"]),
    }
    try:
        items = partner_items(feed, settings, int(config["FEEDS_MAX_POSTINGS"]), session)
        _sync_all(feed, items, run)
    except FetchError as error:
        outcome.status, outcome.error = "failed", f"{feed.url}: {error}"
    except FeedDrift as error:
        outcome.status, outcome.error = "drift", str(error)
    record_outcome(feed, outcome, now)
    return outcome


def _reason(posting: Posting, error) -> str:
    """A skipped listing's reason in German."""
    if isinstance(error, InvalidListing):
        details = "; ".join(m for messages in error.errors.values() for m in messages)
        return f"„{posting.title}“: {details}"
    return str(error)
