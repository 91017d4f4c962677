"""Jinja filters and globals: German formats, Berlin time, Markdown."""

from flask import Flask, current_app

from ..core.formats import date_de, datetime_de, euro_cents, number_de
from ..core.text import render_markdown
from ..places import current_region_info, region_identity


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
        return {
            "region": current_region_info(),
            "identity": region_identity(current_app.config["REGION"]),
            "site_url": current_app.config["SITE_URL"],
        }
