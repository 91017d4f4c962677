"""Jinja filters and globals: German formats, Berlin time, Markdown, fast gettext."""

from typing import NamedTuple

from flask import Flask, current_app, g, has_app_context
from flask_babel import get_locale, get_translations
from markupsafe import Markup

from ..core.formats import date_de, datetime_de, euro_cents, number_de
from ..core.text import render_markdown
from ..places import current_region_info, region_identity


def request_translations():
    """The translations of the request's locale, looked up once per request and locale.

    Flask-Babel keeps one catalogue per locale in the process but resolves it through
    ``g`` and the locale selector on every ``_()``; a search page calls it ~120 times.
    Keyed by the locale object, so ``force_locale`` (another language inside a request)
    still gets its own catalogue.
    """
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    cached = g.get("_translations")
    if cached is None or cached[0] is not locale:
        cached = g._translations = (locale, get_translations())
    return cached[1]


def _install_gettext(app: Flask) -> None:
    """Template ``_()``/``gettext``/``ngettext`` through ``request_translations``."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app: Flask) -> None:
    """Register filters, the context processor and the gettext callables."""
    app.jinja_env.filters.update(
        datetime_de=datetime_de,
        date_de=date_de,
        number_de=number_de,
        euro=euro_cents,
        markdown=render_markdown,
    )
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    _install_gettext(app)

    @app.context_processor
    def _site_context():
        return {
            "region": current_region_info(),
            "identity": region_identity(current_app.config["REGION"]),
            "site_url": current_app.config["SITE_URL"],
        }


class Localized(NamedTuple):
    """A piece of written content in the page's language if available, else German."""

    text: str
    lang: str
    # ` lang="de"` when the text is not in the page's language (WCAG 3.1.2), else empty.
    lang_attr: Markup


def localized(obj, field: str) -> Localized:
    """`obj.<field>_en` on English pages when it is filled in, otherwise `obj.<field>` (German).

    Content that people write (municipality pages, events) may carry an English version
    in a `<field>_en` attribute next to the German one. Templates mark German text on an
    English page: `<p{{ localized(page, "intro").lang_attr }}>`.
    """
    page_lang = str(get_locale() or "de").split("_")[0]
    english = getattr(obj, f"{field}_en", None) if page_lang == "en" else None
    if english:
        return Localized(english, "en", Markup(""))
    text = getattr(obj, field, None) or ""
    attr = Markup("") if page_lang == "de" else Markup(' lang="de"')
    return Localized(text, "de", attr)
