"""Public pages: home and the legal pages of the region."""

from flask import abort, current_app, render_template, send_from_directory

from ...core.translation import gettext as _
from ...core.translation import lazy_gettext as _l
from ...places import current_region_info, region_identity, theme_css
from . import bp
from .home import home_context

LEGAL_PAGES = {
    "impressum": _l("Impressum"),
    "datenschutz": _l("Datenschutzerklärung"),
    "barrierefreiheit": _l("Erklärung zur Barrierefreiheit"),
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
    region = current_region_info()
    text = region.get("legal", {}).get(page)
    if text is None:
        abort(404)
    summary = _legal_summary(page, region)
    return render_template("public/legal.html", title=LEGAL_PAGES[page], text=text, summary=summary)


def _legal_summary(page: str, region: dict) -> str:
    """A short summary of a legal page, shown above the (German) legal text on other pages."""
    operator = region.get("operator", {}).get("name", "")
    summaries = {
        "impressum": _(
            "Das Impressum nennt den Betreiber dieses Portals (%(operator)s), seine Anschrift, "
            "die Vertretung und die Kontaktmöglichkeiten, wie es § 5 DDG verlangt.",
            operator=operator,
        ),
        "datenschutz": _(
            "Die Datenschutzerklärung beschreibt, welche personenbezogenen Daten das Portal "
            "verarbeitet (Konto, Profil, Suchaufträge, Server-Protokolle), wozu und wie lange, "
            "und welche Rechte Sie nach der DSGVO haben: Auskunft, Berichtigung, Löschung, "
            "Widerspruch und Beschwerde bei der Aufsichtsbehörde. Unter „Meine Daten“ können "
            "Sie Ihre Daten selbst herunterladen oder Ihr Konto löschen."
        ),
        "barrierefreiheit": _(
            "Die Erklärung zur Barrierefreiheit beschreibt, wie weit das Portal die "
            "Anforderungen der WCAG 2.1 (Stufe AA) erfüllt, welche Teile noch nicht "
            "barrierefrei sind und wie Sie Barrieren melden können."
        ),
    }
    return summaries[page]
