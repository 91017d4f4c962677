"""Work done right after a request's transaction committed (single-process default).

With MAIL_SEND_AFTER_COMMIT the outbox is sent at once; with SEARCH_DRAIN_AFTER_COMMIT
the search index feed is drained the same way. Production runs `flask mail send` and
`flask index worker` instead.
"""

import logging

from flask import Flask, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_AFTER_COMMIT_TASKS = []


def after_commit_task(func):
    """Register ``func(app)`` to run after a request whose session committed."""
    _AFTER_COMMIT_TASKS.append(func)
    return func


@event.listens_for(Session, "after_commit")
def _mark_committed(session) -> None:
    """Remember in the request context that something was committed."""
    if has_app_context():
        g._jobportal_committed = True


def run_after_commit_tasks(app: Flask) -> None:
    """Run the registered tasks if the current context committed; never raise."""
    if not g.pop("_jobportal_committed", False):
        return
    for task in _AFTER_COMMIT_TASKS:
        try:
            task(app)
        except Exception:  # a failing side task must not break the user's request
            log.exception("after-commit task %s failed", task.__name__)


def init_app(app: Flask) -> None:
    """Install the after-request hook."""
    from .. import search  # noqa: F401 - registers search.drain_after_commit

    @app.after_request
    def _after_request(response):
        run_after_commit_tasks(app)
        return response
