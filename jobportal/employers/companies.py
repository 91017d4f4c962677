"""Company profiles and colleague invitations (plain domain functions, no commits)."""

import re

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..core.clock import berlin_today
from ..core.extensions import db
from ..core.formats import number_de
from ..core.languages import mail_language
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..core.urls import is_web_url
from ..listings import find_place, member_of_place
from ..models import Company, Role, User
from ..models.jobs import SECTORS
from ..platform import audit
from ..platform.mail import queue_mail
from ..search import note_company_changed

COMPANY_SIZES = {
    "1-9": _l("1 bis 9 Beschäftigte"),
    "10-49": _l("10 bis 49 Beschäftigte"),
    "50-249": _l("50 bis 249 Beschäftigte"),
    "250-999": _l("250 bis 999 Beschäftigte"),
    "1000+": _l("1.000 und mehr Beschäftigte"),
}
NAME_MAX, DESCRIPTION_MAX = 200, 10_000
INVITE_MAX_AGE = 7 * 86400
_INVITE_SALT = "company-invite"


class CompanyError(Exception):
    """A company action that is not possible; the message is German."""


class InvalidProfile(CompanyError):
    """Profile data did not validate; `errors` maps field names to German messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("Bitte korrigieren Sie die markierten Angaben."))
        self.errors = errors


def is_public_company(company: Company | None) -> bool:
    """A company page is public once the company is verified and while it is not banned."""
    return company is not None and company.is_verified and not company.is_banned


def public_company_slugs(limit: int) -> list[str]:
    """Slugs of the companies whose page is public (the rule of is_public_company)."""
    query = (
        select(Company.slug)
        .where(Company.verified_at.is_not(None), Company.banned_at.is_(None))
        .order_by(Company.id)
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def public_company_by_slug(slug: str) -> Company | None:
    """The company with this slug if its page is public."""
    company = db.session.execute(select(Company).filter_by(slug=slug)).scalar_one_or_none()
    return company if is_public_company(company) else None


def _is_url(value: str) -> bool:
    """Whether the website is an absolute http(s) URL (malformed ones are not, never raise)."""
    return is_web_url(value)


def _check_profile(data: dict, errors: dict) -> dict:
    """Field checks; returns the place/member values."""

    def add(key, message):
        """Record one message for a field."""
        errors.setdefault(key, []).append(message)

    if not data.get("name"):
        add("name", _("Bitte geben Sie den Namen des Unternehmens an."))
    if data.get("sector") and data["sector"] not in SECTORS:
        add("sector", _("Bitte wählen Sie eine Branche aus der Liste."))
    if data.get("size") and data["size"] not in COMPANY_SIZES:
        add("size", _("Bitte wählen Sie eine Größe aus der Liste."))
    if len(data.get("description") or "") > DESCRIPTION_MAX:
        add(
            "description",
            _("Bitte höchstens %(n)s Zeichen eingeben.", n=number_de(DESCRIPTION_MAX)),
        )
    if data.get("website") and not _is_url(data["website"]):
        add("website", _("Bitte geben Sie eine vollständige Adresse an (https://…)."))
    if data.get("contact_email"):
        try:
            validate_email(data["contact_email"], check_deliverability=False)
        except EmailNotValidError:
            add("contact_email", _("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    if not re.fullmatch(r"\d{5}", data.get("postal_code") or ""):
        add("postal_code", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))
        return {}
    place = find_place(data["postal_code"], data.get("locality") or "")
    member = member_of_place(place, berlin_today()) if place else None
    if member is None:
        add(
            "postal_code",
            _(
                "Der Sitz des Unternehmens muss in einer unserer Mitgliedskommunen "
                "liegen. Bitte prüfen Sie Postleitzahl und Ort."
            ),
        )
        return {}
    return {"place": place, "member": member}


PROFILE_FIELDS = (
    "name",
    "street",
    "sector",
    "size",
    "description",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def update_profile(company: Company, actor, data: dict) -> None:
    """Change the company profile (employers of the company only)."""
    if not (actor.has_role(Role.EMPLOYER) and actor.company_id == company.id):
        raise CompanyError(_("Dazu sind Sie nicht berechtigt."))
    data = {key: (value or "").strip() for key, value in data.items()}
    errors: dict = {}
    located = _check_profile(data, errors)
    if errors:
        raise InvalidProfile(errors)
    for key in PROFILE_FIELDS:
        setattr(company, key, data.get(key, ""))
    company.place = located["place"]
    _move_to(company, actor, located["member"])
    audit.record(actor, "company", company.id, "update_profile", reason="Profil bearbeitet")
    note_company_changed(company.id)  # name and place show in the company's listings


def _move_to(company: Company, actor, member) -> None:
    """Set the company's member; a move to another one needs that member's verification
    (its promoters see the company in their queue; the history records the move)."""
    if company.member_id is not None and member.id != company.member_id:
        reason = f"Kommune gewechselt: {company.member.name} → {member.name}"
        if company.verified_at is not None:
            company.verified_at = None
            reason += "; neue Prüfung durch die Wirtschaftsförderung der neuen Kommune"
        audit.record(actor, "company", company.id, "move", reason=reason)
    company.member = member


def profile_values(company: Company) -> dict:
    """The profile as form values."""
    values = {key: getattr(company, key) or "" for key in PROFILE_FIELDS}
    values["postal_code"] = company.place.postal_code if company.place else ""
    values["locality"] = company.place.name if company.place else ""
    return values


# --- colleague invitations -------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_INVITE_SALT)


def invite_colleague(company: Company, actor, email: str) -> str:
    """Mail a signed invitation link to join the company; returns the token."""
    if not (actor.has_role(Role.EMPLOYER) and actor.company_id == company.id):
        raise CompanyError(_("Dazu sind Sie nicht berechtigt."))
    try:
        email = validate_email((email or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise CompanyError(_("Bitte geben Sie eine gültige E-Mail-Adresse an.")) from None
    existing = db.session.execute(select(User).where(User.email.ilike(email))).scalar_one_or_none()
    if existing is not None and existing.company_id == company.id:
        raise CompanyError(_("Diese Person gehört bereits zu Ihrem Unternehmen."))
    token = _serializer().dumps({"c": company.id, "e": email.lower(), "by": actor.id})
    url = current_app.config["SITE_URL"].rstrip("/") + f"/arbeitgeber/einladung/{token}"
    queue_mail(
        email,
        _l("Einladung: %(company)s im Jobportal", company=company.name),
        "company_invite",
        author=actor,
        lang=mail_language(getattr(existing, "language", None), actor.language),
        company=company,
        inviter=actor,
        invite_url=url,
    )
    # audit entries name people by account id only (actor), never by address or name
    audit.record(actor, "company", company.id, "invite", reason="Einladung verschickt")
    return token


def read_invite(token: str) -> tuple[Company, str]:
    """The company and invited address of a valid invitation token."""
    invalid = CompanyError(_("Diese Einladung ist ungültig oder abgelaufen."))
    try:
        data = _serializer().loads(token, max_age=INVITE_MAX_AGE)
        company_id, email = int(data["c"]), str(data["e"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise invalid from None
    company = db.session.get(Company, company_id)
    if company is None or company.is_banned:
        raise invalid
    return company, email


def accept_invite(token: str, user: User) -> Company:
    """The logged-in invitee (with the invited address) joins the company as an employer."""
    company, email = read_invite(token)
    if user.email.lower() != email:
        raise CompanyError(
            _(
                "Diese Einladung gilt für %(email)s. Bitte melden Sie sich mit dieser Adresse an.",
                email=email,
            )
        )
    if user.company_id == company.id:
        return company
    if user.company_id is not None:
        raise CompanyError(_("Ihr Konto gehört bereits zu einem anderen Unternehmen."))
    if not user.has_role(Role.EMPLOYER, Role.JOBSEEKER):
        raise CompanyError(_("Mit diesem Konto können Sie keinem Unternehmen beitreten."))
    user.role = Role.EMPLOYER.value
    user.company_id = company.id
    audit.record(user, "company", company.id, "join", reason="Über eine Einladung beigetreten")
    return company
