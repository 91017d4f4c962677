"""Jinja filters and globals: German formats, Berlin time, Markdown."""

from datetime import date, datetime

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal

from ..core.text import render_markdown
from ..places import current_region_info


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


def init_app(app: Flask) -> None:
    """Register filters and the context processor."""
    app.jinja_env.filters.update(
        datetime_de=datetime_de,
        date_de=date_de,
        number_de=number_de,
        euro=euro_cents,
        markdown=render_markdown,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _site_context():
        return {"region": current_region_info(), "site_url": current_app.config["SITE_URL"]}
