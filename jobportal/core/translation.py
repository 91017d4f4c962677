"""Translations looked up once per request: Flask-Babel's domain, `gettext`, `lazy_gettext`.

Flask-Babel finds the catalogue through `g`, the domain, the locale selector and a cache
keyed by the formatted locale on every call: ~15 us. A search page translates ~300
strings, most of them lazy labels resolved on every use, so that was a fifth of the
page. Here the catalogue is kept in the request's Babel context next to the locale object
it belongs to; `force_locale` (a mail in its recipient's language) and `refresh()`
replace that object, so they get their own catalogue. Same strings, same catalogues.
"""

from functools import cached_property

from flask import g
from flask_babel import Babel, Domain, get_locale, get_translations
from flask_babel.speaklater import LazyString


class RequestCatalogueDomain(Domain):
    """Flask-Babel's default domain, with the catalogue remembered per request and locale."""

    def get_translations(self):
        try:
            context = g._flask_babel
        except (AttributeError, RuntimeError):  # no Babel context yet / outside an app
            return super().get_translations()
        locale = getattr(context, "babel_locale", None)
        cached = getattr(context, "catalogue", None)
        if cached is not None and locale is not None and cached[0] is locale:
            return cached[1]
        translations = super().get_translations()
        context.catalogue = (get_locale(), translations)
        return translations


class RequestCatalogueBabel(Babel):
    """Flask-Babel with the request-cached domain as its default domain."""

    @cached_property
    def domain_instance(self) -> Domain:
        return RequestCatalogueDomain(domain=self.domain)


def current_locale():
    """The current locale (Flask-Babel's), looked up once it is known; None outside an app."""
    try:
        return g._flask_babel.babel_locale
    except (AttributeError, RuntimeError):
        return get_locale()


def catalogue():
    """The catalogue of the current locale (German: the identity), one lookup per call."""
    try:
        context = g._flask_babel
        cached = context.catalogue
        if cached[0] is context.babel_locale:
            return cached[1]
    except (AttributeError, RuntimeError):
        pass
    return get_translations()


def gettext(string: str, /, **variables) -> str:
    """`string` in the current language, %-formatted with `variables` when given."""
    text = catalogue().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, /, **variables) -> str:
    """The singular or plural form for `num` (available to the text as `num`)."""
    variables.setdefault("num", num)
    return catalogue().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, /, **variables) -> LazyString:
    """`gettext`, resolved each time the text is used (labels defined at import time)."""
    return LazyString(gettext, string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, /, **variables) -> LazyString:
    """`ngettext`, resolved each time the text is used."""
    return LazyString(ngettext, singular, plural, num, **variables)
