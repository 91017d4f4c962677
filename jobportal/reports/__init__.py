"""Figures for the network and its funders: per member and month, without personal data.

This module is the package's public API: code outside the package imports from here.
"""

from .figures import (
    FIRST_YEAR,
    METRICS,
    MIN_PEOPLE,
    NOT_YET,
    SMALL,
    WITHHELD,
    Cell,
    Metric,
    Row,
    Table,
    csv_lines,
    report_members,
    shown,
    valid_year,
    year_tables,
)

__all__ = [
    "FIRST_YEAR",
    "Cell",
    "METRICS",
    "MIN_PEOPLE",
    "Metric",
    "NOT_YET",
    "Row",
    "SMALL",
    "Table",
    "WITHHELD",
    "csv_lines",
    "report_members",
    "shown",
    "valid_year",
    "year_tables",
]
