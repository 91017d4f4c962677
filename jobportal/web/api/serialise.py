"""JSON shapes of the API (kept in step with docs/openapi.yaml)."""

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import url_for

from ...listings import site_url
from ...models import Job
from ...search import SearchResult
from ..search.results import Outcome

BERLIN = ZoneInfo("Europe/Berlin")


def _published(job: Job) -> str | None:
    """The day the listing went online (Europe/Berlin), ISO 8601."""
    moment = job.published_at or job.created_at
    return moment.astimezone(BERLIN).date().isoformat() if moment else None


def _place(place) -> dict:
    """A work place: name, postal code, coordinates."""
    return {
        "name": place.name,
        "postal_code": place.postal_code,
        "lat": place.lat,
        "lon": place.lon,
    }


def job_item(job: Job, distance_km: float | None = None, with_distance: bool = False) -> dict:
    """A listing in a result list: ``place`` is the main work place, ``places`` all."""
    item = {
        "id": job.id,
        "title": job.title,
        "company": job.display_employer,
        "place": _place(job.place),
        "places": [_place(place) for place in job.all_places],
        "employment_types": list(job.employment_types or []),
        "working_model": job.working_model,
        "sector": job.sector,
        "published": _published(job),
        "ends_on": job.ends_on.isoformat(),
        "url": site_url(url_for("public.job_page", job_id=job.id)),
    }
    if with_distance:
        item["distance_km"] = distance_km
    return item


def _salary(job: Job) -> dict | None:
    """Salary in euros (stored in cents), or None."""
    if job.salary_min is None and job.salary_max is None:
        return None
    return {
        "min": job.salary_min / 100 if job.salary_min is not None else None,
        "max": job.salary_max / 100 if job.salary_max is not None else None,
        "unit": job.salary_unit,
        "currency": "EUR",
    }


def job_detail(job: Job) -> dict:
    """One listing with its full text, salary, start date and member municipality."""
    data = job_item(job)
    member = job.member
    data.update(
        description=job.description,
        salary=_salary(job),
        start_date=job.start_date.isoformat() if job.start_date else None,
        member={"slug": member.slug, "name": member.name} if member else None,
        updated_at=job.updated_at.astimezone(UTC).isoformat() if job.updated_at else None,
    )
    return data


def facets(outcome: Outcome) -> dict:
    """Facet counts keyed by parameter values (members by slug)."""
    raw = outcome.result.facets
    by_id = outcome.member_by_id
    return {
        "employment_type": dict(raw.get("employment_type", {})),
        "working_model": dict(raw.get("working_model", {})),
        "sector": dict(raw.get("sector", {})),
        "member": {by_id[k].slug: n for k, n in raw.get("member", {}).items() if k in by_id},
        "published_within": {
            str(days): n for days, n in raw.get("published_within_days", {}).items()
        },
        "salary_given": raw.get("salary_given", {}).get("1", 0),
        "english": raw.get("english", {}).get("1", 0),
    }


def _where(outcome: Outcome) -> dict | None:
    """The place searched around, or None."""
    place = outcome.place
    if place.status != "found":
        return None
    lat, lon = place.origin
    return {"label": place.label, "lat": lat, "lon": lon, "radius_km": outcome.query.radius_km}


def search_response(outcome: Outcome) -> dict:
    """The answer of GET /api/v1/jobs."""
    result: SearchResult = outcome.result
    with_distance = outcome.place.status == "found"
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
        "sort": result.sort,
        "where": _where(outcome),
        "items": [job_item(row.job, row.distance_km, with_distance) for row in outcome.rows],
        "facets": facets(outcome),
        "suggestion": result.suggestion,
        "hint": result.hint_text,
        "corrected": result.corrected,
        "expanded": [
            {"term": form, "occupations": list(shown)} for form, shown in result.expansions
        ],
    }
