"""Figures for the network and its funders: per member and calendar month, no personal data.

Counts come from the database as it is (listings, returnee profiles, contact requests)
and from kept counters (views and apply clicks per listing and month, registrations per
event, which outlive the registrations deleted 30 days after the event). Months are calendar months
in Europe/Berlin. A listing belongs to its responsible member; a returnee profile (and
the contact requests it received) to the member of each desired home, so the summary
row counts each person once, not the sum of the rows.

Figures about people are never shown below five: such a cell reads "< 5". When a row's
total would let one hidden cell be worked out, the smallest other cell is withheld too
("x"). Profiles and contact requests that were deleted (right to erasure) no longer
count, also in past months.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from sqlalchemy import and_, func, select

from ..core.clock import BERLIN, berlin_today
from ..core.extensions import db
from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models import (
    ContactRequest,
    DesiredHome,
    Event,
    Job,
    JobState,
    ListingMonth,
    Member,
    ReturneeProfile,
    member_places,
)
from ..places import members_during

MIN_PEOPLE = 5
SMALL = "< 5"
WITHHELD = "x"
NOT_YET = "–"
FIRST_YEAR = 2014  # the oldest network (Wachstumsregion Dresden) was founded in 2014
ALL = None  # key of the summary row


@dataclass(frozen=True)
class Metric:
    """One figure: German label, whether it counts people, where the counts come from."""

    key: str
    label: str
    people: bool
    # (_Scope) -> {(member id or ALL, month 1-12): set of counted things or int}
    source: Callable


@dataclass
class Cell:
    """One shown value: the number (None: month not reached yet) and its text."""

    value: int | None
    text: str

    @property
    def bar(self) -> int:
        """The value a chart may draw (0 when hidden or not reached)."""
        return self.value if self.text not in (SMALL, WITHHELD, NOT_YET) and self.value else 0


@dataclass
class Row:
    """A member (or the summary) with twelve months and the year's total."""

    label: str
    member_id: int | None
    cells: list
    total: Cell


@dataclass
class Table:
    """One metric for the year: a row per member and the summary row last."""

    metric: Metric
    rows: list = field(default_factory=list)

    @property
    def summary(self) -> Row:
        return self.rows[-1]


# --- counting -----------------------------------------------------------------------------


@dataclass
class _Scope:
    """What one report counts: a year and member ids; the members of each returnee
    profile's desired homes are read once per report, when a figure first needs them."""

    year: int
    members: set

    @cached_property
    def home_members(self) -> dict[int, set]:
        """{profile id: ids of the members responsible for its desired homes}."""
        responsible = _responsible_members()
        found = defaultdict(set)
        for profile_id, place_id in db.session.execute(
            select(DesiredHome.profile_id, DesiredHome.place_id)
        ):
            found[profile_id].add(responsible.get(place_id))
        return {profile_id: ids - {None} for profile_id, ids in found.items()}


def _month_of(moment) -> tuple[int, int]:
    """(year, month) of a UTC timestamp or a date, in Berlin time."""
    if isinstance(moment, datetime):
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(BERLIN)
    return moment.year, moment.month


def _window(year: int) -> tuple[datetime, datetime]:
    """UTC bounds safely around a Berlin calendar year (the buckets decide exactly)."""
    return datetime(year - 1, 12, 31, tzinfo=UTC), datetime(year + 1, 1, 2, tzinfo=UTC)


def _bucket(rows, year: int, wanted: set) -> dict:
    """{(member or ALL, month): set of ids} from (id, member id, moment) rows."""
    cells = defaultdict(set)
    for thing, member_id, moment in rows:
        if moment is None or member_id not in wanted:
            continue
        row_year, month = _month_of(moment)
        if row_year == year:
            cells[(member_id, month)].add(thing)
            cells[(ALL, month)].add(thing)
    return cells


