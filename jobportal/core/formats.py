"""Dates and numbers in the page's language (Flask-Babel; times shown in Europe/Berlin).

The filters keep their historic names (`date_de`, ...): German pages get German
formats ('22.11.2026, 14:05', '1.234,5', '3.450 €'), English pages English ones
('22 Nov 2026, 14:05', '1,234.5', '€3,450').
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from flask_babel import format_date, format_datetime

from .clock import BERLIN
from .translation import current_locale

DATETIME_FORMATS = {"de": "dd.MM.yyyy, HH:mm", "en": "d MMM yyyy, HH:mm"}
DATE_FORMATS = {"de": "dd.MM.yyyy", "en": "d MMM yyyy"}
# German and English digit grouping from Python's "," grouping: no Babel on the hot path.
SEPARATORS = {"de": str.maketrans(",.", ".,"), "en": str.maketrans("", "")}


def _language() -> str:
    """The language of the current locale ("de" unless it is English)."""
    locale = current_locale()
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
    if fmt == "dd.MM.yyyy":  # the common case without Babel's pattern parsing (~50 us)
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(BERLIN)
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def number_de(value, digits: int = 0) -> str:
    """A number with the language's separators ('1.234,5' / '1,234.5'), rounded half to
    even like Babel.

    Plain Python formatting: Babel's format_decimal costs ~25 us a call, and a search
    page formats some 60 numbers.
    """
    if value is None:
        return ""
    if type(value) is int and not digits:
        if -1000 < value < 1000:  # no separator in any language
            return str(value)
        return f"{value:,d}".translate(SEPARATORS[_language()])
    if type(value) is float and round(value, digits) == value:  # e.g. a distance in km
        # the float nearest to a number with `digits` decimals: Python's rounding gives
        # those decimals, as Decimal would (~3x faster)
        return f"{value:,.{digits}f}".translate(SEPARATORS[_language()])
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return f"{number:,.{digits}f}".translate(SEPARATORS[_language()])


def euro_cents(value: int | None) -> str:
    """Cents as a euro amount ('3.450 €', '14,50 €' / '€3,450', '€14.50')."""
    if value is None:
        return ""
    digits = 0 if value % 100 == 0 else 2
    amount = number_de(value / 100, digits)
    return f"€{amount}" if _language() == "en" else f"{amount} €"


# A euro amount in German writing: 3.200 | 3200 | 14,50 | 3.200,00
_AMOUNT = r"(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?)"
_RANGE = re.compile(rf"{_AMOUNT}\s*(?:€|EUR|Euro)?\s*(?:–|-|—|bis)\s*{_AMOUNT}", re.IGNORECASE)
_FROM = re.compile(rf"\b(ab|mindestens|von)\s+{_AMOUNT}", re.IGNORECASE)
_UP_TO = re.compile(rf"\b(bis(?: zu)?|maximal|höchstens)\s+{_AMOUNT}", re.IGNORECASE)
_ONE = re.compile(rf"{_AMOUNT}\s*(?:€|EUR|Euro)", re.IGNORECASE)
_UNITS = (
    ("hour", re.compile(r"stunde|stündlich|std\b|/\s*h\b", re.IGNORECASE)),
    ("month", re.compile(r"monat|mtl\b|/\s*m\b", re.IGNORECASE)),
    ("year", re.compile(r"jahr|jährlich|p\.\s?a\.", re.IGNORECASE)),
)


def _euros(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def salary_range(text: str) -> tuple[float | None, float | None, str] | None:
    """(minimum, maximum, unit) in euros of a salary text such as '3.200 – 3.800 €
    brutto monatlich' (unit 'month' or 'hour'); None when the text names no amount, no
    unit, or a yearly one (stored only as text)."""
    text = text or ""
    unit = next((name for name, pattern in _UNITS if pattern.search(text)), None)
    if unit not in ("month", "hour"):
        return None
    if match := _RANGE.search(text):
        low, high = sorted((_euros(match.group(1)), _euros(match.group(2))))
        return low, high, unit
    if match := _FROM.search(text):
        return _euros(match.group(2)), None, unit
    if match := _UP_TO.search(text):
        return None, _euros(match.group(2)), unit
    if match := _ONE.search(text):
        amount = _euros(match.group(1))
        return amount, amount, unit
    return None
