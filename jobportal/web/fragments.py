"""Partials rendered once for the same values: a popular search's filters and hit cards.

The filter panel of a search page (some 40 choices with their counts) and its 20 hit
cards are two fifths of rendering the page. Each is a function of a few values (the
facet groups; the rows, the page number, the way back to the search) and the page's
language. `cached_fragment` renders a partial with exactly the values it is given (no
request context, no context processors: a partial that reads anything else fails to
render, it does not silently show another request's data) and keeps the HTML per worker
under a key made of those values, as Django's template fragment cache does.
"""

from flask import current_app
from markupsafe import Markup

from ..core.lru import LRU
from ..core.translation import current_locale

ENTRIES = 512  # partials kept per worker
MAX_CHARS = 8 << 20  # and at most this much HTML (a hit list is ~12,000 characters)


FRAGMENTS = LRU(ENTRIES, MAX_CHARS, weigh=len)


def render_fragment(name: str, **context) -> Markup:
    """The partial ``name`` rendered with ``context`` alone (and the templates' globals
    and filters: `_`, `url_for`, `number_de`...), in the page's language."""
    return Markup(current_app.jinja_env.get_template(name).render(context))  # noqa: S704


def cached_fragment(name: str, key, **context) -> Markup:
    """``render_fragment``, kept for ``key`` in the page's language. ``key`` must fix
    everything the partial shows (the values it is given, or what they are made from);
    a key that cannot be hashed renders without keeping."""
    full_key = (name, str(current_locale()), key)
    try:
        hash(full_key)
    except TypeError:
        return render_fragment(name, **context)
    return FRAGMENTS.get(full_key, lambda: render_fragment(name, **context))
