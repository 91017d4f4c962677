"""Network administration: members, promoter accounts, locking users.

This module is the package's public API: code outside the package imports from here.
"""

from .network import (
    NAME_MAX,
    REASON_MAX,
    ROLE_LABELS,
    AdminError,
    add_member,
    all_members,
    create_promoter,
    end_membership,
    lock_user,
    promoters,
    search_users,
    send_promoter_invite,
    set_promoter_members,
    unlock_user,
    user_state,
)

__all__ = [
    "AdminError",
    "NAME_MAX",
    "REASON_MAX",
    "ROLE_LABELS",
    "add_member",
    "all_members",
    "create_promoter",
    "end_membership",
    "lock_user",
    "promoters",
    "search_users",
    "send_promoter_invite",
    "set_promoter_members",
    "unlock_user",
    "user_state",
]
