"""HTTP caching: which responses browsers and a reverse proxy may store.

- **Public** (``Cache-Control: public, max-age=PUBLIC_CACHE_SECONDS``, default 60, with
  an ``ETag``; a conditional GET with a matching ``If-None-Match`` answers 304): a
  successful GET/HEAD of a page in ``CACHEABLE_ENDPOINTS`` (the search page, job pages)
  for an anonymous visitor whose request left the session alone. The ETag is a hash of
  the body, so it changes with anything the page shows (listings, the index, members,
  the language, a deploy) and costs ~0.1 ms.
- **Never stored** (``Cache-Control: no-store``, which forbids private and shared caches
  alike; kept as the value the rest of the code and its tests use): any response for a logged-in
  user, any response that writes the session (a flash message shown, a CSRF token put
  into a form: both bind the page to one visitor's cookie) and the personal areas.
- Both carry ``Vary: Cookie, Accept-Language`` where relevant, so a cache never hands
  one visitor's or one language's page to another.

Job pages count views when rendered; a page served from a cache is not counted.
"""

from flask import current_app, g, request, session
from flask_login import current_user

CACHEABLE_ENDPOINTS = {"search.search_page", "public.job_page"}
PUBLIC_SECONDS_SETTING = "PUBLIC_CACHE_SECONDS"
NO_STORE = "no-store"


def session_bound(response) -> bool:
    """Whether the response belongs to one visitor: logged in, a cookie set, the session
    written (flashes shown, a CSRF token issued)."""
    return (
        bool(getattr(current_user, "is_authenticated", False))
        or "Set-Cookie" in response.headers
        or session.modified
        or "csrf_token" in g
    )


def _public(response) -> bool:
    """Whether the response may be stored by shared caches."""
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in CACHEABLE_ENDPOINTS
        and response.status_code == 200
        and not response.is_streamed
        and not session_bound(response)
    )


def set_cache_headers(response, personal: bool):
    """Cache-Control/ETag/Vary for the response (``personal``: a personal area's page);
    answers 304 to a matching conditional GET of a public page."""
    if personal or session_bound(response):
        response.headers["Cache-Control"] = NO_STORE
        response.headers["Pragma"] = "no-cache"
        response.vary.add("Cookie")
        return response
    if not _public(response):
        return response
    seconds = int(current_app.config.get(PUBLIC_SECONDS_SETTING, 60))
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    response.vary.update(("Cookie", "Accept-Language"))
    response.add_etag()
    return response.make_conditional(request)
