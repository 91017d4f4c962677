"""Search parameters: parsing, normalising and serialising what a job search asks for.

One normal form serves the search page, the JSON API, the Atom feed and saved searches:
``parse_search(args)`` turns a MultiDict (or a plain dict) into a ``SearchQuery`` plus
notices about ignored values (``strict=True``, for the API, raises ``InvalidParameter``
naming the parameter instead). ``canonical_dict`` / ``to_query_string`` write a query
back, so the URL holds the whole search and a saved search stores exactly the same
values; ``query_from_dict`` reads them again. Where the search looks and what the
search core gets: search_place.py. No Flask request in here: plain values in, plain
values out.
"""

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from ..core.translation import gettext as _
from ..core.translation import lazy_gettext as _l
from ..models.jobs import EMPLOYMENT_TYPES, SECTORS, WORKING_MODELS

RADII = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25
PUBLISHED_WITHIN = (1, 7, 30)
SORTS = ("relevance", "date", "distance")
MAX_Q = 2000
MAX_WHERE = 120
PAGE_SIZE = 20
MAX_PER_PAGE = 100
MAX_RESULTS = 10_000  # the deepest hit anyone can page to (as in the search core)
CHOICES = {
    "employment_type": tuple(EMPLOYMENT_TYPES),
    "working_model": tuple(WORKING_MODELS),
    "sector": tuple(SECTORS),
}
MULTI_FIELDS = ("employment_type", "working_model", "sector", "member")
# Parameters whose value must not be empty in strict parsing (an empty value is not "absent")
NON_EMPTY = (*MULTI_FIELDS, "radius_km", "published_within", "salary_given", "english")
NON_EMPTY += ("sort", "page", "per_page")
_TRUE = {"1", "true", "on", "yes", "y", "ja"}
_FALSE = {"0", "false", "off", "no", "n", "nein"}
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class InvalidParameter(ValueError):
    """A search parameter the strict (API) parser refuses; ``param`` names it."""

    def __init__(self, param: str, message: str):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


@dataclass(frozen=True)
class Notice:
    """A value the lenient parser ignored or changed (German text for the user)."""

    param: str
    message: str


@dataclass(frozen=True)
class SearchQuery:
    """A normalised job search; defaults mean "not restricted"."""

    q: str = ""
    where: str = ""
    radius_km: int | None = None  # set (default 25) exactly when ``where`` is
    employment_type: tuple = ()
    working_model: tuple = ()
    sector: tuple = ()
    member: tuple = ()  # member slugs
    published_within: int | None = None  # days
    salary_given: bool = False
    english: bool = False  # only English-speaking workplaces
    sort: str = "relevance"
    page: int = 1
    per_page: int = PAGE_SIZE

    @property
    def has_place(self) -> bool:
        """Whether the search is around a place."""
        return bool(self.where)

    @property
    def is_blank(self) -> bool:
        """No text, place or filter: the search lists every public job."""
        return not canonical_dict(replace(self, sort="relevance"))

    def active_filters(self) -> list[tuple[str, object]]:
        """(parameter, value) of every active filter value, for "remove this" links."""
        found = [(name, value) for name in MULTI_FIELDS for value in getattr(self, name)]
        if self.published_within:
            found.append(("published_within", self.published_within))
        if self.salary_given:
            found.append(("salary_given", True))
        if self.english:
            found.append(("english", True))
        return found

    def without(self, param: str, value=None) -> "SearchQuery":
        """The query without one filter value (or a whole parameter), on page 1."""
        if param in MULTI_FIELDS and value is not None:
            kept = tuple(v for v in getattr(self, param) if v != value)
            return replace(self, page=1, **{param: kept})
        if param == "where":
            sort = "relevance" if self.sort == "distance" else self.sort
            return replace(self, where="", radius_km=None, sort=sort, page=1)
        default = {f.name: f.default for f in fields(self)}[param]
        return replace(self, page=1, **{param: default})

    def changed(self, **changes) -> "SearchQuery":
        """The query with other values; back to page 1 unless a page is given."""
        changes.setdefault("page", 1)
        return replace(self, **changes)


