"""Jinja filters and globals: German formats, Berlin time, Markdown, fast gettext."""

from typing import NamedTuple

from flask import Flask, current_app
from flask_babel import get_locale
from jinja2 import pass_eval_context
from markupsafe import Markup

from ..core.formats import date_de, datetime_de, euro_cents, number_de
from ..core.text import render_markdown
from ..core.translation import catalogue
from ..places import current_region_info, region_identity


def _gettext(eval_ctx, string, /, **variables):
    """Template `_()`/`gettext`: Jinja's new-style gettext, with one context call.

    Jinja's i18n extension wraps the callables so that every `_()` passes through three
    `Context.call`s; with ~160 strings on a search page that is a tenth of its rendering.
    Same result: the translation, marked safe under autoescape, always %-formatted.
    """
    text = catalogue().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalogue's own texts, as Jinja's i18n does
    return text % variables


def _ngettext(eval_ctx, singular, plural, num, /, **variables):
    """Template `ngettext`, as Jinja's new-style one (`num` is available to the text)."""
    variables.setdefault("num", num)
    text = catalogue().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalogue's own texts, as Jinja's i18n does
    return text % variables


def _install_gettext(app: Flask) -> None:
    """`{% trans %}` and the template gettext callables on Flask-Babel's catalogue.

    The i18n extension (installed by Flask-Babel) compiles `{% trans %}` to calls of the
    `gettext`/`ngettext` globals; `_` is the same function.
    """
    app.jinja_env.newstyle_gettext = True
    fast_gettext = pass_eval_context(_gettext)
    app.jinja_env.globals.update(
        _=fast_gettext, gettext=fast_gettext, ngettext=pass_eval_context(_ngettext)
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
