"""Links built from one url_for are the URLs url_for builds."""

from dataclasses import replace

from flask import url_for

from jobportal.listings import SearchQuery
from jobportal.web.links import url_maker
from jobportal.web.search.view import page_url_maker, search_url


def test_url_maker_gives_url_for_s_urls(app):
    back = "/jobs?q=Pflege & Gärten&where=4294967295&page=2"
    with app.test_request_context("/jobs"):
        link = url_maker("public.job_page", "job_id", **{"from": back})
        for job_id in (1, 7, 42, 4294967295, 10**12):
            assert link(job_id) == url_for("public.job_page", job_id=job_id, **{"from": back})
        assert url_maker("public.job_page", "job_id")(5) == "/stellen/5"


def test_page_links_are_the_search_s_urls(app):
    query = SearchQuery(q="Pflege & Gärten", where="01067 Dresden", radius_km=25, sort="date")
    with app.test_request_context("/jobs"):
        page_url = page_url_maker(replace(query, page=7, employment_type=("vollzeit", "teilzeit")))
        for page in (1, 2, 3, 99, 4294967295):
            expected = search_url(
                replace(query, page=page, employment_type=("vollzeit", "teilzeit"))
            )
            assert page_url(page) == expected
        assert page_url(1).endswith("sort=date")  # page 1 carries no page number
