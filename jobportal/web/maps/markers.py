"""Marker kinds of /karte/marker/<kind>.json: one function per kind.

A kind function takes the request's query arguments and returns MapPoints; it raises
``BadMarkerRequest`` on parameters it cannot use (a JSON 400). Only public data:
members and their open listings, public listings' places. No personal data, nothing
that depends on who asks (the answers are cached by browsers and proxies).
"""

from collections.abc import Callable

from flask import url_for

from ... import listings, returnees
from ...core.extensions import db
from ...core.translation import gettext as _
from ...listings import InvalidParameter
from ...models import Job
from ..search.results import run_search
from .build import hit_points, job_points, member_context, member_points, one_member_points

MAX_HITS = 500  # search hits placed on one map

KINDS: dict[str, tuple[Callable, int]] = {}  # kind -> (function, cache seconds)


class BadMarkerRequest(ValueError):
    """A parameter a marker kind cannot use; the message is German."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


def marker_kind(name: str, max_age: int = 300):
    """Register a function as the markers of ``name``."""

    def register(function):
        KINDS[name] = (function, max_age)
        return function

    return register


@marker_kind("members")
def members(args) -> list:
    """The active member municipalities with their open listings."""
    return member_points()


@marker_kind("member")
def member(args) -> list:
    """One active member (?slug=...) with its open listings."""
    found = returnees.active_member_by_slug(args.get("slug", "")[:80])
    if found is None:
        return []
    return member_context(found) + one_member_points(found, returnees.open_job_count(found))


@marker_kind("job")
def job(args) -> list:
    """The place of one public listing (?id=...)."""
    raw = args.get("id", "")
    if not raw.isdigit() or len(raw) > 9:
        raise BadMarkerRequest("id", _("Bitte eine Stellennummer angeben."))
    found = db.session.get(Job, int(raw))
    if found is None or not listings.is_public(found):
        return []
    return member_context() + job_points(found)


@marker_kind("jobs", max_age=60)
def jobs(args) -> list:
    """The hits of a search (the search page's parameters), grouped by place."""
    try:
        outcome = run_search(args, strict=True, with_facets=False, page=1, per_page=MAX_HITS)
    except InvalidParameter as error:
        raise BadMarkerRequest(error.param, error.message) from error
    return hit_points(outcome.rows, lambda j: url_for("public.job_page", job_id=j.id))
