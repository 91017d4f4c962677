"""Registration of job seekers and employers (with their company)."""

from sqlalchemy import select

from ..core.extensions import db
from ..core.text import fold
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import Company, Role, User
from ..places import active_members
from ..platform.mail import queue_mail
from .core import (
    AccountError,
    find_user_by_email,
    hash_password,
    log,
    new_session_token,
    normalize_email,
    set_language,
    site_link,
    validate_new_password,
)
from .links import send_verification_mail


def _tell_owner(owner: User) -> None:
    """Mail the owner of an address that someone tried to register it again."""
    queue_mail(
        owner.email,
        _l("Registrierung mit Ihrer E-Mail-Adresse"),
        "auth_register_existing",
        lang=owner.language,
        name=owner.name,
        login_link=site_link("auth.login"),
        reset_link=site_link("auth.forgot_password"),
    )
    log.info("registration for an existing address user_id=%s", owner.id)


def _new_user(name: str, email: str, password: str, role: Role) -> User | None:
    """Create (not commit) a user; None (and a mail to the owner) if the address is taken.

    The caller answers both cases the same way, so registration never tells whether
    an address has an account (password rules are checked first, for both).
    """
    email = normalize_email(email)
    validate_new_password(password)
    owner = find_user_by_email(email)
    if owner is not None:
        hash_password(password)  # the same work as a new account: timing reveals nothing
        _tell_owner(owner)
        return None
    user = User(
        name=(name or "").strip(),
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        session_token=new_session_token(),
    )
    db.session.add(user)
    return user


def register_jobseeker(
    name: str, email: str, password: str, language: str | None = None
) -> User | None:
    """Create a job seeker account and queue the verification mail (None: address taken).

    ``language`` is the page's language at registration: the account's pages and mails.
    """
    user = _new_user(name, email, password, Role.JOBSEEKER)
    if user is None:
        return None
    set_language(user, language)
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
    name: str,
    email: str,
    password: str,
    company_name: str,
    member_id: int,
    language: str | None = None,
) -> User | None:
    """Create an employer with a new, unverified company (None: address taken, owner mailed)."""
    member = next((m for m in active_members() if m.id == member_id), None)
    if member is None:
        raise AccountError(_("Bitte wählen Sie eine Mitgliedskommune aus."), field="member_id")
    user = _new_user(name, email, password, Role.EMPLOYER)
    if user is None:
        return None
    set_language(user, language)
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
