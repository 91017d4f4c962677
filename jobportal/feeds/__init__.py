"""Listings from employers' own applicant systems: Personio's XML feed, Atom/RSS job feeds
and career pages with schema.org JobPosting JSON-LD (docs/feeds.md, docs/sources.md).

fetch: SSRF-safe HTTP; postings: the common Posting and drift; xmlfeeds: Personio, RSS,
Atom; jsonld: career pages; records: placing (the BA import's) and the vacancy import
record; sync: one feed's run (import through listings.import_jobs, end what is gone);
runner: `flask import feeds`; manage: registering feeds.
"""

from .fetch import Fetched, FetchError, FetchSettings, check_url, fetch, public_address
from .jsonld import read_career_page
from .manage import (
    FeedError,
    add_feed,
    add_partner,
    company_feeds,
    failing_feeds,
    may_manage_feeds,
    normalized_url,
    partner_feeds,
    remove_feed,
    remove_partner,
)
from .partners import item_posting, list_url, run_partner
from .postings import FeedDrift, Posting
from .runner import active_feeds, run_feeds
from .sync import Outcome, read_answer, run_feed
from .xmlfeeds import BadPosting, read_xml_feed

__all__ = [
    "BadPosting",
    "FeedDrift",
    "FeedError",
    "FetchError",
    "FetchSettings",
    "Fetched",
    "Outcome",
    "Posting",
    "active_feeds",
    "add_feed",
    "add_partner",
    "check_url",
    "company_feeds",
    "failing_feeds",
    "fetch",
    "item_posting",
    "list_url",
    "may_manage_feeds",
    "normalized_url",
    "partner_feeds",
    "public_address",
    "read_answer",
    "read_career_page",
    "read_xml_feed",
    "remove_feed",
    "remove_partner",
    "run_feed",
    "run_feeds",
    "run_partner",
]
