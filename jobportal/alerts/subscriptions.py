"""Saved searches as e-mail alerts: creation with double opt-in, links, management, clean-up.

Without an account (or with an unverified one) an alert waits for the link in a
confirmation mail (signed, single-use, 48 h); a ConsentRecord keeps the proof (times,
the consent text shown, the parameters, keyed hashes of the IP addresses). With a
verified account it is active at once. Every link carries the alert's ``secret``, so
deleting the alert (or a new secret) kills all its links. Nothing here commits.
Sending the digests lives in alert_digest.py.
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from ..accounts import (
    TokenError,
    dump_token,
    load_token,
    normalize_email,
    site_link,
    used_link_error,
)
from ..core.extensions import db
from ..core.languages import mail_language
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..listings import canonical_dict, query_from_dict, resolve_place
from ..models import ConsentRecord, SavedSearch, User
from ..models.alerts import FREQUENCIES
from ..models.base import utcnow
from ..places import active_members
from ..platform.mail import header_safe, queue_mail
from ..platform.throttle import hash_key, is_limited, record
from .naming import alert_name

CONFIRM_MAX_AGE = 48 * 3600
LINK_MAX_AGE = 2 * 366 * 86400  # unsubscribe / manage links in old mails keep working
UNCONFIRMED_TTL = timedelta(days=7)
STILL_WANTED_AFTER = timedelta(days=365)
STILL_WANTED_GRACE = timedelta(days=30)
NAME_MAX = 120
MAX_ALERTS_PER_ADDRESS = 20
LIMITS_PER_HOUR = {"alert-request-email": 5, "alert-request-ip": 30}  # confirmation mails
CONSENT_TEXT = _l(
    "Ja, ich möchte neue Stellenangebote zu dieser Suche per E-Mail erhalten, so oft wie "
    "oben gewählt (täglich oder wöchentlich). Ich kann den Suchauftrag jederzeit über den "
    "Link in jeder E-Mail abbestellen. Meine E-Mail-Adresse wird nur dafür verwendet."
)


class AlertError(Exception):
    """A problem the user can fix; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None, status: int = 200):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def consent_text() -> str:
    """The consent text shown on the form (and stored as proof with the chosen frequency)."""
    return str(CONSENT_TEXT)


def normalized_params(params: dict) -> dict:
    """The canonical dict of a search (sort and paging dropped); AlertError if unusable."""
    members = [m.slug for m in active_members()]
    query = query_from_dict(params or {}, member_slugs=members)
    if query.where and resolve_place(query).status != "found":
        raise AlertError(
            _("Den Ort kennen wir nicht eindeutig. Bitte wählen Sie ihn auf der Suchseite aus."),
            field="where",
        )
    data = canonical_dict(query)
    data.pop("sort", None)
    return data


def default_name(params: dict) -> str:
    """A name for a search in words ("Pflege oder Altenpflege in Kamenz, 25 km")."""
    return header_safe(alert_name(params))[:NAME_MAX]


def _check_limits(email: str, ip: str, now: datetime) -> None:
    """Refuse mail bombing: requests per address and IP, alerts per address."""
    keys = [("alert-request-email", hash_key(email)), ("alert-request-ip", hash_key(ip or ""))]
    if any(is_limited(b, key, LIMITS_PER_HOUR[b], 3600, now=now) for b, key in keys):
        raise AlertError(
            _("Zu viele Anfragen. Bitte versuchen Sie es in einer Stunde erneut."), status=429
        )
    count = len(alerts_of_address(email))
    if count >= MAX_ALERTS_PER_ADDRESS:
        raise AlertError(
            _("Sie haben bereits %(n)s Suchaufträge. Bitte löschen Sie zuerst einen.", n=count)
        )
    for bucket, key in keys:
        record(bucket, key, now=now)


def create_alert(
    params: dict,
    name: str,
    frequency: str,
    user: User | None = None,
    email: str = "",
    ip: str = "",
    now: datetime | None = None,
    language: str = "de",
) -> SavedSearch:
    """Save a search as an alert: active at once for a verified account, else double opt-in.

    ``language`` is the page's language: the alert's mails go out in it (guests).
    """
    now = now or utcnow()
    if frequency not in FREQUENCIES:
        raise AlertError(_("Bitte wählen Sie täglich oder wöchentlich."), field="frequency")
    params = normalized_params(params)
    verified = user is not None and user.email_verified
    email = user.email if user is not None else normalize_email(email)
    if not email or "@" not in email:
        raise AlertError(_("Bitte geben Sie Ihre E-Mail-Adresse an."), field="email")
    if not verified:
        _check_limits(email, ip, now)
    alert = SavedSearch(
        user=user if verified else None,
        email=email,
        name=header_safe(name)[:NAME_MAX] or default_name(params),
        params=params,
        frequency=frequency,
        status=SavedSearch.ACTIVE if verified else SavedSearch.PENDING,
        secret=secrets.token_hex(16),
        created_at=now,
        last_changed_at=now,
        confirmed_at=now if verified else None,
        last_run_at=now if verified else None,
        language=mail_language(language),
    )
    db.session.add(alert)
    db.session.flush()
    _record_consent(alert, ip, now, confirmed=verified)
    if not verified:
        _request_confirmation(alert)
    return alert