def _listings(column, *conditions):
    """A source counting listings by their responsible member and the month of ``column``."""

    def source(scope: _Scope) -> dict:
        first, last = _window(scope.year)
        query = select(Job.id, Job.member_id, column).where(column >= first, column < last)
        return _bucket(db.session.execute(query.where(*conditions)), scope.year, scope.members)

    return source


def _counter(column):
    """A source summing a monthly listing counter by the listing's member."""

    def source(scope: _Scope) -> dict:
        year = scope.year
        query = (
            select(Job.member_id, ListingMonth.month, func.sum(column))
            .join(Job, Job.id == ListingMonth.job_id)
            .where(ListingMonth.month >= date(year, 1, 1), ListingMonth.month <= date(year, 12, 1))
            .group_by(Job.member_id, ListingMonth.month)
        )
        cells = defaultdict(int)
        for member_id, month, total in db.session.execute(query):
            if member_id in scope.members:
                cells[(member_id, month.month)] += int(total or 0)
                cells[(ALL, month.month)] += int(total or 0)
        return cells

    return source


def _responsible_members() -> dict[int, int]:
    """{place id: member id}: the member responsible for a place (municipality before
    district)."""
    query = select(member_places.c.place_id, Member.id, Member.kind).join(
        Member, Member.id == member_places.c.member_id
    )
    found = {}
    for place_id, member_id, kind in sorted(db.session.execute(query), key=lambda r: r[2]):
        found.setdefault(place_id, member_id)  # "district" sorts before "municipality"
        if kind == "municipality":
            found[place_id] = member_id
    return found


def _people(select_rows):
    """A source counting profiles (or their contact requests) per member of each desired
    home; ``select_rows(first, last)`` gives (counted id, profile id, moment) rows."""

    def source(scope: _Scope) -> dict:
        first, last = _window(scope.year)
        home_members = scope.home_members
        rows = []
        for thing, profile_id, moment in db.session.execute(select_rows(first, last)):
            rows.extend(
                (thing, member_id, moment) for member_id in home_members.get(profile_id, ())
            )
        return _bucket(rows, scope.year, scope.members)

    return source


def _profiles_created(first, last):
    created = ReturneeProfile.created_at
    query = select(ReturneeProfile.id, ReturneeProfile.id, created)
    return query.where(created >= first, created < last)


def _profiles_returning(first, last):
    month = ReturneeProfile.return_month
    query = select(ReturneeProfile.id, ReturneeProfile.id, month)
    return query.where(month >= first.date(), month < last.date())


def _contacts(column):
    def rows(first, last):
        query = select(ContactRequest.id, ContactRequest.profile_id, column)
        return query.where(column >= first, column < last)

    return rows


def _registrations(scope: _Scope) -> dict:
    """Event registrations (kept counts) by the event's member and month."""
    year = scope.year
    first, last = _window(year)
    query = select(Event.member_id, Event.starts_at, Event.registered).where(
        Event.starts_at >= first, Event.starts_at < last
    )
    cells = defaultdict(int)
    for member_id, starts_at, registered in db.session.execute(query):
        row_year, month = _month_of(starts_at)
        if row_year == year and member_id in scope.members:
            cells[(member_id, month)] += registered or 0
            cells[(ALL, month)] += registered or 0
    return cells


