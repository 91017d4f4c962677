"""Alert names are written in words, not in query syntax."""

import pytest

from jobportal.alerts import default_name


@pytest.mark.parametrize(
    ("params", "name"),
    [
        (
            {"q": "Pflegefachkraft OR Altenpflege", "where": "Kamenz", "radius_km": 25},
            "Pflegefachkraft oder Altenpflege in Kamenz, 25 km",
        ),
        ({"q": "Elektriker -Leiharbeit"}, "Elektriker ohne Leiharbeit"),
        ({"q": '"Pflege Kamenz" AND Nacht*'}, "„Pflege Kamenz“ Nacht"),
        ({"q": "(Koch OR Köchin)"}, "Koch oder Köchin"),
        ({"q": "OR Bäcker OR"}, "Bäcker"),
        (
            {"q": "", "where": "01917 Kamenz", "radius_km": 10},
            "Alle Stellen in 01917 Kamenz, 10 km",
        ),
        ({"q": "AND NOT"}, "Alle Stellen"),
    ],
)
def test_alert_name_in_words(app, params, name):
    with app.test_request_context():
        assert default_name(params) == name


def test_alert_name_is_cut_to_the_column_length(app):
    with app.test_request_context():
        assert len(default_name({"q": "Pflege " * 40})) == 120
