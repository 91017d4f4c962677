"""The region's face on the pages: colours as /region.css, logo, photos with credits."""

import pytest

from tests.conftest import app_with


def test_region_css_carries_the_region_colours(client):
    response = client.get("/region.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "--c-primary: #0b5394;" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_header_logo_and_home_photos_with_credits(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/region.css">' in html
    assert 'src="/static/regions/wachstumsregion-dresden/logo.svg"' in html
    assert 'src="/static/regions/wachstumsregion-dresden/elbe.svg"' in html
    assert "An der Elbe in Dresden" in html
    assert "Bild: Jobportal-Team, eigene Zeichnung" in html and 'rel="license"' in html
    assert 'href="/region/dresden">Mehr über Dresden' in html


def test_member_page_shows_its_photo(client):
    html = client.get("/region/kamenz").get_data(as_text=True)
    assert "/static/regions/wachstumsregion-dresden/lausitz.svg" in html
    assert "elbe.svg" not in html


@pytest.fixture
def erzgebirge(tmp_path, db_template):
    yield from app_with(tmp_path, db_template, REGION="regionalmanagement-erzgebirge")


def test_another_region_brings_its_own_colours_and_logo(erzgebirge):
    client = erzgebirge.test_client()
    assert "--c-primary: #2f6b3d;" in client.get("/region.css").get_data(as_text=True)
    html = client.get("/").get_data(as_text=True)
    assert "/static/regions/regionalmanagement-erzgebirge/logo.svg" in html
    assert "Das Erzgebirge im Advent" in html
