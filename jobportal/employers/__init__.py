"""Employers: company profiles and colleague invitations.

This module is the package's public API: code outside the package imports from here.
"""

from .companies import (
    COMPANY_SIZES,
    DESCRIPTION_MAX,
    CompanyError,
    InvalidProfile,
    accept_invite,
    invite_colleague,
    is_public_company,
    profile_values,
    public_company_by_slug,
    public_company_slugs,
    read_invite,
    update_profile,
)
from .logos import (
    MAX_BYTES as LOGO_MAX_BYTES,
)
from .logos import (
    LogoError,
    inspect_logo,
    logo_dir,
    logo_mimetype,
    prune_logos,
    remove_logo,
    save_logo,
)

__all__ = [
    "LOGO_MAX_BYTES",
    "LogoError",
    "inspect_logo",
    "logo_dir",
    "logo_mimetype",
    "prune_logos",
    "remove_logo",
    "save_logo",
    "DESCRIPTION_MAX",
    "COMPANY_SIZES",
    "CompanyError",
    "InvalidProfile",
    "accept_invite",
    "invite_colleague",
    "is_public_company",
    "profile_values",
    "public_company_by_slug",
    "public_company_slugs",
    "read_invite",
    "update_profile",
]
