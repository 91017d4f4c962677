"""Time: the database keeps UTC; days and display follow Europe/Berlin."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def berlin_today() -> date:
    """Today's date in Europe/Berlin (the default day for membership questions)."""
    return datetime.now(BERLIN).date()
