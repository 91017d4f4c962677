"""Mail: queue into the outbox (caller's transaction), send later through a backend."""

from flask import current_app, render_template

from .extensions import db
from .models import OutboxMail


def queue_mail(recipient: str, subject: str, template: str, headers: dict | None = None,
               **context) -> OutboxMail:
    """Render templates/mail/<template>.txt and .html and add the mail to the outbox.

    Nothing is sent here; the caller commits, then `flask mail send` (or the
    after-commit hook in development) delivers it.
    """
    context.setdefault("site_url", current_app.config["SITE_URL"])
    body_text = render_template(f"mail/{template}.txt", subject=subject, **context)
    body_html = render_template(f"mail/{template}.html", subject=subject, **context)
    mail = OutboxMail(
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
    )
    db.session.add(mail)
    return mail
