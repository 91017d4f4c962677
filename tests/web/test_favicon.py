"""The site icon is served and linked from every page."""


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"


def test_pages_link_the_icons(client):
    page = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    assert 'rel="icon" href="/favicon.ico"' in page
    assert client.get("/static/favicon.svg").status_code == 200
