"""Public listing pages: job detail with JSON-LD, the tracked apply click, company pages."""

import logging
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ... import employers, listings
from ...core.extensions import csrf, db
from ...models import Company, Job
from ...models.jobs import EMPLOYMENT_TYPES, SALARY_UNITS, SECTORS, STATE_LABELS, WORKING_MODELS
from ..maps import job_map
from ..redirects import safe_next_url
from . import bp
from .jsonld import job_posting_json

log = logging.getLogger(__name__)

LABELS = {
    "employment": EMPLOYMENT_TYPES,
    "working_model": WORKING_MODELS,
    "sector": SECTORS,
    "salary_unit": SALARY_UNITS,
    "size": employers.COMPANY_SIZES,
    "state": {state.value: label for state, label in STATE_LABELS.items()},
}


@bp.app_template_filter("job_label")
def job_label(value, kind: str) -> str:
    """German label of a listing's choice value ('vollzeit' -> 'Vollzeit')."""
    return LABELS[kind].get(value, value or "")


@bp.app_template_filter("job_labels")
def job_labels(values, kind: str) -> str:
    """German labels of several choice values, comma-separated."""
    return ", ".join([str(job_label(value, kind)) for value in values or ()])


@bp.app_template_global("logo_url")
def logo_url(company, external: bool = False) -> str | None:
    """The URL of a company's uploaded logo (None: it has none)."""
    if company is None or not company.logo_file:
        return None
    url = url_for("public.company_logo", name=company.logo_file)
    return listings.site_url(url) if external else url


@bp.get("/logos/<name>")
def company_logo(name: str):
    """A stored logo of a company that is not banned, cached for a year (the name is
    the content's hash)."""
    mimetype = employers.logo_mimetype(name)
    if mimetype is None:
        abort(404)
    owner = db.session.execute(
        select(Company.id).where(Company.logo_file == name, Company.banned_at.is_(None)).limit(1)
    ).scalar_one_or_none()
    if owner is None:
        abort(404)
    folder = employers.logo_dir(current_app.config["DATA_DIR"])
    response = send_from_directory(folder, name, mimetype=mimetype, max_age=365 * 86400)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response


def _count(job: Job, counter: str) -> None:
    """Count a view or apply click, best-effort.

    Reading never depends on a write: on a full disk or a read-only database the
    count is lost and the page is shown all the same.
    """
    try:
        listings.count(job, counter)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("counter of job %s not written: database refused the write", job.id)


def _is_owner(job: Job) -> bool:
    """The company's own employers (their views are not counted)."""
    return (
        current_user.is_authenticated
        and job.company_id is not None
        and getattr(current_user, "company_id", None) == job.company_id
    )


def results_url(value: str | None) -> str | None:
    """The search the visitor came from ('/jobs?q=...'), if ``value`` is one; else None."""
    url = safe_next_url(value)
    if url is None or urlsplit(url).path != url_for("search.search_page"):
        return None
    return url


@bp.get("/stellen/<int:job_id>")
def job_page(job_id: int):
    """A public listing; expired ones say so (410, noindex); everything else is 404."""
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    if listings.is_expired_listing(job):
        return render_template("public/job_expired.html", job=job), 410
    if not listings.is_public(job):
        abort(404)
    if not _is_owner(job):
        _count(job, "views")
    company_url = None  # absolute URLs from SITE_URL, never from the Host header
    if employers.is_public_company(job.company):
        company_url = listings.site_url(url_for("public.company_page", slug=job.company.slug))
    job_url = listings.site_url(url_for("public.job_page", job_id=job.id))
    return render_template(
        "public/job.html",
        job=job,
        job_url=job_url,
        company_url=company_url,
        jsonld=job_posting_json(job, job_url, company_url, logo_url(job.company, external=True)),
        back_url=results_url(request.args.get("from")),
        job_svg=job_map(job),
        similar=listings.similar_jobs(job),
    )


@bp.post("/stellen/<int:job_id>/bewerben")
@csrf.exempt
def apply(job_id: int):
    """Count the apply click, then go to the application link or the e-mail address.

    Exempt from CSRF: a forged click can only add one click to a public counter, which
    anybody can do directly; a token would tie every job page to a session and keep it
    out of every cache (the page is public with an ETag, web/caching.py).
    """
    job = db.session.get(Job, job_id)
    if job is None or not listings.is_public(job):
        abort(404)
    _count(job, "apply_clicks")
    if job.apply_url:
        return redirect(job.apply_url, 303)
    if job.apply_email:
        return redirect(f"mailto:{job.apply_email}", 303)
    return redirect(url_for("public.job_page", job_id=job.id, _anchor="bewerbung"), 303)


@bp.get("/unternehmen/<slug>")
def company_page(slug: str):
    """A verified, not banned company with its open vacancies."""
    company = employers.public_company_by_slug(slug)
    if company is None:
        abort(404)
    return render_template(
        "public/company.html",
        company=company,
        open_jobs=listings.newest_public_jobs(limit=200, company_id=company.id),
    )
