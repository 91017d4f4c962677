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

__all__ = [
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
