"""The SQLite FTS5 baseline of bench/search.py: the same listings, the same searches.

unicode61 with remove_diacritics 2 (no stemming), bm25 with the index's column weights,
highlight()/snippet() for the hits and GROUP BY facet counts over a temp table of matches.
"""

import re
import sqlite3
import time
from pathlib import Path

import corpus

from jobportal.core.geometry import haversine_km
from jobportal.search import job_document

FACETS = ("employment_type", "working_model", "sector", "member", "salary_given")


FTS_SCHEMA = """
CREATE TABLE jobs (id INTEGER PRIMARY KEY, place INTEGER, lat REAL, lon REAL,
    working_model TEXT, sector TEXT, member TEXT, salary_given TEXT, published INTEGER,
    ends INTEGER);
CREATE TABLE job_types (job INTEGER, employment_type TEXT);
CREATE INDEX job_types_job ON job_types (job);
CREATE VIRTUAL TABLE fts USING fts5(title, description, company,
    tokenize = 'unicode61 remove_diacritics 2');
"""


def build_fts(items, path: Path) -> tuple[sqlite3.Connection, float]:
    """The same listings in SQLite FTS5 plus a table for filters/facets; (conn, seconds)."""
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + FTS_SCHEMA)
    with conn:
        for item in items:
            n = item["id"]
            doc = job_document(corpus._as_job(n, item, item["place_id"], item["member_id"]))
            conn.execute(
                "INSERT INTO jobs VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    n,
                    item["place_id"],
                    item["place"]["lat"],
                    item["place"]["lon"],
                    item["working_model"],
                    item["sector"],
                    str(item["member_id"]),
                    "1" if item["salary_min"] else "0",
                    doc["published"],
                    doc["ends"],
                ),
            )
            conn.executemany(
                "INSERT INTO job_types VALUES (?, ?)", [(n, t) for t in item["employment_types"]]
            )
            conn.execute(
                "INSERT INTO fts (rowid, title, description, company) VALUES (?,?,?,?)",
                (n, item["title"], doc["description"], item["company"]),
            )
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    conn.commit()
    return conn, time.perf_counter() - started


def _fts_text(text: str) -> str:
    """An FTS5 MATCH expression: words ANDed, a quoted phrase kept a phrase."""
    if text.startswith('"'):
        return '"' + " ".join(re.findall(r"\w+", text)) + '"'
    return " AND ".join(f'"{w}"' for w in re.findall(r"\w+", text))


HITS_SQL = """SELECT j.id, highlight(fts, 0, '<mark>', '</mark>'),
    snippet(fts, 1, '<mark>', '</mark>', '…', 30)
    FROM fts JOIN jobs j ON j.id = fts.rowid WHERE fts MATCH ? AND j.ends >= ? {extra}
    ORDER BY bm25(fts, 4.0, 1.0, 1.5) LIMIT 20 OFFSET ?"""


def _fts_page(conn, query: dict, today: int) -> int:
    """Search page: 20 hits, total, facet counts respecting the other filters."""
    conn.execute("DELETE FROM temp.m")
    conn.execute(
        "INSERT INTO temp.m SELECT j.id FROM fts JOIN jobs j ON j.id = fts.rowid "
        "WHERE fts MATCH ? AND j.ends >= ?",
        (_fts_text(query["q"]), today),
    )
    filters = {k: v[0] for k, v in query.items() if k in FACETS}
    where = {
        "employment_type": "j.id IN (SELECT job FROM job_types WHERE employment_type = ?)",
        "sector": "j.sector = ?",
        "working_model": "j.working_model = ?",
    }

    def scope(skip=None):
        keys = [k for k in filters if k != skip]
        sql = " AND ".join(["1"] + [where[k] for k in keys])
        return sql, [filters[k] for k in keys]

    sql, args = scope()
    extra = f"AND {sql} AND j.id IN (SELECT id FROM temp.m)"
    offset = (query.get("page", 1) - 1) * 20
    hits = conn.execute(HITS_SQL.format(extra=extra), (_fts_text(query["q"]), today, *args, offset))
    hits.fetchall()
    base = "FROM temp.m JOIN jobs j ON j.id = temp.m.id WHERE "
    total = conn.execute(f"SELECT count(*) {base}{sql}", args).fetchone()[0]
    for name in FACETS:
        sql, args = scope(name)
        if name == "employment_type":
            group = f"SELECT t.employment_type, count(*) {base.replace('WHERE', 'JOIN job_types t ON t.job = j.id WHERE')}{sql} GROUP BY 1"  # noqa: E501
        else:
            group = f"SELECT j.{name}, count(*) {base}{sql} GROUP BY 1"
        conn.execute(group, args).fetchall()
    sql, args = scope()
    cut = [(today - d) * 1440 for d in (1, 7, 30)]
    conn.execute(
        f"SELECT sum(j.published >= ?), sum(j.published >= ?), sum(j.published >= ?) {base}{sql}",
        (*cut, *args),
    ).fetchone()
    return total


def run_fts(kind: str, query: dict, conn, today: int) -> int:
    """The same search against FTS5; returns the number of hits fetched (or total)."""
    if kind == "search_page":
        return _fts_page(conn, query, today)
    if kind != "radius_distance":
        rows = conn.execute(HITS_SQL.format(extra=""), (_fts_text(query["q"]), today, 0))
        return len(rows.fetchall())
    lat, lon = query["origin"]
    rows = conn.execute(
        "SELECT j.id, j.lat, j.lon FROM fts JOIN jobs j ON j.id = fts.rowid "
        "WHERE fts MATCH ? AND j.ends >= ? AND j.place IN (SELECT value FROM json_each(?))",
        (_fts_text(query["q"]), today, "[" + ",".join(map(str, query["place_ids"])) + "]"),
    ).fetchall()
    memo = {}
    top = sorted(
        rows,
        key=lambda r: (
            memo.get((r[1], r[2]))
            or memo.setdefault((r[1], r[2]), haversine_km(lat, lon, r[1], r[2]))
        ),
    )[:20]
    ids = ",".join(str(r[0]) for r in top) or "0"
    conn.execute(
        "SELECT rowid, highlight(fts, 0, '<mark>', '</mark>'), "
        f"snippet(fts, 1, '<mark>', '</mark>', '…', 30) FROM fts WHERE fts MATCH ? "
        f"AND rowid IN ({ids})",
        (_fts_text(query["q"]),),
    ).fetchall()
    return len(rows)
