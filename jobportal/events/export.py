"""The organiser's list of registrations as CSV for Excel (core.tabular's csv_text).

Semicolon-separated (German Excel's list separator), UTF-8 with a byte order mark (else
Excel reads umlauts as Latin-1), CRLF line ends. Cells that a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe
(OWASP "CSV injection").
"""

from ..core.clock import BERLIN
from ..core.formats import datetime_de
from ..core.tabular import csv_text
from ..core.translation import gettext as _
from ..models import Event
from .registration import confirmed_registrations


def registrations_csv(event: Event) -> bytes:
    """The confirmed registrations of an event: name, address, when, with an account."""
    header = [_("Name"), _("E-Mail-Adresse"), _("Angemeldet am"), _("Mit Konto")]
    rows = [
        (reg.name, reg.email, datetime_de(reg.confirmed_at), _("ja") if reg.user_id else _("nein"))
        for reg in confirmed_registrations(event)
    ]
    return csv_text([header, *rows]).encode("utf-8")


def csv_filename(event: Event) -> str:
    """anmeldungen-<id>-<yyyy-mm-dd>.csv"""
    day = event.starts_at.astimezone(BERLIN).date().isoformat()
    return f"anmeldungen-{event.id}-{day}.csv"
