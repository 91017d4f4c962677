"""The PostgreSQL full-text peer of bench/search.py: the same listings, the same searches.

A ``german`` tsvector with weights (title A, company B, description C) as a stored
generated column with a GIN index, ``ts_rank_cd`` for the order, ``ts_headline`` for the
title and a snippet of the 20 hits shown, ``plainto_tsquery`` for words (AND),
``phraseto_tsquery`` for phrases, counts and facet GROUP BYs over a temp table of the
matches (like the FTS5 peer), and for the radius a bounding box on indexed lat/lon
plus the exact haversine distance. psycopg's automatic prepared statements are off
(``prepare_threshold=None``): generic plans made its radius query ~20x slower.

The server is a throwaway cluster made by scripts/with_postgres.sh, which bench/search.py
wraps itself in (``--pg``); it is stopped and deleted when the bench ends.
"""

import math
import time

import corpus
import psycopg

from jobportal.core.geometry import EARTH_RADIUS_KM
from jobportal.search import job_document

SCHEMA = """
DROP TABLE IF EXISTS jobs;
CREATE TABLE jobs (
    id integer PRIMARY KEY, place integer, lat float8, lon float8, working_model text,
    sector text, member text, salary_given text, published integer, ends integer,
    employment_types text[], title text, description text, company text,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', title), 'A')
        || setweight(to_tsvector('german', coalesce(company, '')), 'B')
        || setweight(to_tsvector('german', description), 'C')
    ) STORED
);
"""
INDEXES = """
CREATE INDEX jobs_tsv ON jobs USING gin (tsv);
CREATE INDEX jobs_lat_lon ON jobs (lat, lon);
CREATE INDEX jobs_ends ON jobs (ends);
ANALYZE jobs;
"""
HEADLINE = "StartSel=<mark>, StopSel=</mark>"
SNIPPET = f"{HEADLINE}, MaxFragments=1, MaxWords=30, MinWords=10"
HITS_SQL = f"""SELECT id, ts_headline('german', title, q, '{HEADLINE}, HighlightAll=true'),
    ts_headline('german', description, q, '{SNIPPET}')
    FROM (SELECT j.id, j.title, j.description, q FROM jobs j, {{fn}}('german', %(q)s) q
          WHERE j.tsv @@ q AND j.ends >= %(today)s {{extra}}
          ORDER BY ts_rank_cd(j.tsv, q) DESC, j.id LIMIT 20 OFFSET %(offset)s) top"""
WHERE = {
    "employment_type": "%(employment_type)s = ANY(j.employment_types)",
    "sector": "j.sector = %(sector)s",
    "working_model": "j.working_model = %(working_model)s",
}
FACETS = ("working_model", "sector", "member", "salary_given")


def connect(url: str) -> psycopg.Connection:
    """An autocommit connection without automatic prepared statements."""
    url = url.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(url, autocommit=True, prepare_threshold=None)


def build_pg(items, url: str) -> tuple[psycopg.Connection, float]:
    """The listings in PostgreSQL (COPY, generated tsvector, GIN); (conn, seconds)."""
    started = time.perf_counter()
    conn = connect(url)
    conn.execute(SCHEMA)
    columns = "id, place, lat, lon, working_model, sector, member, salary_given, published, "
    columns += "ends, employment_types, title, description, company"
    with conn.cursor() as cur, cur.copy(f"COPY jobs ({columns}) FROM STDIN") as copy:
        for item in items:
            n = item["id"]
            doc = job_document(corpus._as_job(n, item, item["place_id"], item["member_id"]))
            copy.write_row((
                n, item["place_id"], item["place"]["lat"], item["place"]["lon"],
                item["working_model"], item["sector"], str(item["member_id"]),
                "1" if item["salary_min"] else "0", doc["published"], doc["ends"],
                list(item["employment_types"]), item["title"], doc["description"],
                item["company"] or "",
            ))  # fmt: skip
    conn.execute(INDEXES)
    conn.execute("CREATE TEMP TABLE m (id integer PRIMARY KEY)")
    return conn, time.perf_counter() - started


def settle(conn) -> float:
    """Do now what PostgreSQL would do in the background after a bulk load (autovacuum
    of the new rows and the GIN index's pending entries, a checkpoint of the written
    pages), so that it does not compete for the CPU while the engines are measured.
    Not part of the build time; returns the seconds it took."""
    started = time.perf_counter()
    conn.execute("VACUUM (ANALYZE) jobs")
    conn.execute("CHECKPOINT")
    return time.perf_counter() - started


