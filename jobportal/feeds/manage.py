"""Registering employer feeds: who may, which URLs, and what the employer sees."""

import ipaddress
import re
from urllib.parse import urlsplit

from sqlalchemy import select

from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.urls import is_web_url
from ..listings import end_imported
from ..models import FeedListing, ListingFeed, Role
from ..moderation import may_moderate_company
from ..platform import audit

URL_MAX = 500
FEEDS_PER_COMPANY = 5
PERSONIO_HOSTS = (".jobs.personio.de", ".jobs.personio.com")
NAME_MAX = 200
MEMBERS_MAX = 50
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class FeedError(Exception):
    """A feed cannot be registered or removed; the message is German."""


def may_manage_feeds(user, company) -> bool:
    """Employers of the company, promoters of its member and admins."""
    if user is None or getattr(user, "locked_at", None) is not None or company is None:
        return False
    if user.has_role(Role.EMPLOYER) and user.company_id == company.id:
        return True
    return user.has_role(Role.PROMOTER, Role.ADMIN) and may_moderate_company(user, company)


def normalized_url(value: str) -> str:
    """The feed URL as we fetch it: Personio's career page address gets its /xml path."""
    url = (value or "").strip()
    if url and "://" not in url:
        url = "https://" + url
    parts = urlsplit(url) if is_web_url(url) else None
    if parts is None or len(url) > URL_MAX:
        raise FeedError(_("Bitte geben Sie eine vollständige http(s)-Adresse an."))
    host = (parts.hostname or "").lower()
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None or host == "localhost" or host.endswith(".localhost"):
        raise FeedError(_("Bitte geben Sie die Adresse mit dem Rechnernamen an, keine IP-Adresse."))
    if host.endswith(PERSONIO_HOSTS) and parts.path in ("", "/"):
        url = f"https://{host}/xml"
    return url


def company_feeds(company) -> list[ListingFeed]:
    """The company's feeds, oldest first."""
    query = select(ListingFeed).where(ListingFeed.company_id == company.id)
    return list(db.session.execute(query.order_by(ListingFeed.id)).scalars())


def add_feed(company, user, url: str) -> ListingFeed:
    """Register a career feed of the company (FeedError if not allowed or invalid)."""
    if not may_manage_feeds(user, company):
        raise FeedError(_("Dazu sind Sie nicht berechtigt."))
    url = normalized_url(url)
    existing = company_feeds(company)
    if any(feed.url == url for feed in existing):
        raise FeedError(_("Dieser Feed ist bereits eingetragen."))
    if len(existing) >= FEEDS_PER_COMPANY:
        raise FeedError(_("Höchstens %(n)s Feeds pro Unternehmen.", n=FEEDS_PER_COMPANY))
    feed = ListingFeed(kind="employer", company=company, url=url, created_by_id=user.id)
    db.session.add(feed)
    db.session.flush()
    audit.record(user, "company", company.id, "feed_add", "", "", url)
    return feed


def remove_feed(feed: ListingFeed, user) -> None:
    """Remove a feed; its listings stay as they are (the employer manages them)."""
    if feed.company is None or not may_manage_feeds(user, feed.company):
        raise FeedError(_("Dazu sind Sie nicht berechtigt."))
    audit.record(user, "company", feed.company_id, "feed_remove", "", "", feed.url)
    db.session.delete(feed)


def _member_slugs(text: str) -> list[str]:
    """The partner's member slugs of a comma or space separated text."""
    slugs = [s.strip().lower() for s in re.split(r"[,\s]+", text or "") if s.strip()]
    bad = [s for s in slugs if not SLUG.fullmatch(s)]
    if bad:
        raise FeedError(
            _("Ungültige Kennung eines Mitglieds: „%(slug)s“ (erlaubt: a–z, 0–9, -).", slug=bad[0])
        )
    if len(slugs) > MEMBERS_MAX:
        raise FeedError(_("Höchstens %(n)s Mitglieder.", n=MEMBERS_MAX))
    return list(dict.fromkeys(slugs))


def partner_feeds() -> list[ListingFeed]:
    """The partner networks, oldest first."""
    query = select(ListingFeed).where(ListingFeed.kind == "partner")
    return list(db.session.execute(query.order_by(ListingFeed.id)).scalars())


def add_partner(user, name: str, url: str, members: str = "") -> ListingFeed:
    """Subscribe to another installation's public listings (network admins only)."""
    if user is None or not user.has_role(Role.ADMIN):
        raise FeedError(_("Dazu sind Sie nicht berechtigt."))
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise FeedError(
            _("Bitte geben Sie den Namen des Netzwerks an (höchstens %(n)s Zeichen).", n=NAME_MAX)
        )
    base = normalized_url(url).split("?")[0].rstrip("/")
    base = base.removesuffix("/api/v1/jobs").rstrip("/")
    if any(feed.url == base for feed in partner_feeds()):
        raise FeedError(_("Dieses Partnernetzwerk ist bereits eingetragen."))
    feed = ListingFeed(
        kind="partner", name=name, url=base, members=_member_slugs(members), created_by_id=user.id
    )
    db.session.add(feed)
    db.session.flush()
    audit.record(user, "feed", feed.id, "partner_add", "", "", f"{name}: {base}")
    return feed


def remove_partner(feed: ListingFeed, user) -> None:
    """End the subscription; the partner's listings end with it."""
    if user is None or not user.has_role(Role.ADMIN) or feed.kind != "partner":
        raise FeedError(_("Dazu sind Sie nicht berechtigt."))
    query = select(FeedListing).where(FeedListing.feed_id == feed.id)
    for link in db.session.execute(query).scalars():
        end_imported(link.job, f"Partnernetzwerk {feed.name} abbestellt")
        link.job.external_ref = None
        db.session.delete(link)
    audit.record(user, "feed", feed.id, "partner_remove", "", "", f"{feed.name}: {feed.url}")
    db.session.delete(feed)


def failing_feeds() -> list[ListingFeed]:
    """Employer feeds whose last run failed or drifted (for the network admin)."""
    query = select(ListingFeed).where(
        ListingFeed.kind == "employer", ListingFeed.last_status.in_(("failed", "drift"))
    )
    return list(db.session.execute(query.order_by(ListingFeed.last_run_at.desc())).scalars())
