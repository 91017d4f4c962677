"""Access rules, each checked in one place: role decorators and object lookups."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..models import Role


def role_required(*roles: str):
    """Only logged-in users with one of the roles; others get 403 (anonymous: login)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


employer_required = role_required(Role.EMPLOYER)
promoter_required = role_required(Role.PROMOTER, Role.ADMIN)
admin_required = role_required(Role.ADMIN)
jobseeker_required = role_required(Role.JOBSEEKER)
