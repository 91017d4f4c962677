"""Events area: the public list, event pages, calendars, registration and the organiser's pages."""

from flask import Blueprint

from ...events import upcoming_events_for

bp = Blueprint("events", __name__)
# For the partial templates/events/_upcoming.html (municipality pages include it).
bp.add_app_template_global(upcoming_events_for, "upcoming_events_for")

from . import manage, public  # noqa: E402,F401 - register the views
