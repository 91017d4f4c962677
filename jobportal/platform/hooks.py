"""Work done right after a request's transaction committed (single-process default).

With MAIL_SEND_AFTER_COMMIT the outbox is sent at once; with SEARCH_DRAIN_AFTER_COMMIT
the search index feed is drained the same way. Production runs `flask mail send` and
`flask index worker` instead.

A task may depend on a flag: code that writes something the task should handle marks the
SQLAlchemy session (``mark_session(session, flag)``, kept in ``session.info``); when that
transaction commits, the flag is carried over to the request, and the task runs only if
a committed transaction of the request carried its flag. Tasks are registered by the
packages that own them (``after_commit_task``); this module imports none of them.
"""

import logging

from flask import Flask, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

SESSION_FLAGS = "jobportal.after_commit_flags"

_AFTER_COMMIT_TASKS: list = []  # (task, flag or None)


def after_commit_task(func=None, *, flag: str | None = None):
    """Register ``func(app)`` to run after a request whose session committed (with
    ``flag``: only when a committed transaction was marked with it). Registering the
    same function again does nothing. Usable as a decorator."""
    if func is None:
        return lambda f: after_commit_task(f, flag=flag)
    if all(task is not func for task, _flag in _AFTER_COMMIT_TASKS):
        _AFTER_COMMIT_TASKS.append((func, flag))
    return func


def mark_session(session, flag: str) -> None:
    """Note in the session that its transaction carries work for the tasks of ``flag``."""
    session.info.setdefault(SESSION_FLAGS, set()).add(flag)


@event.listens_for(Session, "after_commit")
def _mark_committed(session) -> None:
    """Remember in the request context that something was committed, and with which flags."""
    flags = session.info.pop(SESSION_FLAGS, set())
    if has_app_context():
        g._jobportal_committed = True
        g._jobportal_flags = g.get("_jobportal_flags", set()) | flags


def run_after_commit_tasks(app: Flask) -> None:
    """Run the registered tasks if the current context committed; never raise."""
    if not g.pop("_jobportal_committed", False):
        return
    flags = g.pop("_jobportal_flags", set())
    for task, flag in list(_AFTER_COMMIT_TASKS):
        if flag is not None and flag not in flags:
            continue
        try:
            task(app)
        except Exception:  # a failing side task must not break the user's request
            log.exception("after-commit task %s failed", task.__name__)


def init_app(app: Flask) -> None:
    """Install the after-request hook."""

    @app.after_request
    def _after_request(response):
        run_after_commit_tasks(app)
        return response