def _text(q: str) -> tuple[str, str]:
    """(tsquery function, text): a quoted phrase is a phrase, else all words."""
    if q.startswith('"'):
        return "phraseto_tsquery", q.strip('"')
    return "plainto_tsquery", q


def _page(conn, query: dict, today: int) -> int:
    """Search page: 20 hits, total, facet counts respecting the other filters."""
    fn, text = _text(query["q"])
    filters = {k: v[0] for k, v in query.items() if k in WHERE}
    conn.execute("TRUNCATE m")
    conn.execute(
        f"INSERT INTO m SELECT id FROM jobs, {fn}('german', %(q)s) q "
        "WHERE tsv @@ q AND ends >= %(today)s",
        {"q": text, "today": today},
    )

    def scope(skip=None) -> str:
        return " AND ".join(["true"] + [WHERE[k] for k in filters if k != skip])

    args = {"q": text, "today": today, **filters}
    extra = f"AND j.id IN (SELECT id FROM m) AND {scope()}"
    offset = (query.get("page", 1) - 1) * 20
    conn.execute(HITS_SQL.format(fn=fn, extra=extra), {**args, "offset": offset}).fetchall()
    base = "FROM m JOIN jobs j ON j.id = m.id WHERE "
    total = conn.execute(f"SELECT count(*) {base}{scope()}", args).fetchone()[0]
    unnest = "FROM m JOIN jobs j ON j.id = m.id CROSS JOIN LATERAL unnest(j.employment_types) t"
    conn.execute(f"SELECT t, count(*) {unnest} WHERE {scope('employment_type')} GROUP BY 1", args)
    for name in FACETS:
        conn.execute(f"SELECT j.{name}, count(*) {base}{scope(name)} GROUP BY 1", args).fetchall()
    cut = [(today - d) * 1440 for d in (1, 7, 30)]
    conn.execute(
        "SELECT count(*) FILTER (WHERE j.published >= %(c1)s), "
        "count(*) FILTER (WHERE j.published >= %(c7)s), "
        f"count(*) FILTER (WHERE j.published >= %(c30)s) {base}{scope()}",
        {**args, "c1": cut[0], "c7": cut[1], "c30": cut[2]},
    ).fetchone()
    return total


RADIUS_SQL = f"""SELECT id, dist FROM (
    SELECT id, 2 * {EARTH_RADIUS_KM} * asin(sqrt(
        power(sin(radians(lat - %(lat)s) / 2), 2)
        + cos(radians(%(lat)s)) * cos(radians(lat)) * power(sin(radians(lon - %(lon)s) / 2), 2)
    )) AS dist
    FROM jobs, plainto_tsquery('german', %(q)s) q
    WHERE tsv @@ q AND ends >= %(today)s
      AND lat BETWEEN %(lat0)s AND %(lat1)s AND lon BETWEEN %(lon0)s AND %(lon1)s
) near WHERE dist <= %(km)s ORDER BY dist, id LIMIT 20"""


def _radius(conn, query: dict, today: int, km: float = 25.0) -> int:
    """Keyword within 25 km, nearest first: bounding box + haversine, then headlines."""
    lat, lon = query["origin"]
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-9)
    args = {"q": query["q"], "today": today, "lat": lat, "lon": lon, "km": km}
    args.update(lat0=lat - dlat, lat1=lat + dlat, lon0=lon - dlon, lon1=lon + dlon)
    rows = conn.execute(RADIUS_SQL, args).fetchall()
    ids = [r[0] for r in rows] or [0]
    conn.execute(
        f"SELECT id, ts_headline('german', title, q, '{HEADLINE}'), "
        f"ts_headline('german', description, q, '{SNIPPET}') "
        "FROM jobs, plainto_tsquery('german', %(q)s) q WHERE id = ANY(%(ids)s)",
        {"q": query["q"], "ids": ids},
    ).fetchall()
    return len(rows)


def run_pg(kind: str, query: dict, conn, today: int) -> int:
    """The same search against PostgreSQL; returns the number of hits fetched (or total)."""
    if kind == "search_page":
        return _page(conn, query, today)
    if kind == "radius_distance":
        return _radius(conn, query, today)
    fn, text = _text(query["q"])
    sql = HITS_SQL.format(fn=fn, extra="")
    return len(conn.execute(sql, {"q": text, "today": today, "offset": 0}).fetchall())
