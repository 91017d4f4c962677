"""How the adapter meets the app: the index root inside an app context, and the
visibility rules that the listings package hands over through ``search.init_app``.

Search imports no domain package (DESIGN.md import rules): which listings are public is
the lifecycle's rule, so the app factory registers it here and the indexer and the
rebuild read it from the current app.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, has_app_context

from .storage import index_root

EXTENSION = "jobportal.search.visibility"


@dataclass(frozen=True)
class Visibility:
    """Which listings the public may see (only those are indexed).

    ``is_public(job)``: whether a loaded listing (company and place loaded) is public
    now; ``public_filter()``: where-clauses on ``Job`` selecting exactly those listings.
    """

    is_public: Callable
    public_filter: Callable


def install_visibility(app: Flask, visibility: Visibility) -> None:
    """Register the visibility rules of an app."""
    app.extensions[EXTENSION] = visibility


def current_visibility() -> Visibility:
    """The visibility rules of the current app."""
    rules = current_app.extensions.get(EXTENSION)
    if rules is None:
        raise RuntimeError("search.init_app(app, visibility) was not called for this app")
    return rules


@contextlib.contextmanager
def index_context(app_or_config):
    """Yield the index root, inside an app context (pushed when given an app without one)."""
    if isinstance(app_or_config, Flask) and not has_app_context():
        with app_or_config.app_context():
            yield index_root(app_or_config)
    else:
        yield index_root(app_or_config or current_app)
