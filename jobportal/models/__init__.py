"""All models, imported here so Alembic and create_all see every table."""

from .accounts import Role, ThrottleEvent, User, promoter_members
from .alerts import AlertDelivery, ConsentRecord, SavedSearch
from .ba import BaImportRun, BaListing
from .companies import Company
from .jobs import Job, JobState
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
from .search import SearchChange, SearchFeedHorizon, SearchNode

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
    "Job",
    "JobState",
    "Member",
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
    "SearchFeedHorizon",
    "SearchNode",
    "ThrottleEvent",
    "User",
    "member_places",
    "promoter_members",
]
