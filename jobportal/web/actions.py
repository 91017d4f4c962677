"""Running a domain action from a view: commit and flash, or roll back and flash the error."""

from flask import flash, redirect

from ..core.extensions import db


def run_action(action, success: str, target: str, errors: tuple):
    """Run ``action``; commit and flash ``success``, or roll back and flash its German error."""
    try:
        action()
    except errors as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(target)
