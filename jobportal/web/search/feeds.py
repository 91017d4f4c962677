"""Machine-readable views: an Atom feed for any search, sitemap.xml and robots.txt.

Absolute URLs come from SITE_URL (the feed and sitemap are fetched by crawlers and
feed readers that must get the public address, not the one a proxy saw). A feed is a
contract with its reader: it parses its search strictly, like the API, and answers an
unknown place or value with 400 and the reason instead of other listings.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime

from flask import Response, request, url_for
from sqlalchemy import select

from ...core.extensions import db
from ...core.translation import gettext as _
from ...employers import public_company_slugs
from ...events import upcoming_events
from ...listings import PAGE_SIZE, InvalidParameter, public_jobs_filter, site_url
from ...models import Job
from ...places import active_members, current_region_info
from ..i18n import page_language
from . import bp
from .results import run_search
from .view import search_url

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 50
FEED_IGNORES = ("sort", "page", "per_page")  # a feed is always the newest FEED_SIZE
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)
STATIC_PAGES = (
    ("public.home", {}),
    ("search.search_page", {}),
    ("public.legal", {"page": "impressum"}),
    ("public.legal", {"page": "datenschutz"}),
    ("public.legal", {"page": "barrierefreiheit"}),
    ("returnee.region", {}),
    ("events.event_list", {}),
)
PRIVATE_PREFIXES = (
    "/arbeitgeber/",
    "/moderation/",
    "/admin/",
    "/konto",
    "/api/",
    "/veranstaltungen/verwalten/",
    "/veranstaltungen/anmeldung/",
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
    """Text without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", str(value or ""))


def _rfc3339(moment: datetime | None) -> str:
    """An aware timestamp as RFC 3339 in UTC, whole seconds."""
    moment = moment or datetime.now(UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _sub(parent, tag: str, text=None, **attrs):
    """Append a child element in the parent's namespace."""
    namespace = parent.tag.split("}")[0] + "}"
    element = ET.SubElement(parent, namespace + tag, {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _xml(root, mimetype: str) -> Response:
    """Serialise an element tree with an XML declaration."""
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype=mimetype)


def last_public_change(job: Job) -> datetime:
    """When the listing last changed (as the sitemap's lastmod): edits reach feed readers."""
    return job.updated_at or job.published_at or job.created_at


def _entry(feed, row) -> None:
    """One listing as an Atom entry."""
    job = row.job
    url = site_url(url_for("public.job_page", job_id=job.id))
    entry = _sub(feed, "entry")
    _sub(entry, "id", url)
    _sub(entry, "title", job.title)
    _sub(entry, "link", href=url, rel="alternate", type="text/html")
    _sub(entry, "published", _rfc3339(job.published_at or job.created_at))
    _sub(entry, "updated", _rfc3339(last_public_change(job)))
    _sub(_sub(entry, "author"), "name", job.display_employer or current_region_info()["name"])
    place = f"{job.place.postal_code} {job.place.name}" if job.place else ""
    _sub(entry, "summary", f"{job.display_employer} · {place}", type="text")


def _feed_error(error: InvalidParameter) -> Response:
    """400 in plain text: which parameter is wrong and why (feed readers show the body)."""
    text = _("Parameter „%(param)s“: %(message)s", param=error.param, message=error.message) + "\n"
    return Response(text, status=400, mimetype="text/plain")


@bp.get("/jobs/feed")
def feed():
    """Atom feed of the newest 50 listings of any search (same parameters as /jobs)."""
    args = request.args.copy()
    for name in FEED_IGNORES:
        args.poplist(name)
    try:
        outcome = run_search(
            args, strict=True, with_facets=False, sort="date", page=1, per_page=FEED_SIZE
        )
    except InvalidParameter as error:
        return _feed_error(error)
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": page_language()})
    region = current_region_info()
    query = replace(outcome.query, page=1, per_page=PAGE_SIZE)  # canonical: sorted by date
    title = region.get("portal_name", region["name"])
    if query.q or query.where:
        title += " – " + " · ".join(filter(None, [query.q, query.where]))
    _sub(root, "id", site_url(search_url(query, endpoint="search.feed")))
    _sub(root, "title", title)
    _sub(root, "subtitle", _("Neue Stellen zu Ihrer Suche"))
    dates = [last_public_change(row.job) for row in outcome.rows]
    _sub(root, "updated", _rfc3339(max(dates, default=None)))
    _sub(root, "link", rel="self", href=site_url(search_url(query, endpoint="search.feed")))
    _sub(root, "link", rel="alternate", type="text/html", href=site_url(search_url(query)))
    _sub(_sub(root, "author"), "name", region["name"])
    for row in outcome.rows:
        _entry(root, row)
    return _xml(root, "application/atom+xml")


def _page_urls() -> list[str]:
    """Static pages, the region, its active members and the public company pages."""
    pages = [url_for(endpoint, **values) for endpoint, values in STATIC_PAGES]
    pages += [url_for("returnee.member", slug=member.slug) for member in active_members()]
    pages += [url_for("events.event_page", event_id=event.id) for event in upcoming_events()]
    companies = public_company_slugs(limit=SITEMAP_LIMIT - len(pages))
    pages += [url_for("public.company_page", slug=slug) for slug in companies]
    return [site_url(path) for path in pages]


@bp.get("/sitemap.xml")
def sitemap():
    """Public pages (region, members, companies) and listings, for search engines."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    pages = _page_urls()
    for page in pages:
        _sub(_sub(root, "url"), "loc", page)
    query = (
        select(Job.id, Job.updated_at)
        .where(*public_jobs_filter())
        .order_by(Job.id)
        .limit(max(SITEMAP_LIMIT - len(pages), 0))
    )
    for job_id, updated_at in db.session.execute(query):
        url = _sub(root, "url")
        _sub(url, "loc", site_url(url_for("public.job_page", job_id=job_id)))
        if updated_at:
            _sub(url, "lastmod", updated_at.astimezone(UTC).date().isoformat())
    return _xml(root, "application/xml")


@bp.get("/robots.txt")
def robots():
    """Crawl rules: everything public, nothing behind a login; where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines += ["Allow: /", "", f"Sitemap: {site_url(url_for('search.sitemap'))}", ""]
    return Response("\n".join(lines), mimetype="text/plain")
