"""Writes a page or a login must not depend on: a refused commit is logged, not raised."""

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ... import accounts
from ...core.extensions import db


def commit_best_effort() -> bool:
    """Commit; on a database that refuses writes roll back and go on (reading never waits)."""
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("write skipped: database refused the commit", exc_info=True)
        return False
    return True


def note_login(user, client_ip: str | None) -> None:
    """Record the login (last_login_at, the pair's failures cleared) if the database allows."""
    try:
        accounts.note_login(user, client_ip)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("login not recorded: database refused the write")
        return
    commit_best_effort()