METRICS = [
    Metric(
        "listings_posted",
        _l("Eingestellte Stellenanzeigen"),
        False,
        _listings(func.coalesce(Job.submitted_at, Job.published_at)),
    ),
    Metric(
        "listings_published",
        _l("Veröffentlichte Stellenanzeigen"),
        False,
        _listings(Job.published_at),
    ),
    Metric(
        "listings_filled",
        _l("Besetzte Stellen"),
        False,
        _listings(Job.ended_at, Job.state == JobState.FILLED.value),
    ),
    Metric(
        "filled_via_portal",
        _l("davon laut Arbeitgeber über das Portal besetzt"),
        False,
        _listings(
            Job.ended_at, and_(Job.state == JobState.FILLED.value, Job.filled_via_portal.is_(True))
        ),
    ),
    Metric("views", _l("Aufrufe von Stellenanzeigen"), True, _counter(ListingMonth.views)),
    Metric(
        "apply_clicks",
        _l("Klicks auf „Jetzt bewerben“"),
        True,
        _counter(ListingMonth.apply_clicks),
    ),
    Metric(
        "profiles_created",
        _l("Neue Rückkehrprofile (nach Wunschort)"),
        True,
        _people(_profiles_created),
    ),
    Metric(
        "profiles_returning",
        _l("Rückkehrprofile nach geplantem Rückkehrmonat"),
        True,
        _people(_profiles_returning),
    ),
    Metric(
        "contacts_made",
        _l("Kontaktanfragen aus dem Talentpool"),
        True,
        _people(_contacts(ContactRequest.created_at)),
    ),
    Metric(
        "contacts_answered",
        _l("Beantwortete Kontaktanfragen"),
        True,
        _people(_contacts(ContactRequest.answered_at)),
    ),
    Metric("event_registrations", _l("Anmeldungen zu Veranstaltungen"), True, _registrations),
]


# --- showing ------------------------------------------------------------------------------


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def shown(values: list, people: bool) -> tuple[list[Cell], Cell]:
    """Cells for twelve monthly values (None: not reached yet) and the total, with the
    rule for people: below five reads "< 5"; a single hidden cell in a row with a shown
    total takes the smallest shown cell with it ("x")."""
    total = sum(v for v in values if v is not None)
    cells = [
        Cell(v, NOT_YET if v is None else SMALL if people and v < MIN_PEOPLE else _number(v))
        for v in values
    ]
    total_cell = Cell(total, SMALL if people and total < MIN_PEOPLE else _number(total))
    hidden = [c for c in cells if c.text == SMALL]
    if people and total_cell.text != SMALL and len(hidden) == 1:
        candidates = [c for c in cells if c.value is not None and c.text not in (SMALL, WITHHELD)]
        if candidates:
            min(candidates, key=lambda c: c.value).text = WITHHELD
    return cells, total_cell


def report_members(user, year: int) -> list[Member]:
    """The members a user reports on: all of the year (admin), else the promoter's own."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    members = members_during(first, last)
    if user.has_role("admin"):
        return members
    own = {m.id for m in user.members}
    return [m for m in members if m.id in own]


def year_tables(year: int, members: list[Member], summary_label: str) -> list[Table]:
    """One table per metric: a row per member, the summary row (each thing once) last."""
    today = berlin_today()
    reached = 12 if year < today.year else (today.month if year == today.year else 0)
    scope = _Scope(year, {m.id for m in members})
    tables = []
    for metric in METRICS:
        counts = metric.source(scope)
        table = Table(metric)
        for member_id, label in [(m.id, m.name) for m in members] + [(ALL, summary_label)]:
            values = []
            for month in range(1, 13):
                found = counts.get((member_id, month), 0)
                value = len(found) if isinstance(found, set) else int(found)
                values.append(value if month <= reached else None)
            cells, total = shown(values, metric.people)
            table.rows.append(Row(label, member_id, cells, total))
        tables.append(table)
    return tables


def valid_year(year: int) -> bool:
    """Years with figures: since the first network was founded, up to this year."""
    return FIRST_YEAR <= year <= berlin_today().year


def csv_lines(tables: list[Table], year: int, month: int | None = None) -> list[list[str]]:
    """Rows for the CSV export (German headers), one per metric, member and month."""
    lines = [[_("Kennzahl"), _("Kommune"), _("Monat"), _("Wert")]]
    for table in tables:
        for row in table.rows:
            months = [month] if month else range(1, 13)
            for m in months:
                cell = row.cells[m - 1]
                lines.append([str(table.metric.label), row.label, f"{m:02d}.{year}", cell.text])
            if not month:
                lines.append([str(table.metric.label), row.label, f"{year}", row.total.text])
    return lines
