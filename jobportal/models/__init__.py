"""All models, imported here so Alembic and create_all see every table."""

from .accounts import Role, ThrottleEvent, User, promoter_members
from .alerts import AlertDelivery, ConsentRecord, SavedSearch
from .ba import BaImportRun, BaListing
from .companies import Company
from .feeds import FeedListing, ListingFeed
from .jobs import Job, JobPlace, JobState
from .mail import OutboxMail
from .moderation import AbuseReport, AuditEntry, ModerationNote
from .places import Member, Place, Region, member_places
from .returnees import (
    Bookmark,
    ContactRequest,
    DesiredHome,
    MemberPage,
    PromoterContact,
    ReturneeProfile,
)
from .search import SearchChange

__all__ = [
    "AbuseReport",
    "AlertDelivery",
    "AuditEntry",
    "BaImportRun",
    "BaListing",
    "Bookmark",
    "Company",
    "ConsentRecord",
    "ContactRequest",
    "DesiredHome",
    "FeedListing",
    "Job",
    "JobPlace",
    "JobState",
    "Member",
    "ListingFeed",
    "MemberPage",
    "ModerationNote",
    "OutboxMail",
    "Place",
    "PromoterContact",
    "Region",
    "ReturneeProfile",
    "Role",
    "SavedSearch",
    "SearchChange",
    "ThrottleEvent",
    "User",
    "member_places",
    "promoter_members",
]
