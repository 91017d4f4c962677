"""Salary texts as numbers: monthly and hourly ranges and amounts; yearly and vague
texts stay text only."""

import pytest

from jobportal.core.formats import salary_range


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3.200 – 3.800 € brutto monatlich", (3200, 3800, "month")),
        ("3.200 bis 3.800 Euro brutto im Monat nach Haustarif", (3200, 3800, "month")),
        ("2.900 – 3.400 € im Monat", (2900, 3400, "month")),
        ("13 - 15 Euro/Stunde", (13, 15, "hour")),
        ("ab 14,50 € pro Stunde", (14.5, None, "hour")),
        ("bis zu 4.000 € im Monat", (None, 4000, "month")),
        ("Monatsgehalt 3.100,00 EUR", (3100, 3100, "month")),
        ("3.800 – 3.200 € monatlich", (3200, 3800, "month")),
        ("60.772 – 70.000 € im Jahr", None),
        ("52.000 € p.a.", None),
        ("nach Tarif", None),
        ("3.200 €", None),  # no unit: not guessed
        ("", None),
        (None, None),
    ],
)
def test_salary_range(text, expected):
    assert salary_range(text) == expected
