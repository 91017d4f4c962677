"""German formats of dates and numbers (Flask-Babel; times shown in Europe/Berlin)."""

from datetime import date, datetime

from flask_babel import format_date, format_datetime, format_decimal


def datetime_de(value: datetime | None, fmt: str = "dd.MM.yyyy, HH:mm") -> str:
    """A UTC timestamp shown in Europe/Berlin, German style ('22.11.2026, 14:05')."""
    if value is None:
        return ""
    return format_datetime(value, fmt)


def date_de(value: date | datetime | None, fmt: str = "dd.MM.yyyy") -> str:
    """A date in German style ('22.11.2026'); datetimes are converted to Berlin first."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def number_de(value, digits: int = 0) -> str:
    """A number with German separators ('1.234,5')."""
    if value is None:
        return ""
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt)


def euro_cents(value: int | None) -> str:
    """Cents as German euro amount ('3.450 €', '14,50 €')."""
    if value is None:
        return ""
    digits = 0 if value % 100 == 0 else 2
    return f"{number_de(value / 100, digits)} €"
