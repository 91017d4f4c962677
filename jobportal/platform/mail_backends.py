"""Mail delivery backends (console, memory, SMTP) and building the EmailMessage.

Backends raise TemporaryMailError (retry later) or PermanentMailError (give up);
jobportal.mail decides what that means for the outbox row.
"""

import logging
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import Flask, current_app

from ..models import OutboxMail
from ..models.base import utcnow

log = logging.getLogger(__name__)

# Control characters are left to header_safe() in jobportal.platform.mail, which every
# queued mail passes; rows queued before it existed fail here once, visibly.
RESERVED_HEADERS = {"from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version"}
SECURITY_MODES = {"none", "starttls", "ssl"}


class TemporaryMailError(Exception):
    """Delivery failed for now; the mail is retried later."""


class PermanentMailError(Exception):
    """The server refused the mail for good (5xx); it is not retried."""


# --- building messages -------------------------------------------------------


def build_message(mail: OutboxMail, sender: str, now: datetime | None = None) -> EmailMessage:
    """A UTF-8 EmailMessage: plain text with an HTML alternative and the mail's extra headers."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.recipient
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(now or utcnow())
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(domain=domain)
    for name, value in (mail.headers or {}).items():
        value = str(value)
        if name.lower() in RESERVED_HEADERS or "\n" in value or "\r" in value:
            log.warning("mail %s: header %r ignored", mail.id, name)
            continue
        msg[name] = value
    msg.set_content(mail.body_text, charset="utf-8", cte="quoted-printable")
    if mail.body_html:
        msg.add_alternative(mail.body_html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


# --- backends ----------------------------------------------------------------


class ConsoleBackend:
    """Development: write each mail to the log instead of sending it."""

    def __init__(self, app: Flask):
        self.app = app

    def send(self, msg: EmailMessage) -> None:
        """Log sender, recipient, subject and the plain-text body."""
        body = msg.get_body(("plain",))
        log.info(
            "Mail (nicht versendet, MAIL_BACKEND=console)\nVon: %s\nAn: %s\nBetreff: %s\n\n%s",
            msg["From"],
            msg["To"],
            msg["Subject"],
            body.get_content() if body else "",
        )

    def close(self) -> None:
        """Nothing to close."""


class MemoryBackend:
    """Testing: keep the messages in a list on the app (see `sent_messages`)."""

    def __init__(self, app: Flask):
        self.app = app

    def send(self, msg: EmailMessage) -> None:
        """Append the message to the app's list."""
        sent_messages(self.app).append(msg)

    def close(self) -> None:
        """Nothing to close."""


def sent_messages(app: Flask | None = None) -> list[EmailMessage]:
    """The messages the memory backend delivered for ``app`` (the current app by default)."""
    app = app or current_app._get_current_object()
    return app.extensions.setdefault("jobportal_sent_mails", [])


class SmtpBackend:
    """SMTP with one connection per run, opened on the first mail."""

    def __init__(self, app: Flask):
        self.config = app.config
        self.smtp: smtplib.SMTP | None = None
        self.down: str = ""  # set after a connection failure: fail the rest of the run fast

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        host, port, timeout = cfg["MAIL_HOST"], int(cfg["MAIL_PORT"]), cfg["MAIL_TIMEOUT"]
        security = cfg["MAIL_SECURITY"]
        if security == "ssl":
            smtp = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, msg: EmailMessage) -> None:
        """Send one message; raise TemporaryMailError or PermanentMailError."""
        if self.down:
            raise TemporaryMailError(self.down)
        try:
            if self.smtp is None:
                self.smtp = self._connect()
            self.smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise _classify(code, text) from exc
        except smtplib.SMTPResponseException as exc:
            if isinstance(exc, smtplib.SMTPAuthenticationError) or exc.smtp_code == 421:
                self._fail_connection(f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}")
            raise _classify(exc.smtp_code, exc.smtp_error) from exc
        except (OSError, smtplib.SMTPException) as exc:  # refused, timeout, TLS, disconnect
            self._fail_connection(f"SMTP-Server nicht erreichbar: {exc!r}")
            raise TemporaryMailError(self.down) from exc

    def _fail_connection(self, reason: str) -> None:
        self.down = reason
        self.close()

    def close(self) -> None:
        """Say goodbye to the server, if connected."""
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None


def _text(raw) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _classify(code: int, text) -> Exception:
    """5xx is permanent, anything else (4xx) temporary."""
    message = f"SMTP {code}: {_text(text)}"
    if 500 <= code < 600:
        return PermanentMailError(message)
    return TemporaryMailError(message)


BACKENDS = {"console": ConsoleBackend, "memory": MemoryBackend, "smtp": SmtpBackend}


def check_settings(config) -> None:
    """Refuse an unknown MAIL_BACKEND or MAIL_SECURITY (RuntimeError)."""
    if config["MAIL_BACKEND"] not in BACKENDS:
        raise RuntimeError(
            f"unknown MAIL_BACKEND {config['MAIL_BACKEND']!r}; use one of {sorted(BACKENDS)}"
        )
    if config["MAIL_SECURITY"] not in SECURITY_MODES:
        modes = ", ".join(sorted(SECURITY_MODES))
        raise RuntimeError(f"unknown MAIL_SECURITY {config['MAIL_SECURITY']!r}; use {modes}")


def get_backend(app: Flask):
    """The backend named by MAIL_BACKEND."""
    check_settings(app.config)
    return BACKENDS[app.config["MAIL_BACKEND"]](app)