def _record_consent(alert: SavedSearch, ip: str, now: datetime, confirmed: bool) -> None:
    """Keep what was asked; a verified account's address counts as confirmed at once."""
    ip_hash = hash_key(ip) if ip else ""
    db.session.add(
        ConsentRecord(
            alert_id=alert.id,
            email=alert.email,
            consent_text=consent_text(),
            params=dict(alert.params),
            frequency=alert.frequency,
            ip_hash=ip_hash,
            requested_at=now,
            confirmed_at=now if confirmed else None,
            confirm_ip_hash=ip_hash if confirmed else "",
        )
    )


def alert_language(alert: SavedSearch) -> str:
    """The language of an alert's mails: the account's choice, else the one at subscription."""
    return mail_language(getattr(alert.user, "language", None), alert.language)


def _request_confirmation(alert: SavedSearch) -> None:
    """Send the double opt-in mail."""
    queue_mail(
        alert.email,
        _l("Bitte bestätigen Sie Ihren Suchauftrag"),
        "alert_confirm",
        lang=alert_language(alert),
        alert=alert,
        link=site_link("alerts.confirm", token=token_for(alert, "confirm")),
        hours=CONFIRM_MAX_AGE // 3600,
    )


# --- link tokens ---------------------------------------------------------------------------

PURPOSES = {
    "confirm": CONFIRM_MAX_AGE,
    "manage": LINK_MAX_AGE,
    "unsubscribe": LINK_MAX_AGE,
    "unsubscribe-all": LINK_MAX_AGE,
    "keep": LINK_MAX_AGE,
}


def token_for(alert: SavedSearch, purpose: str) -> str:
    """A signed link token for one alert and purpose."""
    return dump_token(f"alert-{purpose}", [alert.id, alert.secret])


def alert_from_token(purpose: str, token: str) -> SavedSearch:
    """The alert a token belongs to; TokenError when invalid, expired or used up."""
    alert_id, secret = load_token(f"alert-{purpose}", token or "", PURPOSES[purpose], 2)
    alert = db.session.get(SavedSearch, alert_id)
    if alert is None or not secrets.compare_digest(str(secret), alert.secret):
        raise used_link_error()
    return alert


def link(alert: SavedSearch, purpose: str, endpoint: str) -> str:
    """The absolute URL of an alert link."""
    return site_link(endpoint, token=token_for(alert, purpose))


# --- confirming, managing, unsubscribing ------------------------------------------------


def confirm(token: str, ip: str = "", now: datetime | None = None) -> SavedSearch:
    """Follow the double opt-in link: activate the alert once; TokenError otherwise."""
    now = now or utcnow()
    alert = alert_from_token("confirm", token)
    if alert.status != SavedSearch.PENDING:
        raise used_link_error()
    alert.status = SavedSearch.ACTIVE
    alert.confirmed_at = alert.last_run_at = alert.last_changed_at = now
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.alert_id == alert.id, ConsentRecord.confirmed_at.is_(None))
        .values(confirmed_at=now, confirm_ip_hash=hash_key(ip) if ip else "")
    )
    return alert


def alerts_of_address(email: str, user_id: int | None = None) -> list[SavedSearch]:
    """The alerts sent to an address (bare ones and, given, those of the account)."""
    conditions = [SavedSearch.email == normalize_email(email)]
    if user_id is not None:
        conditions.append(SavedSearch.user_id == user_id)
    query = select(SavedSearch).where(or_(*conditions)).order_by(SavedSearch.created_at)
    return list(db.session.execute(query).scalars())


def manageable_alerts(alert: SavedSearch) -> list[SavedSearch]:
    """Every alert the holder of one alert's manage link may see (same address, confirmed)."""
    return [
        a for a in alerts_of_address(alert.email, alert.user_id) if a.status != SavedSearch.PENDING
    ]