def clean_text(value, limit: int | None = None) -> str:
    """NFC text without control or invisible formatting characters, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = " ".join(_INVISIBLE.sub(" ", text).split())
    return text[:limit] if limit else text


class _Parser:
    """Collects notices (lenient) or raises on the first problem (strict)."""

    def __init__(self, args, strict: bool, member_slugs):
        self.args = args
        self.strict = strict
        self.member_slugs = member_slugs
        self.notices: list[Notice] = []

    def problem(self, param: str, message: str, lenient: str | None = None) -> None:
        """Refuse with ``message``, what is wrong (strict), or note ``lenient`` (or it).
        The messages may be lazy (parse_search's): translated here, only when needed."""
        if self.strict:
            raise InvalidParameter(param, str(message))
        self.notices.append(Notice(param, str(lenient or message)))

    def refuse_empty(self) -> None:
        """Strict parsing: an empty value of a constrained parameter is an error."""
        for name in NON_EMPTY:
            if any(str(value).strip() == "" for value in _values(self.args, name)):
                self.problem(
                    name, _("Der Wert ist leer; geben Sie einen Wert an oder lassen Sie ihn weg.")
                )

    def one(self, name: str) -> str:
        """The first value of a parameter, stripped ('' when absent)."""
        value = _values(self.args, name)
        return str(value[0]).strip() if value else ""

    def text(self, name: str, limit: int, message: str, repair: str, cut: bool = True) -> str:
        """A cleaned text; over ``limit``: cut or dropped (lenient), refused (strict)."""
        text = clean_text(self.one(name))
        if len(text) > limit:
            self.problem(name, message, f"{message} {repair}")
            text = clean_text(text[:limit]) if cut else ""
        return text

    def number(self, name: str, allowed, message: str) -> int | None:
        """An integer from ``allowed`` (a container), None when absent or invalid."""
        raw = self.one(name)
        if not raw:
            return None
        number = int(raw) if re.fullmatch(r"[0-9]{1,7}", raw) else None
        if number is None or number not in allowed:
            self.problem(name, message)
            return None
        return number

    def choices(self, name: str, allowed) -> tuple:
        """Known values of a repeatable parameter, each once, in ``allowed``'s order."""
        given = {str(v).strip() for v in _values(self.args, name)} - {""}
        if given - set(allowed):
            self.problem(
                name,
                _("Unbekannter Wert; möglich sind: %(allowed)s.", allowed=", ".join(allowed)),
                _("Unbekannter Filterwert; er wurde ignoriert."),
            )
        return tuple(value for value in allowed if value in given)

    def flag(self, name: str, message: str, lenient: str) -> bool:
        """A checkbox: true for 1/true/on/yes."""
        raw = self.one(name).lower()
        if raw and raw not in _TRUE | _FALSE:
            self.problem(name, message, lenient)
        return raw in _TRUE


def _values(args, name: str) -> list:
    """All values of a parameter of a MultiDict or a plain dict (lists allowed)."""
    if hasattr(args, "getlist"):
        return args.getlist(name)
    value = args.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _members(parser: _Parser) -> tuple:
    """Member slugs: known ones (active members), or well-formed ones if none are given."""
    given = [str(v).strip() for v in _values(parser.args, "member") if str(v).strip()]
    known = parser.member_slugs
    valid = [s for s in given if (s in known if known is not None else _SLUG.fullmatch(s))]
    if len(valid) < len(given):
        choices = _("; möglich sind: %(known)s", known=", ".join(known)) if known else ""
        parser.problem(
            "member",
            _(
                "Unbekannte Stadt oder Gemeinde (Kürzel einer Mitgliedskommune)%(choices)s.",
                choices=choices,
            ),
            _("Unbekannte Stadt oder Gemeinde; dieser Filter wurde entfernt."),
        )
    chosen = set(valid)
    order = list(known) if known is not None else sorted(chosen)
    return tuple(slug for slug in order if slug in chosen)


def _paging(parser: _Parser, api: bool) -> tuple[int, int]:
    """(page, per_page): the API may choose 1-100 per page, the page shows 20."""
    per_page = PAGE_SIZE
    if api:
        per_page = (
            parser.number(
                "per_page",
                range(1, MAX_PER_PAGE + 1),
                _("Erlaubt sind 1 bis %(n)s Treffer pro Seite.", n=MAX_PER_PAGE),
            )
            or PAGE_SIZE
        )
    last = MAX_RESULTS // per_page
    raw = parser.one("page")
    page = int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else None
    if raw and (page is None or page < 1):
        parser.problem(
            "page",
            _("Ungültige Seitenzahl; erlaubt sind ganze Zahlen ab 1."),
            _("Ungültige Seitenzahl; wir zeigen die erste Seite."),
        )
        page = None
    elif page is not None and page > last:
        parser.problem("page", _("Es lassen sich höchstens %(last)s Seiten abrufen.", last=last))
        page = last
    return page or 1, per_page


def _sort(parser: _Parser, where: str) -> str:
    """relevance (default), date or distance (only around a place)."""
    sort = parser.one("sort") or "relevance"
    if sort not in SORTS:
        parser.problem(
            "sort",
            _("Unbekannte Sortierung; möglich sind: %(sorts)s.", sorts=", ".join(SORTS)),
            "Unbekannte Sortierung; wir sortieren nach Relevanz.",
        )
        return "relevance"
    if sort == "distance" and not where:
        parser.problem("sort", _("Nach Entfernung lässt sich nur mit einem Ort sortieren."))
        return "relevance"
    return sort


def _flags(p: _Parser) -> tuple[bool, bool]:
    """(salary given, English-speaking workplace): the two checkbox filters."""
    salary = p.flag(
        "salary_given",
        _l(
            "Ungültige Angabe zum Gehalt; möglich sind 1, true, on, yes (nur mit Gehalt) "
            "oder 0, false, off, no."
        ),
        _l("Ungültige Angabe zum Gehalt; sie wurde ignoriert."),
    )
    english = p.flag(
        "english",
        _l(
            "Ungültige Angabe zur Arbeitssprache; möglich sind 1, true, on, yes "
            "(nur englischsprachige Arbeitsplätze) oder 0, false, off, no."
        ),
        _l("Ungültige Angabe zur Arbeitssprache; sie wurde ignoriert."),
    )
    return salary, english


def parse_search(args, strict: bool = False, api: bool = False, member_slugs=None):
    """(SearchQuery, notices) from request-like args; ``strict`` raises InvalidParameter.

    ``member_slugs``: the valid member slugs in display order (e.g. of
    regions.active_members()); None accepts any well-formed slug.
    """
    p = _Parser(args, strict, member_slugs)
    if strict:
        p.refuse_empty()
    q = p.text(
        "q",
        MAX_Q,
        _l("Die Suche ist zu lang (höchstens %(n)s Zeichen).", n=MAX_Q),
        _l("Wir verwenden die ersten %(n)s Zeichen.", n=MAX_Q),
    )
    long_place = _l("Der Ort ist zu lang (höchstens %(n)s Zeichen).", n=MAX_WHERE)
    where = p.text("where", MAX_WHERE, long_place, _l("Wir suchen ohne Ort."), cut=False)
    radius = p.number(
        "radius_km", RADII, _l("Ungültiger Umkreis; möglich sind 5, 10, 25, 50 oder 100 km.")
    )
    filters = {name: p.choices(name, allowed) for name, allowed in CHOICES.items()}
    published = p.number(
        "published_within",
        PUBLISHED_WITHIN,
        _l("Ungültiger Zeitraum; möglich sind 1, 7 oder 30 Tage."),
    )
    salary, english = _flags(p)
    query = SearchQuery(
        q=q,
        where=where,
        radius_km=(radius or DEFAULT_RADIUS) if where else None,
        member=_members(p),
        published_within=published,
        salary_given=salary,
        english=english,
        sort=_sort(p, where),
        **filters,
    )
    page, per_page = _paging(p, api)
    return replace(query, page=page, per_page=per_page), p.notices


def canonical_dict(query: SearchQuery, paging: bool = False) -> dict:
    """The query's non-default values, in a fixed order (lists for repeatable filters).

    What a saved search stores and what the URL holds; ``paging`` adds page/per_page.
    """
    data = {}
    for f in fields(query):
        value = getattr(query, f.name)
        if f.name in ("page", "per_page") and not paging:
            continue
        if value == f.default or (f.name == "per_page" and value == PAGE_SIZE):
            continue
        data[f.name] = list(value) if isinstance(value, tuple) else value
    for flag in ("salary_given", "english"):
        if flag in data:
            data[flag] = 1
    return data


def to_query_string(query: SearchQuery | dict, paging: bool = True) -> str:
    """The URL query string of a search ('q=Pfleger&where=Kamenz&radius_km=25')."""
    data = query if isinstance(query, dict) else canonical_dict(query, paging=paging)
    return urlencode(data, doseq=True)


def query_from_dict(data: dict, member_slugs=None) -> SearchQuery:
    """A SearchQuery from a canonical dict (e.g. a saved search), leniently re-validated."""
    return parse_search(data or {}, member_slugs=member_slugs)[0]
