"""Access rules, each checked in one place: role decorators and object lookups."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..core.extensions import db
from ..models import AbuseReport, Company, Job, Role
from ..moderation import may_moderate_company, may_moderate_job


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


# --- promoters: one scoping check per object kind (outside their members: 404) ---------


def get_moderatable_job_or_404(job_id: int):
    """The listing if the current promoter (or admin) moderates its member, else 404."""
    job = db.session.get(Job, job_id)
    if job is None or not may_moderate_job(current_user, job):
        abort(404)
    return job


def get_moderatable_company_or_404(company_id: int):
    """The company if the current promoter (or admin) moderates its member, else 404."""
    company = db.session.get(Company, company_id)
    if company is None or not may_moderate_company(current_user, company):
        abort(404)
    return company


def get_moderatable_report_or_404(report_id: int):
    """The abuse report if the current promoter moderates its listing, else 404."""
    report = db.session.get(AbuseReport, report_id)
    if report is None or not may_moderate_job(current_user, report.job):
        abort(404)
    return report


# --- employers: their own company's listings only (others: 404) ------------------------


def get_company_job_or_404(job_id: int):
    """The listing if it belongs to the current employer's company, else 404."""
    job = db.session.get(Job, job_id)
    company_id = getattr(current_user, "company_id", None)
    if job is None or company_id is None or job.company_id != company_id:
        abort(404)
    return job
