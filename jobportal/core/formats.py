"""Dates and numbers in the page's language (Flask-Babel; times shown in Europe/Berlin).

The filters keep their historic names (`date_de`, ...): German pages get German
formats ('22.11.2026, 14:05', '1.234,5', '3.450 €'), English pages English ones
('22 Nov 2026, 14:05', '1,234.5', '€3,450').
"""

from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal, get_locale

DATETIME_FORMATS = {"de": "dd.MM.yyyy, HH:mm", "en": "d MMM yyyy, HH:mm"}
DATE_FORMATS = {"de": "dd.MM.yyyy", "en": "d MMM yyyy"}


def _language() -> str:
    """The language of the current locale ("de" unless it is English)."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "de"


def datetime_de(value: datetime | None, fmt: str | None = None) -> str:
    """A UTC timestamp shown in Europe/Berlin ('22.11.2026, 14:05' / '22 Nov 2026, 14:05')."""
    if value is None:
        return ""
    return format_datetime(value, fmt or DATETIME_FORMATS[_language()])


def date_de(value: date | datetime | None, fmt: str | None = None) -> str:
    """A date ('22.11.2026' / '22 Nov 2026'); datetimes are converted to Berlin first."""
    if value is None:
        return ""
    fmt = fmt or DATE_FORMATS[_language()]
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def number_de(value, digits: int = 0) -> str:
    """A number with the language's separators ('1.234,5' / '1,234.5')."""
    if value is None:
        return ""
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt)


def euro_cents(value: int | None) -> str:
    """Cents as a euro amount ('3.450 €', '14,50 €' / '€3,450', '€14.50')."""
    if value is None:
        return ""
    digits = 0 if value % 100 == 0 else 2
    amount = number_de(value / 100, digits)
    return f"€{amount}" if _language() == "en" else f"{amount} €"
