"""Network administration: members (through jobportal.regions), promoter accounts and
their municipalities, locking users. Nothing here commits: the caller owns the transaction.
"""

import re
import secrets
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from .. import accounts, places, search
from ..accounts import dump_token, password_fingerprint, site_link
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import Member, Place, Region, Role, User
from ..models.base import utcnow
from ..platform import audit
from ..platform.mail import queue_mail

SEARCH_LIMIT = 50
REASON_MAX = 2000
NAME_MAX = 120

ROLE_LABELS = {
    "jobseeker": _l("Arbeitsuchende Person"),
    "employer": _l("Arbeitgeber"),
    "promoter": _l("Wirtschaftsförderung"),
    "admin": _l("Administration"),
}


class AdminError(Exception):
    """An administrative action that is not possible; the message is German.

    ``field`` names the input it belongs to (name, ags, kind, localities, left_on, email).
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- members --------------------------------------------------------------------------


def all_members() -> list[Member]:
    """Every member of the configured region, also those that left, by name."""
    query = (
        select(Member)
        .join(Member.region)
        .where(Region.slug == current_app.config["REGION"])
        .order_by(Member.name)
    )
    return list(db.session.execute(query).scalars())


def parse_localities(text: str) -> list:
    """Lines like 'Hoyerswerda', '02977 Hoyerswerda' or '02977' as regions.add_member wants."""
    localities = []
    for line in (text or "").splitlines():
        codes = re.findall(r"\b\d{5}\b", line)
        name = " ".join(re.sub(r"\b\d{5}\b", " ", line).replace(",", " ").split())
        if name:
            localities.append({"name": name, "postal_codes": codes} if codes else name)
            continue
        for code in codes:
            names = db.session.execute(
                select(Place.name).filter_by(postal_code=code).distinct()
            ).scalars()
            found = [{"name": n, "postal_codes": [code]} for n in names]
            if not found:
                message = _("Die Postleitzahl %(code)s gibt es nicht.", code=code)
                raise AdminError(message, "localities")
            localities.extend(found)
    return localities


def add_member(
    name: str, kind: str, ags: str, joined_on: date, places_text: str, state: str, actor
) -> Member:
    """Add a member municipality or district joining on a date (regions.add_member)."""
    try:
        member = places.add_member(
            name, ags, joined_on, parse_localities(places_text), kind=kind, state=state
        )
    except places.MembershipError as error:
        raise AdminError(error.message, error.field) from None
    search.note_member_changed(member.id)
    audit.record(
        actor,
        "member",
        member.id,
        "add_member",
        "",
        "aktiv",
        _("Beitritt am %(day)s", day=joined_on.strftime("%d.%m.%Y")),
    )
    return member


def end_membership(member: Member, left_on: date, actor) -> None:
    """Record the day a member leaves the network (regions.end_membership)."""
    try:
        places.end_membership(member, left_on)
    except places.MembershipError as error:
        raise AdminError(error.message, error.field) from None
    search.note_member_changed(member.id)
    audit.record(
        actor,
        "member",
        member.id,
        "end_membership",
        "aktiv",
        "ausgetreten",
        _("Austritt am %(day)s", day=left_on.strftime("%d.%m.%Y")),
    )


# --- users ----------------------------------------------------------------------------


def user_state(user: User) -> str:
    """'gesperrt' or 'aktiv', for lists and audit entries."""
    return "gesperrt" if user.locked_at is not None else "aktiv"


def search_users(text: str = "", limit: int = SEARCH_LIMIT) -> list[User]:
    """Users whose e-mail address contains the text (all when empty), newest first."""
    query = select(User)
    text = (text or "").strip().lower()
    if text:
        query = query.where(func.lower(User.email).contains(text, autoescape=True))
    query = query.order_by(User.created_at.desc(), User.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


def _reason(reason: str) -> str:
    """An optional comment of acceptable length."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise AdminError(_("Die Begründung darf höchstens %(n)s Zeichen lang sein.", n=REASON_MAX))
    return reason


def lock_user(user: User, actor, reason: str = "") -> None:
    """Lock an account: it cannot log in and its existing sessions end."""
    reason = _reason(reason)
    if user.id == getattr(actor, "id", None):
        raise AdminError(_("Sie können Ihr eigenes Konto nicht sperren."))
    if user.locked_at is not None:
        raise AdminError(_("Das Konto ist bereits gesperrt."))
    user.locked_at = utcnow()
    accounts.rotate_session(user)
    audit.record(actor, "user", user.id, "lock", "aktiv", "gesperrt", reason)


def unlock_user(user: User, actor, reason: str = "") -> None:
    """Unlock an account; the user logs in again with the old password."""
    reason = _reason(reason)
    if user.locked_at is None:
        raise AdminError(_("Das Konto ist nicht gesperrt."))
    user.locked_at = None
    audit.record(actor, "user", user.id, "unlock", "gesperrt", "aktiv", reason)


def promoters() -> list[User]:
    """All promoter accounts by e-mail address."""
    query = select(User).where(User.role == Role.PROMOTER.value).order_by(User.email)
    return list(db.session.execute(query).scalars())


def _members(member_ids) -> list[Member]:
    """Members by id; unknown ids are an error."""
    ids = set(member_ids or ())
    members = list(db.session.execute(select(Member).where(Member.id.in_(ids))).scalars())
    if len(members) != len(ids):
        raise AdminError(_("Bitte wählen Sie nur Gemeinden aus der Liste."))
    return sorted(members, key=lambda m: m.name)


def _members_text(members) -> str:
    return ", ".join(m.name for m in members) or "–"


def create_promoter(email: str, name: str, member_ids, actor) -> User:
    """A new promoter account without a usable password; mails a link to set one."""
    email = accounts.normalize_email(email)
    if accounts.find_user_by_email(email) is not None:
        raise AdminError(_("Für diese E-Mail-Adresse gibt es bereits ein Konto."))
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise AdminError(_("Der Name darf höchstens %(n)s Zeichen lang sein.", n=NAME_MAX))
    user = User(
        email=email,
        name=name,
        role=Role.PROMOTER.value,
        password_hash=accounts.hash_password(secrets.token_urlsafe(32)),
        session_token=accounts.new_session_token(),
    )
    user.members = _members(member_ids)
    db.session.add(user)
    db.session.flush()
    audit.record(
        actor, "user", user.id, "create_promoter", "", "aktiv", _members_text(user.members)
    )
    send_promoter_invite(user)
    return user


def set_promoter_members(user: User, member_ids, actor) -> None:
    """Replace the municipalities a promoter moderates."""
    if user.role != Role.PROMOTER.value:
        raise AdminError(_("Nur Konten der Wirtschaftsförderung haben Gemeinden."))
    members = _members(member_ids)
    before = _members_text(user.members)
    user.members = members
    audit.record(
        actor, "user", user.id, "promoter_members", reason=f"{before} → {_members_text(members)}"
    )


def send_promoter_invite(user: User) -> None:
    """Mail a single-use link (the password-reset link of the auth area) to set a password."""
    token = dump_token("reset", [user.id, password_fingerprint(user)])
    queue_mail(
        user.email,
        _l("Ihr Zugang zur Moderation im Jobportal"),
        "moderation_promoter_invite",
        lang=user.language,
        user=user,
        link=site_link("auth.reset_password", token=token),
        forgot_link=site_link("auth.forgot_password"),
        minutes=max(1, current_app.config["TOKEN_MAX_AGE_RESET"] // 60),
    )
