"""Saved searches as e-mail alerts: double opt-in, management, digests.

This module is the package's public API: code outside the package imports from here.
"""

from .digest import match_alerts, new_public_jobs, send_alerts
from .subscriptions import (
    NAME_MAX,
    AlertError,
    alert_from_token,
    alerts_of_address,
    cleanup,
    confirm,
    consent_text,
    create_alert,
    default_name,
    delete_alerts,
    keep_alert,
    manageable_alerts,
    set_paused,
    token_for,
    unsubscribe,
    update_alert,
)

__all__ = [
    "AlertError",
    "NAME_MAX",
    "alert_from_token",
    "alerts_of_address",
    "cleanup",
    "confirm",
    "consent_text",
    "create_alert",
    "default_name",
    "delete_alerts",
    "keep_alert",
    "manageable_alerts",
    "match_alerts",
    "new_public_jobs",
    "send_alerts",
    "set_paused",
    "token_for",
    "unsubscribe",
    "update_alert",
]
