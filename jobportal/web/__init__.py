"""The web layer: one blueprint per user-facing area, security headers, templating, errors."""

from .admin import bp as admin_bp
from .alerts import bp as alerts_bp
from .api import bp as api_bp
from .auth import bp as auth_bp
from .employer import bp as employer_bp
from .events import bp as events_bp
from .feeds import bp as feeds_bp
from .maps import bp as maps_bp
from .moderation import bp as moderation_bp
from .privacy import bp as privacy_bp
from .public import bp as public_bp
from .reports import bp as reports_bp
from .returnee import bp as returnee_bp
from .search import bp as search_bp

BLUEPRINTS = (
    public_bp,
    auth_bp,
    employer_bp,
    feeds_bp,
    moderation_bp,
    admin_bp,
    returnee_bp,
    search_bp,
    api_bp,
    alerts_bp,
    privacy_bp,
    reports_bp,
    events_bp,
    maps_bp,
)
