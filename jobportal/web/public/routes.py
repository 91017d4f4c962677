"""Public pages: home and the legal pages of the region."""

from flask import abort, current_app, render_template, send_from_directory

from ...places import current_region_info, region_identity, theme_css
from . import bp
from .home import home_context

LEGAL_PAGES = {
    "impressum": "Impressum",
    "datenschutz": "Datenschutzerklärung",
    "barrierefreiheit": "Erklärung zur Barrierefreiheit",
}


@bp.get("/")
def home():
    """The region's portal home page."""
    return render_template("public/home.html", **home_context())


@bp.get("/favicon.ico")
def favicon():
    """The site icon where browsers look for it by default (cached for a day)."""
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/x-icon", max_age=86400
    )


@bp.get("/region.css")
def region_css():
    """The region's colours (region file, ``identity.colors``) as CSS custom properties."""
    css = theme_css(region_identity(current_app.config["REGION"]))
    response = current_app.response_class(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/<any(impressum, datenschutz, barrierefreiheit):page>")
def legal(page: str):
    """Impressum, Datenschutz and Barrierefreiheit, with texts from the region data."""
    text = current_region_info().get("legal", {}).get(page)
    if text is None:
        abort(404)
    return render_template("public/legal.html", title=LEGAL_PAGES[page], text=text)
