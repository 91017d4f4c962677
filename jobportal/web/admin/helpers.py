"""Shared by the admin views: running an admin action."""

from ... import admin, moderation
from ..actions import run_action as _run_domain_action


def run_action(action, success: str, target: str):
    """Run an admin action: commit and flash, or roll back and flash its German error."""
    return _run_domain_action(
        action, success, target, errors=(moderation.ModerationError, admin.AdminError)
    )
