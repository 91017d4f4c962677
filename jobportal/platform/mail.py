"""Mail: queue into the outbox (caller's transaction), send later through a backend.

Delivery guarantees of `send_pending`:

* Each due row is *claimed* with a conditional UPDATE (``status='pending'`` ->
  ``'sending'``) that is committed before anything is sent, so two senders running
  at the same time never send one mail twice.
* A temporary failure (server unreachable, timeout, 4xx reply) puts the mail back
  to ``pending`` with exponential backoff; a permanent one (5xx reply) or the
  last allowed attempt marks it ``failed`` with the error kept in ``last_error``.
* A claim is a lease: ``next_attempt_at`` of a ``sending`` row is the time the
  lease ends (SENDING_LEASE). A row still ``sending`` after that belongs to a
  sender that was killed mid-send and is put back to ``pending``. That trades
  at-most-once for delivery: if the killed sender had already handed the mail to
  the server, it is sent a second time. With a one-hour lease this happens only
  after a crash, never because a sender is merely slow.
"""

import logging
import re
import socket
import uuid
from datetime import datetime, timedelta

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..core.extensions import db
from ..core.languages import mail_language
from ..models import OutboxMail
from ..models.base import utcnow
from . import hooks
from .mail_backends import (
    PermanentMailError,
    TemporaryMailError,
    build_message,
    check_settings,
    get_backend,
    sent_messages,
)

__all__ = [
    "PermanentMailError",
    "TemporaryMailError",
    "backoff",
    "header_safe",
    "init_app",
    "queue_mail",
    "send_pending",
    "sent_messages",
]

log = logging.getLogger(__name__)

# C0 and C1 control characters, DEL and the Unicode line/paragraph separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)
SENDING_LEASE = timedelta(hours=1)


