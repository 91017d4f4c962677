"""schema.org JobPosting JSON-LD for the public job page."""

import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ...core.text import render_markdown
from ...places import STATE_NAMES

BERLIN = ZoneInfo("Europe/Berlin")

EMPLOYMENT_TYPE_MAP = {
    "vollzeit": "FULL_TIME",
    "teilzeit": "PART_TIME",
    "ausbildung": "OTHER",
    "duales_studium": "OTHER",
    "minijob": "PART_TIME",
    "praktikum": "INTERN",
    "werkstudent": "INTERN",
}


def _employment_types(job) -> list[str]:
    """schema.org employmentType values, each once, in the listing's order."""
    mapped = [EMPLOYMENT_TYPE_MAP.get(t, "OTHER") for t in job.employment_types or []]
    return list(dict.fromkeys(mapped))


def _organization(job, company_url: str | None, logo: str | None = None) -> dict:
    """hiringOrganization: name, plus website (sameAs), the portal's company page, logo."""
    org = {"@type": "Organization", "name": job.display_employer}
    if logo:
        org["logo"] = logo
    company = job.company
    if company is not None and company.website:
        org["sameAs"] = company.website
    if company_url:
        org["url"] = company_url
    return org


def _locations(job) -> dict | list:
    """jobLocation: one Place, or a list of them when the listing has several work
    places (the street belongs to the main place)."""
    found = [_location(place, job.street if place is job.place else "") for place in job.all_places]
    return found[0] if len(found) == 1 else found


def _location(place, street: str) -> dict:
    """A schema.org Place: postal address and coordinates of a place of work."""
    address = {
        "@type": "PostalAddress",
        "postalCode": place.postal_code,
        "addressLocality": place.name,
        "addressRegion": STATE_NAMES.get(place.state, place.state),
        "addressCountry": "DE",
    }
    if street:
        address["streetAddress"] = street
    return {
        "@type": "Place",
        "address": address,
        "geo": {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon},
    }


def _salary(job) -> dict | None:
    """baseSalary in euros (stored in cents), when given, saying what the page says.

    Google's JobPosting rules: an exact amount is ``value``, a range ``minValue`` and
    ``maxValue`` (never both forms). One bound is what the page shows as "ab …" (only
    ``minValue``) or "bis …" (only ``maxValue``); equal bounds are one exact ``value``.
    """
    low, high = job.salary_min, job.salary_max
    if low is None and high is None:
        return None
    value = {
        "@type": "QuantitativeValue",
        "unitText": "HOUR" if job.salary_unit == "hour" else "MONTH",
    }
    if low is not None and low == high:
        value["value"] = low / 100
    else:
        if low is not None:
            value["minValue"] = low / 100
        if high is not None:
            value["maxValue"] = high / 100
    return {"@type": "MonetaryAmount", "currency": "EUR", "value": value}


def job_posting(
    job, url: str = "", company_url: str | None = None, logo: str | None = None
) -> dict:
    """The JobPosting object of a listing."""
    posted = job.published_at or job.created_at
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": str(render_markdown(job.description)),
        "datePosted": posted.astimezone(BERLIN).date().isoformat(),
        "validThrough": datetime.combine(job.ends_on, time(23, 59, 59), BERLIN).isoformat(),
        "employmentType": _employment_types(job),
        "hiringOrganization": _organization(job, company_url, logo),
        "jobLocation": _locations(job),
        "identifier": {
            "@type": "PropertyValue",
            "name": job.display_employer,
            "value": str(job.id),
        },
        "directApply": False,
    }
    if url:
        data["url"] = url
    if job.source_label:  # imported: the source's reference and the original listing
        data["identifier"] = {
            "@type": "PropertyValue",
            "name": job.source_label,
            "value": job.external_ref or str(job.id),
        }
        if job.source_url:
            data["sameAs"] = job.source_url
    salary = _salary(job)
    if salary:
        data["baseSalary"] = salary
    if job.working_model == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "DE"}
    if job.start_date:
        data["jobStartDate"] = job.start_date.isoformat()
    return data


def script_json(data: dict) -> Markup:
    """JSON safe inside a <script> element: no '</', '<!--' or ']]>' can end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 # nosec B704 - JSON with markup characters escaped above


def job_posting_json(
    job, url: str = "", company_url: str | None = None, logo: str | None = None
) -> Markup:
    """The listing's JobPosting as script-safe JSON text."""
    return script_json(job_posting(job, url, company_url, logo))
