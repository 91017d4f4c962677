"""Jinja filters and globals: German formats, Berlin time, Markdown, fast gettext, and
templates compiled once per language."""

from functools import lru_cache
from typing import NamedTuple

from flask import Flask, current_app, has_request_context, request
from flask.templating import Environment
from flask_babel import get_locale
from jinja2 import nodes, pass_eval_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from ..core.formats import date_de, datetime_de, euro_cents, number_de
from ..core.text import render_markdown
from ..core.translation import catalogue, current_locale
from ..places import current_region_info, region_identity


def markup_gettext(string: str, /, **variables) -> Markup:
    """A translation as the templates' `_()` gives it under autoescape: the catalogue's
    text marked safe, the variables escaped into it."""
    return Markup(catalogue().ugettext(string)) % variables  # noqa: S704 - our catalogue


def _gettext(eval_ctx, string, /, **variables):
    """Template `_()`/`gettext`: Jinja's new-style gettext, with one context call.

    Jinja's i18n extension wraps the callables so that every `_()` passes through three
    `Context.call`s; with ~160 strings on a search page that is a tenth of its rendering.
    Same result: the translation, marked safe under autoescape, always %-formatted.
    """
    if eval_ctx.autoescape:
        return markup_gettext(string, **variables)
    return catalogue().ugettext(string) % variables


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


class _ConstantTexts(NodeTransformer):
    """Replaces `_('text')` / `gettext('text')` (one constant, no variables; also a
    `{% trans %}` block without variables) by the translation, as the call would return
    it: marked safe under autoescape, %-formatted (`%%` -> `%`)."""

    def __init__(self, translations):
        self.translations = translations

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        node = self.generic_visit(node)
        if not (
            isinstance(node.node, nodes.Name)
            and node.node.name in ("_", "gettext")
            and len(node.args) == 1
            and isinstance(node.args[0], nodes.Const)
            and isinstance(node.args[0].value, str)
            and not node.kwargs
            and node.dyn_args is None
            and node.dyn_kwargs is None
        ):
            return node
        try:
            text = self.translations.ugettext(node.args[0].value) % {}
        except (KeyError, TypeError, ValueError):  # a placeholder without its value
            return node
        return nodes.MarkSafeIfAutoescape(nodes.Const(text), lineno=node.lineno)


class LanguageEnvironment(Environment):
    """Flask's Jinja environment, with every template compiled once per language.

    A search page holds ~110 constant texts (`{{ _('Suchen') }}`); looked up on every
    render they were a tenth of its rendering. Each language gets an overlay environment
    with its own template cache whose compiler puts the translations of constant texts
    into the template's data (`_ConstantTexts`). Texts with variables, plurals and texts
    from variables are still translated when rendered. Templates compiled from strings
    (`render_template_string`) are not cached and keep their calls.
    """

    language = None  # an overlay's language; None in the app's environment

    def __init__(self, app, **options):
        super().__init__(app, **options)
        self.languages = {}

    def _load_template(self, name, globals):
        if self.language is not None:
            return super()._load_template(name, globals)
        language = current_locale()
        if language is None:  # outside a request or app context: no language to fold
            return super()._load_template(name, globals)
        code = str(language)
        overlay = self.languages.get(code)
        if overlay is None:
            overlay = self.languages[code] = self.overlay(cache_size=400)
            overlay.language = code
        overlay.loader, overlay.auto_reload = self.loader, self.auto_reload
        return overlay._load_template(name, globals)

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        if self.language is not None:
            tree = _ConstantTexts(catalogue()).visit(tree)
        return tree


def _remembering_url_for(app: Flask):
    """The templates' `url_for`: Flask's, with the URLs of plain links remembered.

    A search page builds ~30 links to fixed places (stylesheets, scripts, the
    navigation, the footer) at ~7 us each. A link depends only on its endpoint and values
    and on the request's script root, as long as no url_defaults hook adds values (this
    app registers none) and no blueprint-relative endpoint, `_external`, `_scheme`,
    `_anchor` or `_method` is involved: those, and values that are not hashable, are
    built as before.
    """
    build = app.url_for

    @lru_cache(maxsize=4096)
    def remembered(script_root: str, endpoint: str, items: tuple) -> str:
        return build(endpoint, **dict(items))

    def url_for(endpoint: str, **values) -> str:
        if (
            endpoint[:1] != "."
            and not app.url_default_functions
            and not any(key[:1] == "_" for key in values)
            and has_request_context()
        ):
            try:
                return remembered(request.script_root, endpoint, tuple(values.items()))
            except TypeError:  # an unhashable value (a list)
                pass
        return build(endpoint, **values)

    return url_for


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
    app.jinja_env.globals["url_for"] = _remembering_url_for(app)
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