def header_safe(value) -> str:
    """One line fit for a mail header: control characters (CR, LF, tab ...) become spaces."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(value or "")).split())


def queue_mail(
    recipient: str,
    subject: str,
    template: str,
    headers: dict | None = None,
    author=None,
    erase_after_send: bool = False,
    lang: str | None = None,
    **context,
) -> OutboxMail:
    """Render templates/mail/<template>.txt and .html and add the mail to the outbox.

    The mail is written in ``lang`` (the recipient's language, German when unknown):
    pass the subject as a lazy string (``lazy_gettext``) so it is translated here too.
    Recipient, subject and extra headers are made header-safe here, the one place
    every mail passes. Nothing is sent; the caller commits, then `flask mail send`
    (or the after-commit hook in development) delivers it. ``author`` is the account
    whose words the mail carries (DSGVO export and erasure find the mail by it).
    ``erase_after_send``: body and headers are emptied once the mail is sent (for
    mails that carry a visitor's address kept nowhere else).
    """
    context.setdefault("site_url", current_app.config["SITE_URL"])
    context["mail_lang"] = mail_language(lang)
    with force_locale(context["mail_lang"]):
        recipient, subject = header_safe(recipient), header_safe(subject)
        headers = {header_safe(k): header_safe(v) for k, v in (headers or {}).items()}
        body_text = render_template(f"mail/{template}.txt", subject=subject, **context)
        body_html = render_template(f"mail/{template}.html", subject=subject, **context)
    mail = OutboxMail(
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers,
        author_id=getattr(author, "id", None),
        erase_after_send=erase_after_send,
    )
    db.session.add(mail)
    return mail


def init_app(app: Flask) -> None:
    """Check the mail settings at start-up (importing this module registered the hook)."""
    check_settings(app.config)


# --- the outbox sender -------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after ``attempts`` failed tries: 1, 2, 4 ... minutes, capped."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def send_pending(now: datetime | None = None, limit: int | None = None) -> dict:
    """Send the due outbox mails; return the counts ``{"sent", "retry", "failed"}``."""
    app = current_app._get_current_object()
    now = now or utcnow()
    stats = {"sent": 0, "retry": 0, "failed": 0}
    claimant = f"{socket.gethostname()[:40]}:{uuid.uuid4().hex[:16]}"
    backend = get_backend(app)
    with Session(db.engine) as session:
        reclaim_stale(session, now)
        query = (
            select(OutboxMail.id)
            .where(OutboxMail.status == OutboxMail.PENDING, OutboxMail.next_attempt_at <= now)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
            .limit(limit)
        )
        due = list(session.execute(query).scalars())
        session.rollback()
        try:
            for mail_id in due:
                if _claim(session, mail_id, claimant, now):
                    outcome = _deliver(session, backend, mail_id, claimant, now)
                    stats[outcome] += 1
        finally:
            backend.close()
    if any(stats.values()):
        log.info("outbox: %(sent)d sent, %(retry)d to retry, %(failed)d failed", stats)
    return stats


def reclaim_stale(session: Session, now: datetime) -> int:
    """Put mails whose sender died mid-send (lease over) back to pending; count them."""
    stale = (OutboxMail.status == OutboxMail.SENDING, OutboxMail.next_attempt_at <= now)
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    error = "Versand abgebrochen (Sender beendet); neuer Versuch."
    failed = session.execute(
        update(OutboxMail)
        .where(*stale, OutboxMail.attempts + 1 >= max_attempts)
        .values(status=OutboxMail.FAILED, attempts=OutboxMail.attempts + 1, last_error=error)
    ).rowcount
    retried = session.execute(
        update(OutboxMail)
        .where(*stale)
        .values(
            status=OutboxMail.PENDING,
            attempts=OutboxMail.attempts + 1,
            last_error=error,
            next_attempt_at=now,
        )
    ).rowcount
    session.commit()
    if failed or retried:
        log.warning("outbox: %d stale mails reclaimed, %d given up", retried, failed)
    return failed + retried


def _claim(session: Session, mail_id: int, claimant: str, now: datetime) -> bool:
    """Atomically take one pending mail for this run; False if another sender was faster."""
    result = session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.status == OutboxMail.PENDING,
            OutboxMail.next_attempt_at <= now,
        )
        .values(status=OutboxMail.SENDING, claimed_by=claimant, next_attempt_at=now + SENDING_LEASE)
    )
    session.commit()
    return result.rowcount == 1


def _deliver(session: Session, backend, mail_id: int, claimant: str, now: datetime) -> str:
    """Send one claimed mail and record the outcome: "sent", "retry" or "failed"."""
    mail = session.get(OutboxMail, mail_id)
    outcome, values = _attempt(mail, backend, now)
    session.expunge(mail)
    done = session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.status == OutboxMail.SENDING,
            OutboxMail.claimed_by == claimant,
        )
        .values(**values)
    ).rowcount
    session.commit()
    if not done:
        log.warning("outbox: mail %s was reclaimed by another sender while sending", mail_id)
    elif outcome != "sent":
        log.warning("outbox: mail %s %s: %s", mail_id, outcome, values["last_error"])
    return outcome


def _attempt(mail: OutboxMail, backend, now: datetime) -> tuple[str, dict]:
    """Build and send one mail; the outcome and the row's new column values.

    A mail that cannot be built fails at once: the same row would fail the same
    way on every retry, so it goes straight to the admin's list of failed mails.
    """
    try:
        message = build_message(mail, current_app.config["MAIL_SENDER"], now)
    except Exception as exc:
        log.exception("outbox: mail %s cannot be built", mail.id)
        error = f"Mail kann nicht erstellt werden: {exc!r}"[:2000]
        return "failed", {
            "status": OutboxMail.FAILED,
            "attempts": mail.attempts + 1,
            "last_error": error,
        }
    try:
        backend.send(message)
    except Exception as exc:  # every failure is recorded; none leaves the row claimed
        return _failure(mail, exc, now)
    values = {"status": OutboxMail.SENT, "sent_at": now, "attempts": mail.attempts + 1}
    if mail.erase_after_send:  # the mail was the only copy of a visitor's address
        values.update(body_text="", body_html="", headers={})
    return "sent", {**values, "last_error": ""}


def _failure(mail: OutboxMail, exc: Exception, now: datetime) -> tuple[str, dict]:
    """The outcome and new column values after a failed try.

    Permanent errors fail at once; temporary ones (and unexpected exceptions, which
    are logged with their traceback) are retried with backoff until MAIL_MAX_ATTEMPTS.
    """
    attempts = mail.attempts + 1
    values = {"attempts": attempts, "last_error": str(exc)[:2000] or repr(exc)}
    if not isinstance(exc, TemporaryMailError | PermanentMailError):
        log.exception("outbox: unexpected error sending mail %s", mail.id)
        values["last_error"] = repr(exc)[:2000]
    if isinstance(exc, PermanentMailError) or attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        return "failed", {**values, "status": OutboxMail.FAILED}
    return "retry", {
        **values,
        "status": OutboxMail.PENDING,
        "next_attempt_at": now + backoff(attempts),
    }


@hooks.after_commit_task
def send_after_commit(app: Flask) -> None:
    """Development default: deliver the outbox right after a request committed."""
    if app.config["MAIL_SEND_AFTER_COMMIT"]:
        send_pending()