def update_alert(alert: SavedSearch, name: str, frequency: str, params: dict, now=None) -> None:
    """Change name, frequency or search; counts as "still wanted"."""
    if frequency not in FREQUENCIES:
        raise AlertError(_("Bitte wählen Sie täglich oder wöchentlich."), field="frequency")
    alert.params = normalized_params(params)
    alert.name = header_safe(name)[:NAME_MAX] or default_name(alert.params)
    alert.frequency = frequency
    keep_alert(alert, now)


def set_paused(alert: SavedSearch, paused: bool, now=None) -> None:
    """Pause or resume; a resumed alert starts with the listings from now on."""
    now = now or utcnow()
    if alert.status == SavedSearch.PENDING:
        raise AlertError(_("Der Suchauftrag ist noch nicht bestätigt."))
    if not paused and alert.status == SavedSearch.PAUSED:
        alert.last_run_at = now
    alert.status = SavedSearch.PAUSED if paused else SavedSearch.ACTIVE
    keep_alert(alert, now)


def keep_alert(alert: SavedSearch, now=None) -> None:
    """Mark the alert as wanted: the 12-month clock starts again."""
    alert.last_changed_at = now or utcnow()
    alert.still_wanted_sent_at = None


def delete_alerts(alerts, now=None) -> int:
    """Delete alerts (unsubscribe); consent records stay, marked revoked."""
    ids = [a.id for a in alerts]
    if not ids:
        return 0
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.alert_id.in_(ids), ConsentRecord.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )
    for alert in alerts:
        db.session.delete(alert)
    db.session.flush()
    return len(ids)


def unsubscribe(token: str, now=None) -> int:
    """One click: delete the alert (or, for a digest's header link, all of its address)."""
    for purpose in ("unsubscribe", "unsubscribe-all"):
        try:
            alert = alert_from_token(purpose, token)
        except TokenError:
            continue
        targets = manageable_alerts(alert) if purpose == "unsubscribe-all" else [alert]
        return delete_alerts(targets, now)
    raise used_link_error()


# --- clean-up -----------------------------------------------------------------------------


def cleanup(now: datetime | None = None) -> dict:
    """Delete stale unconfirmed alerts; ask 12-month-old ones, delete unanswered a month later."""
    now = now or utcnow()
    pending = db.session.execute(
        delete(SavedSearch).where(
            SavedSearch.status == SavedSearch.PENDING,
            SavedSearch.created_at < now - UNCONFIRMED_TTL,
        )
    ).rowcount
    db.session.execute(  # requests never confirmed are no consent: keep no data about them
        delete(ConsentRecord).where(
            ConsentRecord.confirmed_at.is_(None),
            ConsentRecord.requested_at < now - UNCONFIRMED_TTL,
        )
    )
    expired = list(
        db.session.execute(
            select(SavedSearch).where(
                SavedSearch.status != SavedSearch.PENDING,
                SavedSearch.still_wanted_sent_at < now - STILL_WANTED_GRACE,
            )
        ).scalars()
    )
    deleted = delete_alerts(expired, now)
    asked = 0
    stale = select(SavedSearch).where(
        SavedSearch.status != SavedSearch.PENDING,
        SavedSearch.still_wanted_sent_at.is_(None),
        SavedSearch.last_changed_at < now - STILL_WANTED_AFTER,
    )
    for alert in db.session.execute(stale).scalars():
        _ask_still_wanted(alert, now)
        asked += 1
    return {"unconfirmed_deleted": pending, "asked": asked, "deleted": deleted}


def _ask_still_wanted(alert: SavedSearch, now: datetime) -> None:
    """Queue the "still wanted?" mail."""
    alert.still_wanted_sent_at = now
    queue_mail(
        alert.recipient,
        _l("Möchten Sie Ihren Suchauftrag „%(name)s“ behalten?", name=alert.name),
        "alert_still_wanted",
        lang=alert_language(alert),
        headers=unsubscribe_headers(alert, "unsubscribe"),
        alert=alert,
        keep_link=link(alert, "keep", "alerts.keep"),
        unsubscribe_link=link(alert, "unsubscribe", "alerts.unsubscribe"),
        manage_link=link(alert, "manage", "alerts.manage"),
        deadline=now + STILL_WANTED_GRACE,
    )


def unsubscribe_headers(alert: SavedSearch, purpose: str) -> dict:
    """RFC 2369/8058 headers: one-click https URL (POST) plus an optional mailto."""
    url = link(alert, purpose, "alerts.unsubscribe")
    value = f"<{url}>"
    mailto = current_app.config.get("ALERTS_UNSUBSCRIBE_MAILTO", "")
    if mailto:
        value += f", <mailto:{mailto}?subject=unsubscribe>"
    return {"List-Unsubscribe": value, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
