"""Translations looked up once per request still follow the request's language,
`force_locale` and `refresh`, in Python, lazy labels and templates alike."""

from flask import render_template_string
from flask_babel import force_locale, refresh

from jobportal.core.translation import gettext, lazy_gettext, ngettext

LABEL = lazy_gettext("Stellen suchen")


def test_each_request_gets_its_own_language(app):
    with app.test_request_context("/?lang=en"):
        assert gettext("Stellen suchen") == "Find jobs"
        assert str(LABEL) == "Find jobs"
    with app.test_request_context("/?lang=de"):
        assert gettext("Stellen suchen") == "Stellen suchen"
        assert str(LABEL) == "Stellen suchen"


def test_force_locale_switches_and_switches_back(app):
    with app.test_request_context("/?lang=de"):
        assert str(LABEL) == "Stellen suchen"  # German catalogue remembered
        with force_locale("en"):
            assert gettext("Stellen suchen") == "Find jobs"
            assert str(LABEL) == "Find jobs"
        assert gettext("Stellen suchen") == "Stellen suchen"


def test_refresh_picks_up_a_changed_language(app):
    with app.test_request_context("/?lang=en"):
        assert gettext("Stellen suchen") == "Find jobs"
        refresh()
        assert gettext("Stellen suchen") == "Find jobs"


def test_plural_forms_and_placeholders(app):
    with app.test_request_context("/?lang=en"):
        one = ngettext("%(num)s Stadt und Gemeinde", "%(num)s Städte und Gemeinden", 1)
        two = ngettext("%(num)s Stadt und Gemeinde", "%(num)s Städte und Gemeinden", 2)
    assert (one, two) == ("1 town and municipality", "2 towns and municipalities")


def test_templates_translate_escape_values_and_take_num(app):
    source = (
        "{{ _('Stellen suchen') }}|{{ _('im %(name)s', name=who) }}|"
        "{{ ngettext('%(num)s Stadt und Gemeinde', '%(num)s Städte und Gemeinden', 3, num=3) }}"
        "|{% trans %}Stellen suchen{% endtrans %}"
    )
    with app.test_request_context("/?lang=en"):
        shown = render_template_string(source, who="<b>Kamenz</b>")
    assert shown.startswith("Find jobs|")
    assert "&lt;b&gt;Kamenz&lt;/b&gt;" in shown and "<b>" not in shown
    assert shown.endswith("|3 towns and municipalities|Find jobs")
