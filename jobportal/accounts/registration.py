"""Registration of job seekers and employers (with their company)."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.extensions import db
from ..core.text import fold
from ..models import Company, Role, User
from ..places import active_members
from .core import (
    AccountError,
    check_email_free,
    hash_password,
    log,
    new_session_token,
    normalize_email,
    validate_new_password,
)
from .links import send_verification_mail


def _new_user(name: str, email: str, password: str, role: Role) -> User:
    """Create (not commit) a user after checking address and password."""
    email = normalize_email(email)
    check_email_free(email)
    validate_new_password(password)
    user = User(
        name=(name or "").strip(),
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        session_token=new_session_token(),
    )
    db.session.add(user)
    return user


def register_jobseeker(name: str, email: str, password: str) -> User:
    """Create a job seeker account and queue the verification mail."""
    user = _new_user(name, email, password, Role.JOBSEEKER)
    db.session.flush()
    send_verification_mail(user)
    log.info("registered jobseeker user_id=%s", user.id)
    return user


def member_choices() -> list[tuple[int, str]]:
    """(id, name) of the active member municipalities of the configured region."""
    return [(m.id, m.name) for m in active_members()]


def _unique_company_slug(name: str) -> str:
    """A URL slug for a company name, suffixed with a number if taken."""
    base = fold(name).replace(" ", "-")[:100].strip("-") or "firma"
    taken = set(
        db.session.execute(select(Company.slug).where(Company.slug.like(f"{base}%"))).scalars()
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def register_employer(
    name: str, email: str, password: str, company_name: str, member_id: int
) -> User:
    """Create an employer account with a new, unverified company in a member municipality."""
    member = next((m for m in active_members() if m.id == member_id), None)
    if member is None:
        raise AccountError(_("Bitte wählen Sie eine Mitgliedskommune aus."), field="member_id")
    user = _new_user(name, email, password, Role.EMPLOYER)
    company_name = (company_name or "").strip()
    user.company = Company(
        name=company_name,
        slug=_unique_company_slug(company_name),
        member=member,
        contact_name=user.name,
        contact_email=user.email,
    )
    db.session.flush()
    send_verification_mail(user)
    log.info("registered employer user_id=%s company_id=%s", user.id, user.company_id)
    return user
