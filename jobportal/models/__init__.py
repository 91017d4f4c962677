"""All models, imported here so Alembic and create_all see every table."""

from .accounts import Role, ThrottleEvent, User, promoter_members
from .companies import Company
from .jobs import Job, JobState
from .mail import OutboxMail
from .moderation import AuditEntry
from .places import Member, Place, Region, member_places

__all__ = [
    "AuditEntry",
    "Company",
    "Job",
    "JobState",
    "Member",
    "OutboxMail",
    "Place",
    "Region",
    "Role",
    "ThrottleEvent",
    "User",
    "member_places",
    "promoter_members",
]
