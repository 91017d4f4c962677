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
    company_feeds,
    may_manage_feeds,
    normalized_url,
    remove_feed,
)
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
    "check_url",
    "company_feeds",
    "fetch",
    "may_manage_feeds",
    "normalized_url",
    "public_address",
    "read_answer",
    "read_career_page",
    "read_xml_feed",
    "remove_feed",
    "run_feed",
    "run_feeds",
]
