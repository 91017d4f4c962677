"""The organiser's list of registrations as CSV for Excel.

Semicolon-separated (German Excel's list separator), UTF-8 with a byte order mark (else
Excel reads umlauts as Latin-1), CRLF line ends. Cells that a spreadsheet would run as a
formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe
(OWASP "CSV injection").
"""

import csv
import io

from ..core.clock import BERLIN
from ..core.formats import datetime_de
from ..core.translation import gettext as _
from ..models import Event
from .registration import confirmed_registrations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as a cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def registrations_csv(event: Event) -> bytes:
    """The confirmed registrations of an event: name, address, when, with an account."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Name"), _("E-Mail-Adresse"), _("Angemeldet am"), _("Mit Konto")])
    for reg in confirmed_registrations(event):
        when = datetime_de(reg.confirmed_at)
        account = _("ja") if reg.user_id else _("nein")
        writer.writerow([csv_cell(v) for v in (reg.name, reg.email, when, account)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_filename(event: Event) -> str:
    """anmeldungen-<id>-<yyyy-mm-dd>.csv"""
    day = event.starts_at.astimezone(BERLIN).date().isoformat()
    return f"anmeldungen-{event.id}-{day}.csv"
