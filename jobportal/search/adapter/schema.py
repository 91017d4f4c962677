"""The Whoosh schema of job documents and how a listing becomes a document."""

import re
from datetime import UTC, date, datetime

from whoosh.columns import NumericColumn, RefBytesColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import german_analyzer, spelling_analyzer, title_gram_analyzer
from .formats import GramFrequency, ShortPositions, WordPairs

CURSOR_DOC_ID = "__cursor__"
KIND_JOB = "job"
KIND_META = "meta"
TITLE_BOOST = 2.0
EPOCH = date(1970, 1, 1)

# Fields that filters and facets read from columns (one value per doc, several for
# employment_type, member, place and postal_code, separated by commas).
FACET_FIELDS = ("employment_type", "working_model", "sector", "member", "salary_given", "english")
# Yes/no facets: "1" or "0" per document, filtered by a bool in SearchParams.
FLAG_FIELDS = ("salary_given", "english")
# Integer columns: minutes (published), days (ends) and microdegrees (lat, lon: the
# main place).
INT_FIELDS = ("published", "ends", "lat", "lon")
# A bytes column with every work place's microdegrees ("lat,lon;lat,lon") when a listing
# has more than one place (else empty): the distance is to the nearest of them.
POINTS_FIELD = "points"


def _facet_id():
    """An indexed ID field with a column for filters and facet counts."""
    return ID(sortable=RefBytesColumn())


def _value_list():
    """Several values separated by commas, indexed, with a column for filters and facets."""
    return KEYWORD(commas=True, sortable=RefBytesColumn())


def _int_column():
    """A column-only signed 32-bit integer (never a float NUMERIC: see DESIGN.md)."""
    return COLUMN(NumericColumn("i", default=0))


def _unscored(field):
    """A field that matches but has no length norms (cheaper to write; Whoosh then
    scores its terms by frequency and boost)."""
    field.scorable = False
    return field


def _german_text(stored: bool = True, field_boost: float = 1.0) -> TEXT:
    """A German TEXT field with positions, indexed by the fast path of formats.py."""
    field = TEXT(analyzer=german_analyzer(), stored=stored, field_boost=field_boost)
    field.format = ShortPositions(field_boost=field_boost)
    return field


def _title_grams() -> TEXT:
    """The title's edge n-grams: frequencies only, no norms, fast path of formats.py."""
    field = _unscored(TEXT(analyzer=title_gram_analyzer(), phrase=False))
    field.format = GramFrequency()
    return field


def _word_pairs() -> TEXT:
    """Each two consecutive terms of a German text as one term (phrases of two words)."""
    field = _unscored(TEXT(analyzer=german_analyzer(), phrase=False))
    field.format = WordPairs()
    return field


# The field that holds the word pairs of a phrase field. Titles only: the pairs of the
# descriptions would nearly double the postings of a rebuild (82 pairs per listing next to
# 75 terms), pushing each writer's posting pool past its memory limit at 100,000 listings.
PAIR_FIELDS = {"title": "title_pairs"}


def build_schema() -> Schema:
    """The schema of the job index."""
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(sortable=RefBytesColumn()),
        title=_german_text(field_boost=TITLE_BOOST),
        title_ngram=_title_grams(),
        title_pairs=_word_pairs(),
        description=_german_text(),
        company=_german_text(),
        spell=_unscored(TEXT(analyzer=spelling_analyzer(), phrase=False)),
        place=_value_list(),
        postal_code=_value_list(),
        member=_value_list(),
        employment_type=_value_list(),
        working_model=_facet_id(),
        sector=_facet_id(),
        salary_given=_facet_id(),
        partner=_facet_id(),
        english=_facet_id(),
        published=_int_column(),
        ends=_int_column(),
        lat=_int_column(),
        lon=_int_column(),
        points=COLUMN(VarBytesColumn()),
        meta=STORED(),
    )


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`#|~]+|^\s*(?:>+|[-+]|\d+\.)\s+", re.MULTILINE)


def plain_description(markdown_text: str, limit: int = 20_000) -> str:
    """Markdown reduced to plain text quickly (links keep their text, marks go)."""
    text = _MD_LINK.sub(r"\1", (markdown_text or "")[:limit])
    return " ".join(_MD_MARKS.sub(" ", text).split())


def epoch_minutes(moment: datetime | None) -> int:
    """Minutes since 1970 (UTC) for the published column; 0 when unknown."""
    if moment is None:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() // 60)


def epoch_days(day: date | None) -> int:
    """Days since 1970 for the ends column; 0 when unknown."""
    return (day - EPOCH).days if day else 0


def micro(degrees: float | None) -> int:
    """Degrees as integer microdegrees."""
    return round(degrees * 1_000_000) if degrees is not None else 0


def _joined(values) -> str:
    """Distinct non-empty values as a comma list, in order."""
    return ",".join(dict.fromkeys(str(v) for v in values if v not in (None, "")))


def encode_points(spots) -> bytes:
    """Microdegree pairs of several places as the points column value (one or none: b"")."""
    pairs = [(micro(s.lat), micro(s.lon)) for s in spots if s is not None and s.lat is not None]
    pairs = list(dict.fromkeys(pairs))
    return ";".join(f"{lat},{lon}" for lat, lon in pairs).encode() if len(pairs) > 1 else b""


def decode_points(raw: bytes) -> list[tuple[int, int]]:
    """The microdegree pairs of a points column value."""
    if not raw:
        return []
    return [tuple(int(n) for n in pair.split(",")) for pair in raw.decode().split(";")]


def job_document(job) -> dict:
    """The index document of a public listing (company, place and other places loaded):
    place, postal code and member list every work place; points their coordinates."""
    company = job.display_employer or ""
    place = job.place
    others = [link for link in getattr(job, "other_places", ()) or () if link.place is not None]
    spots = [place, *(link.place for link in others)]
    return {
        "id": str(job.id),
        "kind": KIND_JOB,
        "title": job.title,
        "title_ngram": job.title,
        "title_pairs": job.title,
        "description": plain_description(job.description),
        "company": company,
        "spell": f"{job.title} {company}",
        "place": _joined([job.place_id, *(link.place_id for link in others)]),
        "postal_code": _joined(s.postal_code for s in spots if s is not None),
        "member": _joined([job.member_id, *(link.member_id for link in others)]),
        "employment_type": ",".join(job.employment_types or []),
        "working_model": job.working_model or "",
        "sector": job.sector or "",
        "salary_given": "1" if (job.salary_min or job.salary_max) else "0",
        "partner": "1" if getattr(job, "source", "") == "partner" else "0",
        "english": "1" if getattr(job, "english_ok", False) else "0",
        "published": epoch_minutes(job.published_at or job.created_at),
        "ends": epoch_days(job.ends_on),
        "lat": micro(place.lat if place else None),
        "lon": micro(place.lon if place else None),
        "points": encode_points(spots),
    }


def known_fields(schema, document: dict) -> dict:
    """The document without fields ``schema`` lacks (an index built before a field was
    added keeps working until `flask index rebuild`)."""
    return {key: value for key, value in document.items() if key in schema}


def cursor_document(last_id: int) -> dict:
    """The special document that carries the indexer's cursor inside the index."""
    return {
        "id": CURSOR_DOC_ID,
        "kind": KIND_META,
        "meta": {"last_applied_id": int(last_id), "written_at": datetime.now(UTC).isoformat()},
    }
