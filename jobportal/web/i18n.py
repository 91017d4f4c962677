"""The page language: `?lang=`, the account's choice, a cookie, then Accept-Language.

`?lang=en` (the switch in the header) sets the language for this page, remembers it in
a cookie and, for a logged-in user, in the account. Responses vary by Cookie and
Accept-Language, so a shared cache never hands a German page to an English reader.
"""

from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import update

from ..core.extensions import db
from ..core.languages import DEFAULT_LANGUAGE, LANGUAGES, supported
from ..models import User

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 86400


def init_app(app: Flask) -> None:
    """Remember a `?lang=` choice and let every response vary by the language inputs."""
    app.before_request(remember_choice)
    app.after_request(set_language_cookie)
    app.context_processor(language_context)


def select_locale() -> str:
    """The language of this request (Flask-Babel's locale selector); German outside requests."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = supported(request.args.get("lang"))
    if chosen:
        return chosen
    stored = supported(getattr(current_user, "language", None))
    if stored and getattr(current_user, "is_authenticated", False):
        return stored
    from_cookie = supported(request.cookies.get(COOKIE))
    if from_cookie:
        return from_cookie
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE)


def page_language() -> str:
    """The current page's language code ("de" or "en")."""
    return supported(get_locale()) or DEFAULT_LANGUAGE


def remember_choice() -> None:
    """A `?lang=` on a logged-in user's request becomes the account's language."""
    chosen = supported(request.args.get("lang"))
    if not chosen or not getattr(current_user, "is_authenticated", False):
        return
    if current_user.language != chosen:
        db.session.execute(update(User).where(User.id == current_user.id).values(language=chosen))
        db.session.commit()
        current_user.language = chosen


def set_language_cookie(response):
    """Keep a `?lang=` choice in a cookie; vary by the inputs of the language choice."""
    chosen = supported(request.args.get("lang"))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE,
            secure=bool(current_app.config.get("HTTPS_ONLY")),
            httponly=True,
            samesite="Lax",
        )
    if request.endpoint != "static":  # static files are the same in every language
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def language_url(code: str, absolute: bool = False) -> str:
    """This page's URL (path and query kept) in the language `code`."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", code))
    # Absolute URLs start with SITE_URL, never with the Host header a client sent.
    base = current_app.config["SITE_URL"].rstrip("/") if absolute else ""
    return f"{base}{request.path}?{urlencode(args)}"


def de_attribute(lang: str | None = None) -> Markup:
    """` lang="de"` on pages not in German (marks what people wrote in German), else empty."""
    return Markup("") if (lang or page_language()) == "de" else Markup(' lang="de"')


def language_context() -> dict:
    """`page_lang`, `de_attr` and the other languages with their URLs (switch, hreflang).

    Computed per render, not cached: a mail rendered inside `force_locale` during a
    request must not change the page's language.
    """
    lang = page_language()
    if not has_request_context():
        return {"page_lang": lang, "languages": LANGUAGES, "de_attr": Markup("")}
    return {
        "page_lang": lang,
        "languages": LANGUAGES,
        # On pages not in German: marks what people wrote in German (listings).
        "de_attr": de_attribute(lang),
        "other_languages": [
            (code, name, language_url(code)) for code, name in LANGUAGES.items() if code != lang
        ],
        "alternate_languages": [(code, language_url(code, True)) for code in LANGUAGES],
    }
