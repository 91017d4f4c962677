"""All models, imported here so Alembic and create_all see every table."""

from .accounts import Role, ThrottleEvent, User, promoter_members
from .alerts import AlertDelivery, ConsentRecord, SavedSearch
from .ba import BaImportRun, BaListing
from .companies import Company
from .events import EVENT_KINDS, Event, EventRegistration, event_exhibitors
from .feeds import FeedListing, ListingFeed
from .jobs import Job, JobPlace, JobState, ListingMonth
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
    "EVENT_KINDS",
    "Event",
    "EventRegistration",
    "ContactRequest",
    "DesiredHome",
    "FeedListing",
    "Job",
    "JobPlace",
    "JobState",
    "ListingMonth",
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
    "SearchFeedHorizon",
    "SearchNode",
    "ThrottleEvent",
    "User",
    "event_exhibitors",
    "member_places",
    "promoter_members",
]
