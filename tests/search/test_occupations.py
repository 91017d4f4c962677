"""The curated occupation list and query expansion: search page, alerts and matching find
listings by any form of an occupation; titles rank above ordinary words in descriptions."""

import json
from collections import defaultdict

from jobportal.core.extensions import db
from jobportal.models import Job, ReturneeProfile
from jobportal.returnees import match_jobs
from jobportal.search import SearchParams, match_new, occupation_forms, search_jobs
from jobportal.search.adapter import analyze
from jobportal.search.engine.lexicon import OCCUPATIONS_JSON, lexicon
from jobportal.search.engine.parse import Expansion, Word, parse_query
from tests.support.returnees import make_profile
from tests.support.search import index

FORM_KINDS = ("female", "male", "neutral", "synonyms", "en")


def _data():
    return json.loads(OCCUPATIONS_JSON.read_text(encoding="utf-8"))


def test_occupation_list_shape():
    data = _data()
    entries = data["occupations"]
    assert "Written for this project" in data["source"]
    assert len(entries) >= 300
    assert sum(1 for e in entries if e.get("en")) >= 150
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names))
    for entry in entries:
        assert entry["female"] or entry.get("neutral"), entry["name"]
        assert entry["male"] or entry.get("neutral"), entry["name"]
        assert entry.get("broader") in (None, *names)
        assert all(isinstance(f, str) and f.strip() for k in FORM_KINDS for f in entry.get(k, []))


def test_no_form_names_two_occupations_unless_listed_as_shared():
    data = _data()
    owners = defaultdict(set)
    for entry in data["occupations"]:
        for form in [entry["name"], *(f for k in FORM_KINDS for f in entry.get(k, []))]:
            key = tuple(analyze(form))
            assert key, (entry["name"], form)
            owners[key].add(entry["name"])
    shared = {tuple(analyze(f)) for f in data["shared"]}
    assert {key for key, names in owners.items() if len(names) > 1} == shared


def test_query_words_naming_an_occupation_are_expanded():
    (part,) = parse_query("Krankenschwester").groups[0]
    assert isinstance(part, Expansion)
    assert part.shown[:3] == ("Pflegefachkraft", "Pflegefachfrau", "Pflegefachmann")
    assert ("pflegefachkraft",) in part.alternatives
    (part,) = parse_query("truck driver").groups[0]
    assert part.stems == ("truck", "driv") and part.form == "truck driver"
    assert parse_query('"Krankenschwester"').groups[0] == [Word("krankenschw", exact=True)]
    assert not parse_query("Pflege").expansions
    assert "Krankenschwester" in occupation_forms("Pflegefachkraft")


def test_generic_shared_forms_widen_but_specific_ones_do_not():
    fahrer = parse_query("Fahrer").groups[0][0].alternatives
    bus = parse_query("Busfahrer").groups[0][0].alternatives
    assert ("berufskraftfahr",) in fahrer and ("busfahr",) in fahrer
    assert ("fahr",) not in bus and ("berufskraftfahr",) in bus  # broader: Berufskraftfahrer


def test_misspelt_occupation_is_found_in_the_list():
    assert lexicon().closest("Krankenschwster") == "Krankenschwester"
    assert lexicon().closest("Team") is None


def _search(app, q, **params):
    with app.app_context():
        result = search_jobs(SearchParams(q=q, **params))
        titles = [db.session.get(Job, h.job_id).title for h in result.hits]
        return titles, result


def test_old_names_english_and_abbreviations_find_the_listings(app, factory):
    for title in ("Pflegefachkraft (m/w/d)", "Berufskraftfahrer CE (m/w/d)"):
        factory.job(title=title)
    factory.job(title="Medizinische Fachangestellte (m/w/d)")
    factory.job(title="Ausbildung Koch (m/w/d)")
    factory.job(title="Sachbearbeiter (m/w/d)", description="Pflege von Stammdaten im SAP.")
    index(app)
    for q in ("Krankenschwester", "nurse", "Altenpflegerin", "Gesundheits- und Krankenpfleger"):
        titles, result = _search(app, q)
        assert titles == ["Pflegefachkraft (m/w/d)"], q
        assert result.expansions[0][1][0] == "Pflegefachkraft"
    assert _search(app, "truck driver")[0] == ["Berufskraftfahrer CE (m/w/d)"]
    assert _search(app, "Busfahrer")[0] == ["Berufskraftfahrer CE (m/w/d)"]
    assert _search(app, "MFA")[0] == ["Medizinische Fachangestellte (m/w/d)"]
    assert _search(app, "Azubi Köchin")[0] == ["Ausbildung Koch (m/w/d)"]
    assert _search(app, '"Krankenschwester"')[0] == []


def test_titles_rank_above_ordinary_words_and_own_words_above_compounds(app, factory):
    stammdaten = factory.job(title="Sachbearbeiter (m/w/d)", description="Pflege von Stammdaten.")
    gruen = factory.job(title="Gärtner (m/w/d)", description="Pflege der Grünanlagen.")
    helper = factory.job(title="Pflegehelfer (m/w/d)", description="Grundpflege.")
    own = factory.job(title="Pflege und Betreuung: Fachkraft (m/w/d)", description="Teamarbeit.")
    index(app)
    with app.app_context():
        hits = [h.job_id for h in search_jobs(SearchParams(q="Pflege")).hits]
    assert hits[:2] == [own, helper]
    assert set(hits[2:]) == {stammdaten, gruen}


def test_alerts_match_by_the_same_expansion(app, factory):
    nurse = factory.job(title="Pflegefachkraft (m/w/d)")
    factory.job(title="Koch (m/w/d)")
    with app.app_context():
        jobs = list(db.session.query(Job).order_by(Job.id))
        found = match_new(jobs, [SearchParams(q="Krankenschwester"), SearchParams(q="cook")])
    assert found[0] == [nurse]
    assert len(found[1]) == 1 and found[1] != [nurse]


def test_returnee_matching_uses_the_expansion(app, factory):
    company = factory.company(member="kamenz")
    nurse = factory.job(company, title="Pflegefachkraft (m/w/d)", postal_code="01917")
    factory.job(company, title="Koch (m/w/d)", postal_code="01917")
    index(app)
    profile = make_profile(
        app, factory.user(), homes=["Kamenz"], commute=30, work="Krankenschwester"
    )
    with app.app_context():
        result = match_jobs(db.session.get(ReturneeProfile, profile))
        assert [m.job.id for m in result.matches] == [nurse]
