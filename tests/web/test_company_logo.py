"""Employers upload a logo; it is served with the right headers and shown with their
listings (job page, JSON-LD, cards, search hits, company page)."""

import io
import json
import re

from jobportal.core.extensions import db
from jobportal.models import Company
from tests.conftest import login_as
from tests.support.images import png
from tests.support.search import index

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def employer_with_company(app, factory):
    company_id = factory.company(name="Elektro Lessing GmbH")
    with app.app_context():
        company = db.session.get(Company, company_id)
        company.verified_at = company.created_at
        db.session.commit()
    user_id = factory.user(role="employer", company_id=company_id)
    return company_id, user_id


def upload(client, data: bytes, filename: str = "logo.png"):
    return client.post(
        "/arbeitgeber/unternehmen/logo",
        data={"logo": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def logo_file(app, company_id):
    with app.app_context():
        return db.session.get(Company, company_id).logo_file


def test_upload_serve_and_show(client, app, factory):
    company_id, user_id = employer_with_company(app, factory)
    login_as(client, app, user_id)
    response = upload(client, png(), "firma.png")
    assert response.status_code == 302
    name = logo_file(app, company_id)
    assert name and name.endswith(".png")

    served = client.get(f"/logos/{name}")
    assert served.status_code == 200 and served.data == png()
    assert served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in served.headers["Cache-Control"]

    job_id = factory.job(company_id, title="Elektriker")
    index(app)
    html = client.get(f"/stellen/{job_id}").get_data(as_text=True)
    assert f'src="/logos/{name}"' in html
    [block] = JSONLD.findall(html)
    logo = json.loads(block)["hiringOrganization"]["logo"]
    assert logo.startswith(app.config["SITE_URL"]) and logo.endswith(f"/logos/{name}")
    for page in ("/jobs?q=Elektriker", "/", f"/unternehmen/{_slug(app, company_id)}"):
        assert f'src="/logos/{name}"' in client.get(page).get_data(as_text=True), page


def _slug(app, company_id):
    with app.app_context():
        return db.session.get(Company, company_id).slug


def test_wrong_files_are_refused_with_a_message(client, app, factory):
    company_id, user_id = employer_with_company(app, factory)
    login_as(client, app, user_id)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(client, svg, "logo.png")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Bitte laden Sie ein Bild im Format PNG, JPEG oder WebP hoch." in html
    assert 'aria-invalid="true"' in html
    assert logo_file(app, company_id) is None
    assert upload(client, b"").status_code == 400
    response = client.post("/arbeitgeber/unternehmen/logo", data={})
    assert response.status_code == 400


def test_remove_logo_and_unknown_names(client, app, factory):
    company_id, user_id = employer_with_company(app, factory)
    login_as(client, app, user_id)
    upload(client, png())
    name = logo_file(app, company_id)
    assert client.post("/arbeitgeber/unternehmen/logo/entfernen").status_code == 302
    assert logo_file(app, company_id) is None
    assert client.get(f"/logos/{name}").status_code == 404
    assert client.get("/logos/..%2Fjobportal.sqlite").status_code == 404
    assert client.get("/logos/" + "0" * 32 + ".png").status_code == 404


def test_only_employers_upload(client, app, factory):
    response = upload(client, png())
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
