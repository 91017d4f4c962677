"""Links built from one url_for are the URLs url_for builds."""

from flask import url_for

from jobportal.web.links import url_maker


def test_url_maker_gives_url_for_s_urls(app):
    back = "/jobs?q=Pflege & Gärten&where=4294967295&page=2"
    with app.test_request_context("/jobs"):
        link = url_maker("public.job_page", "job_id", **{"from": back})
        for job_id in (1, 7, 42, 4294967295, 10**12):
            assert link(job_id) == url_for("public.job_page", job_id=job_id, **{"from": back})
        assert url_maker("public.job_page", "job_id")(5) == "/stellen/5"
