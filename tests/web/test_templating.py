"""The `localized` template global picks written content by the page's language."""

from types import SimpleNamespace

from flask_babel import force_locale

from jobportal.web.templating import localized


def test_german_page_shows_german_without_lang_attribute(app):
    page = SimpleNamespace(intro="Willkommen", intro_en="Welcome")
    with app.test_request_context(), force_locale("de"):
        shown = localized(page, "intro")
    assert (shown.text, shown.lang, str(shown.lang_attr)) == ("Willkommen", "de", "")


def test_english_page_prefers_the_english_version(app):
    page = SimpleNamespace(intro="Willkommen", intro_en="Welcome")
    with app.test_request_context(), force_locale("en"):
        shown = localized(page, "intro")
    assert (shown.text, shown.lang, str(shown.lang_attr)) == ("Welcome", "en", "")


def test_english_page_falls_back_to_german_marked_as_german(app):
    page = SimpleNamespace(intro="Willkommen", intro_en="")
    with app.test_request_context(), force_locale("en"):
        shown = localized(page, "intro")
    assert shown.text == "Willkommen"
    assert str(shown.lang_attr) == ' lang="de"'
