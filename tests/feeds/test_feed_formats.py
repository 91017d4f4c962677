"""Reading the recorded feed formats: Personio XML, RSS, Atom, JSON-LD career pages."""

import pytest

from jobportal.feeds import BadPosting, FeedDrift, Posting, read_career_page, read_xml_feed
from tests.support.fake_feeds import load

PERSONIO = "https://lausitzer-holzbau.jobs.personio.de/xml"


def postings(items):
    return [item for item in items if isinstance(item, Posting)]


def test_personio_positions_with_offices_sections_and_types():
    kind, items = read_xml_feed(load("personio.xml"), PERSONIO)
    assert kind == "personio"
    zimmerer, azubi, vertrieb = postings(items)
    assert (zimmerer.ref, zimmerer.title) == ("2800938", "Zimmerer (m/w/d)")
    assert [spot.town for spot in zimmerer.locations] == ["Kamenz", "Großenhain"]
    assert zimmerer.url == "https://lausitzer-holzbau.jobs.personio.de/job/2800938"
    assert zimmerer.employer == "Lausitzer Holzbau GmbH"
    assert zimmerer.employment_types == ["vollzeit"]
    assert "**Deine Aufgaben**" in zimmerer.description
    assert "- Abbund und Montage von Holzrahmenbauten" in zimmerer.description
    assert "Ausbildung & Führerschein B." in zimmerer.description
    assert "alert" not in zimmerer.description and "<" not in zimmerer.description
    assert azubi.employment_types == ["ausbildung"]
    assert vertrieb.employment_types == ["vollzeit", "teilzeit"]
    assert vertrieb.description == ""


def test_personio_position_without_id_is_a_counted_bad_record():
    body = b"<workzag-jobs><position><name>Ohne Id</name></position></workzag-jobs>"
    [item] = read_xml_feed(body, PERSONIO)[1]
    assert isinstance(item, BadPosting) and "<id>" in str(item)


def test_personio_remote_offices_make_the_working_model():
    body = (
        b"<workzag-jobs><position><id>1</id><name>Entwickler (m/w/d)</name>"
        b"<office>Kamenz</office><additionalOffices><office>Remote</office>"
        b"</additionalOffices></position></workzag-jobs>"
    )
    [posting] = read_xml_feed(body, PERSONIO)[1]
    assert posting.working_model == "hybrid"
    assert [spot.town for spot in posting.locations] == ["Kamenz"]


def test_rss_items_with_place_in_text():
    kind, items = read_xml_feed(load("rss.xml"), "https://karriere.example.org/feed.rss")
    assert kind == "rss"
    baecker, verkauf = postings(items)
    assert (baecker.ref, baecker.url) == (
        "job-1041",
        "https://karriere.example.org/stellen/baecker",
    )
    assert [(s.postal_code, s.town) for s in baecker.locations] == [("01917", "Kamenz")]
    assert "30 Tage Urlaub" in baecker.description and "<b>" not in baecker.description
    assert verkauf.locations == []


def test_atom_entries():
    kind, items = read_xml_feed(load("atom.xml"), "https://karriere.example.org/jobs.atom")
    assert kind == "atom"
    [pflege] = postings(items)
    assert pflege.url == "https://karriere.example.org/stellen/pflege"
    assert pflege.employer == "Pflegedienst Lausitz"
    assert [(s.postal_code, s.town) for s in pflege.locations] == [("02977", "Hoyerswerda")]


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Page not found</body></html>",
        b"<jobs><job/></jobs>",
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><rss>&lol;</rss>',
    ],
)
def test_other_xml_is_drift_naming_url_and_expectation(body):
    with pytest.raises(FeedDrift) as caught:
        read_xml_feed(body, PERSONIO)
    assert PERSONIO in str(caught.value)


def test_career_page_jsonld_graph_lists_and_broken_blocks():
    items = read_career_page(load("career_page.html"), "https://www.example.org/karriere")
    elektro, buero = postings(items)
    assert elektro.ref == "EW-2026-07"
    assert [(s.postal_code, s.town) for s in elektro.locations] == [
        ("01917", "Kamenz"),
        ("01896", "Pulsnitz"),
    ]
    assert elektro.locations[0].street == "Bautzner Straße 5"
    assert (elektro.salary_min, elektro.salary_max, elektro.salary_unit) == (3200, 3800, "month")
    assert elektro.employment_types == ["vollzeit"]
    assert "- Installation" in elektro.description
    assert (buero.ref, buero.employment_types) == ("EW-2026-09", ["teilzeit"])
    assert [(s.postal_code, s.town) for s in buero.locations] == [("", "Radeberg")]
    bad = [str(item) for item in items if isinstance(item, BadPosting)]
    assert sorted(bad) == ["JSON-LD-Block ist kein gültiges JSON", "JobPosting ohne „title“"]


def test_page_without_jobposting_is_drift():
    with pytest.raises(FeedDrift) as caught:
        read_career_page(load("no_postings.html"), "https://www.example.org/karriere")
    assert "kein schema.org-JobPosting" in str(caught.value)
