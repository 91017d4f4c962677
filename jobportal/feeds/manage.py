"""Registering employer feeds: who may, which URLs, and what the employer sees."""

import ipaddress
from urllib.parse import urlsplit

from sqlalchemy import select

from ..core.extensions import db
from ..core.urls import is_web_url
from ..models import ListingFeed, Role
from ..moderation import may_moderate_company
from ..platform import audit

URL_MAX = 500
FEEDS_PER_COMPANY = 5
PERSONIO_HOSTS = (".jobs.personio.de", ".jobs.personio.com")


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
        raise FeedError("Bitte geben Sie eine vollständige http(s)-Adresse an.")
    host = (parts.hostname or "").lower()
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None or host == "localhost" or host.endswith(".localhost"):
        raise FeedError("Bitte geben Sie die Adresse mit dem Rechnernamen an, keine IP-Adresse.")
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
        raise FeedError("Dazu sind Sie nicht berechtigt.")
    url = normalized_url(url)
    existing = company_feeds(company)
    if any(feed.url == url for feed in existing):
        raise FeedError("Dieser Feed ist bereits eingetragen.")
    if len(existing) >= FEEDS_PER_COMPANY:
        raise FeedError(f"Höchstens {FEEDS_PER_COMPANY} Feeds pro Unternehmen.")
    feed = ListingFeed(kind="employer", company=company, url=url, created_by_id=user.id)
    db.session.add(feed)
    db.session.flush()
    audit.record(user, "company", company.id, "feed_add", "", "", url)
    return feed


def remove_feed(feed: ListingFeed, user) -> None:
    """Remove a feed; its listings stay as they are (the employer manages them)."""
    if feed.company is None or not may_manage_feeds(user, feed.company):
        raise FeedError("Dazu sind Sie nicht berechtigt.")
    audit.record(user, "company", feed.company_id, "feed_remove", "", "", feed.url)
    db.session.delete(feed)
