"""The facade's functions that join the engine to the Whoosh adapter."""

from flask import Flask, current_app
from whoosh.reading import ReaderClosed

from ..core.clock import berlin_today
from ..platform import hooks
from .adapter import (
    FEED_FLAG,
    Visibility,
    drain_after_commit,
    install_visibility,
    pool_for,
)
from .engine import (
    IndexView,
    SearchParams,
    SearchResult,
    normalized,
    parse_query,
    prepare,
    run_cached,
)
from .engine import match_new as match_listings

# Setting: read postings and refresh searchers through Whoosh's private internals (fast);
# off: Whoosh 2.7's public API only (same results, slower), e.g. for another Whoosh fork.
PRIVATE_FAST_PATH = "SEARCH_PRIVATE_FAST_PATH"
# Setting: answers kept per index generation (0: none; engine.run_cached). A popular search
# (a landing page, the first page of "Pflege in Dresden") is computed once per index change.
RESULT_CACHE = "SEARCH_RESULT_CACHE"


def init_app(app: Flask, visibility: Visibility) -> None:
    """Set search up for an app: ``visibility`` says which listings are public (the
    listings package's rules, handed over by the app factory); a request whose commit
    wrote feed entries drains them afterwards (SEARCH_DRAIN_AFTER_COMMIT)."""
    app.config.setdefault(PRIVATE_FAST_PATH, True)
    install_visibility(app, visibility)
    hooks.after_commit_task(drain_after_commit, flag=FEED_FLAG)


def _config(app_or_config=None):
    """The config mapping of an app, of a config mapping, or of the current app."""
    return getattr(app_or_config or current_app, "config", app_or_config)


def searcher_pool(app_or_config=None):
    """The searcher pool of this process that search_jobs uses for the app's index."""
    config = _config(app_or_config)
    private = bool(config.get(PRIVATE_FAST_PATH, True))
    # the configured directory as it is (index_root would create it on every search: a
    # missing directory reads as no index yet)
    return pool_for(config["INDEX_DIR"], IndexView, private)


def search_jobs(params: SearchParams, app_or_config=None) -> SearchResult:
    """Search the live index; never raises on user input."""
    params = normalized(params)
    parsed = parse_query(params.q)
    config = _config(app_or_config)
    pool, entries = searcher_pool(config), int(config.get(RESULT_CACHE, 0))
    for attempt in (1, 2):
        try:
            with pool.view() as view:
                if view is None:
                    return SearchResult(
                        0, params.page, params.per_page, params.sort, hint=parsed.hint
                    )
                return run_cached(view, params, parsed, berlin_today(), entries)
        except (ReaderClosed, OSError):
            if attempt == 2:
                raise
            pool.reset()  # files of a merged segment or an old generation are gone
    raise AssertionError("unreachable")


def warm_search(app_or_config=None) -> bool:
    """Open this process's searcher of the live index and compute ahead what its first
    searches would (engine.prepare): for a new web worker (deploy/gunicorn.conf.py), whose
    first user would otherwise wait seconds at 100,000 listings. False without an index."""
    with searcher_pool(app_or_config).view() as view:
        if view is None:
            return False
        prepare(view, berlin_today())
        return True


def match_new(listings, searches, today=None) -> list[list[int]]:
    """Per saved search (SearchParams with places and members resolved), the ids of the
    new public ``listings`` it matches, in listing order; for alerts, no index needed."""
    return match_listings(listings, searches, today or berlin_today())
