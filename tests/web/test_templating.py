"""The `localized` template global picks written content by the page's language."""

from types import SimpleNamespace

from flask import render_template, render_template_string, url_for
from flask_babel import force_locale
from jinja2 import ChoiceLoader, DictLoader

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


# Templates compiled once per language (LanguageEnvironment): constant texts translated
# at compile time, everything else when rendered, the same output as before.

PAGE = (
    "<p>{{ _('Stellen suchen') }}|{% trans %}Seite{% endtrans %}|{{ _('%(n)s Stellen', n=n) }}"
    "|{{ _('100 %% sicher') }}|{{ _(word) }}|{{ _('Seite')|upper }}</p>"
)


def _with_test_template(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader({"t.html": PAGE}), app.jinja_env.loader])


def test_each_language_renders_its_own_compiled_template(app):
    _with_test_template(app)
    shown = {}
    for language in ("de", "en", "de", "en"):
        with app.test_request_context(), force_locale(language):
            shown.setdefault(language, set()).add(
                render_template("t.html", n=3, word="Stellen suchen")
            )
    assert shown == {
        "de": {"<p>Stellen suchen|Seite|3 Stellen|100 % sicher|Stellen suchen|SEITE</p>"},
        "en": {"<p>Find jobs|Page|3 jobs|100 % sicher|Find jobs|PAGE</p>"},
    }


def test_constant_texts_are_part_of_the_compiled_template(app):
    _with_test_template(app)
    with app.test_request_context(), force_locale("en"):
        render_template("t.html", n=1, word="")
        code = app.jinja_env.languages["en"].compile(PAGE, raw=True)
    assert "'<p>Find jobs|'" in code and "'Stellen suchen'" not in code  # data, no call
    assert "'%(n)s Stellen'" in code  # a text with variables is translated when rendered


def test_texts_are_escaped_as_before_and_strings_compile_unfolded(app):
    with app.test_request_context(), force_locale("en"):
        page = render_template_string("{{ _('Stellen suchen') }} {{ name }}", name="<b>")
    assert page == "Find jobs &lt;b&gt;"


def test_links_in_templates_are_flask_s_urls_under_any_script_root(app):
    page = (
        "{{ url_for('static', filename='css/site.css') }}"
        " {{ url_for('public.legal', page='impressum') }}"
        " {{ url_for('search.search_page', member=['dresden', 'kamenz']) }}"
        " {{ url_for('public.home', _external=True) }}"
    )
    for root in ("", "/portal", "", "/portal"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            shown = render_template_string(page)
            expected = " ".join(
                [
                    url_for("static", filename="css/site.css"),
                    url_for("public.legal", page="impressum"),
                    url_for("search.search_page", member=["dresden", "kamenz"]),
                    url_for("public.home", _external=True),
                ]
            )
        assert shown == expected.replace("&", "&amp;")
        assert shown.startswith(f"{root}/static/css/site.css {root}/impressum")
