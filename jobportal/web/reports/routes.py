"""The report pages: figures per member and month, CSV export, a print view for the year."""

from datetime import date

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user

from ... import reports
from ...core.clock import berlin_today
from ...core.tabular import csv_text
from ...core.translation import gettext as _
from ..access import promoter_required
from . import bp


def _months(year: int) -> list[str]:
    """The twelve month names, abbreviated, in the page's language."""
    return [format_date(date(year, month, 1), "MMM") for month in range(1, 13)]


def _summary_label() -> str:
    """The summary row: the whole network (admin) or the promoter's members."""
    if current_user.has_role("admin"):
        return _("Netzwerk gesamt")
    return _("Ihre Kommunen gesamt")


def _tables(year: int):
    """The year's tables for the current user's members (404 for years without figures)."""
    if not reports.valid_year(year):
        abort(404)
    members = reports.report_members(current_user, year)
    return members, reports.year_tables(year, members, _summary_label())


@bp.get("/")
@promoter_required
def index():
    """This year's report; a year chosen in the form goes to its page."""
    chosen = request.args.get("jahr", type=int)
    if chosen is not None:
        return redirect(url_for("reports.year", year=chosen))
    return year(berlin_today().year)


@bp.get("/<int:year>")
@promoter_required
def year(year: int):
    """Figures of a year: a chart of the summary and a table per figure."""
    return _year_page(
        "reports/year.html",
        year,
        years=range(berlin_today().year, reports.FIRST_YEAR - 1, -1),
        reached=_reached(year),
    )


@bp.get("/<int:year>/druck")
@promoter_required
def print_view(year: int):
    """The year's report for printing or saving as PDF (no navigation, all tables)."""
    return _year_page("reports/print.html", year, today=berlin_today())


def _year_page(template: str, year: int, **extra):
    """A page of the year's tables for the current user's members (404 without figures)."""
    members, tables = _tables(year)
    return render_template(
        template,
        year=year,
        members=members,
        tables=tables,
        months=_months(year),
        min_people=reports.MIN_PEOPLE,
        **extra,
    )


@bp.get("/<int:year>.csv")
@promoter_required
def csv_export(year: int):
    """The year's figures (or one month's: ?monat=11) as CSV."""
    month = request.args.get("monat", type=int)
    if month is not None and not 1 <= month <= 12:
        abort(404)
    _members, tables = _tables(year)
    name = f"kennzahlen-{year}" + (f"-{month:02d}" if month else "") + ".csv"
    return Response(
        csv_text(reports.csv_lines(tables, year, month)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _reached(year: int) -> int:
    """How many months of the year have begun."""
    today = berlin_today()
    return 12 if year < today.year else today.month
