"""The v6 search as the BA answers today: postal codes, places, salary, anonymous employers,
home office, filters, details fallback, and the v4 shapes through the same mapping."""

import copy

from sqlalchemy import select

from jobportal.core.extensions import db
from tests.support import ba as ba_support
from tests.support.ba import KAMENZ_REF, PULSNITZ_REF, ba_jobs, run
from tests.support.fake_ba import load

app = ba_support.app  # the app talking to the fake BA server
fake_ba = ba_support.fake_ba
NEW_REF = "10001-1000000020-S"


def _job_and_link(refnr):
    from jobportal.models import BaListing

    link = db.session.execute(select(BaListing).filter_by(refnr=refnr)).scalar_one()
    return link.job, link


def _place(plz, ort, lat=None, lon=None):
    entry = {"adresse": {"plz": plz, "ort": ort, "land": "DEUTSCHLAND"}}
    if lat is not None:
        entry.update(breite=lat, laenge=lon)
    return entry


def test_first_run_imports_second_imports_nothing_new(app, fake_ba):
    first = run(app)
    assert first["status"] == "succeeded"
    assert (first["new"], first["outside"], first["unplaced"]) == (2, 1, 0)
    assert {p["version"] for p in fake_ba.searches()} == {"v6"}
    assert fake_ba.detail_requests(None) == fake_ba.detail_requests("v4")  # v6 never asked
    fake_ba.log.clear()
    second = run(app)
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert fake_ba.detail_requests(None) == []
    assert len(ba_jobs(app)) == 2


def test_integer_postal_code_1917_is_kamenz_inside_the_network(app, fake_ba):
    assert fake_ba.offer(KAMENZ_REF)["stellenlokationen"][0]["adresse"]["plz"] == 1917
    run(app)
    with app.app_context():
        job, link = _job_and_link(KAMENZ_REF)
        assert (job.place.postal_code, job.place.name, job.member.slug) == (
            "01917",
            "Kamenz",
            "kamenz",
        )
        assert job.street == "Macherstraße 12" and link.places == []


def test_several_places_main_is_the_first_inside_the_network(app, fake_ba):
    places = [_place("04109", "Leipzig"), _place(1917, "Kamenz"), _place("01896", "Pulsnitz")]
    fake_ba.add_offer(NEW_REF, stellenlokationen=places)
    assert run(app)["new"] == 3
    with app.app_context():
        job, link = _job_and_link(NEW_REF)
        assert job.place.name == "Kamenz"
        assert [(p["postal_code"], p["name"], p["in_network"]) for p in link.places] == [
            ("04109", "Leipzig", False),
            ("01896", "Pulsnitz", True),
        ]
        assert all(p["place_id"] for p in link.places)
        # every known place is the listing's: searched, matched, listed on its page
        assert [p.name for p in job.all_places] == ["Kamenz", "Leipzig", "Pulsnitz"]
        assert [o.member_id is not None for o in job.other_places] == [False, True]


def test_coordinates_place_a_listing_the_places_data_does_not_know(app, fake_ba):
    # the postal code is not in our data; the coordinates are Kamenz's
    fake_ba.add_offer(NEW_REF, stellenlokationen=[_place("01999", "Ortsteil", 51.27, 14.095)])
    lost = "10001-1000000021-S"  # in the North Sea: no place within a few km
    fake_ba.add_offer(lost, stellenlokationen=[_place("", "", 54.5, 5.0)])
    result = run(app)
    assert result["new"] == 3 and result["unplaced"] == 1
    assert lost not in ba_jobs(app) and lost not in fake_ba.detail_requests()
    with app.app_context():
        assert _job_and_link(NEW_REF)[0].place.name == "Kamenz"


def test_salary_text_is_kept_and_shown(app, fake_ba):
    from jobportal.ba import salary_text

    run(app)
    with app.app_context():
        job, link = _job_and_link(KAMENZ_REF)  # the details' own text
        assert link.salary_text == "3.200 bis 3.800 Euro brutto im Monat nach Haustarif"
        assert "Vergütung: 3.200 bis 3.800 Euro" in job.description
        # a monthly range also fills the salary fields (shown, filtered, in JSON-LD)
        assert (job.salary_min, job.salary_max, job.salary_unit) == (320000, 380000, "month")
        job, link = _job_and_link(PULSNITZ_REF)  # a v6 range with its unit code
        assert link.salary_text == "2.900 – 3.400 € im Monat"
        assert "Vergütung: 2.900 – 3.400 € im Monat" in job.description
        assert (job.salary_min, job.salary_max) == (290000, 340000)
    assert salary_text({"verguetungsangabe": "JAHRESGEHALT", "festgehalt": 52000}) == (
        "52.000 € im Jahr"
    )
    assert salary_text({"verguetungsangabe": "KEINE_ANGABE"}) == ""


def test_home_office_anonymous_employer_and_description_fallback(app, fake_ba):
    fake_ba.add_offer(NEW_REF, firma=None, anzeigeAnonym=True)
    fake_ba.details[NEW_REF] = {
        "arbeitszeitmodelle": ["VOLLZEIT", "HEIM_TELEARBEIT"],
        "stellenangebotsBeschreibung": "",
    }
    remote = "10001-1000000021-S"
    fake_ba.add_offer(remote, homeofficemoeglich=True, firma="Geheim GmbH")
    fake_ba.details[remote] = {"anzeigeAnonym": True, "homeofficetyp": "VOLLSTAENDIG"}
    assert run(app)["new"] == 4
    with app.app_context():
        job, _link = _job_and_link(NEW_REF)
        assert job.employer_name == "Arbeitgeber nicht genannt"
        assert job.working_model == "hybrid"
        assert "Originalanzeige der Bundesagentur" in job.description
        assert "Arbeitgeber nicht genannt in Kamenz" in job.description
        job, _link = _job_and_link(remote)
        assert job.employer_name == "Arbeitgeber nicht genannt"  # the details' flag wins
        assert "Geheim" not in job.description and job.working_model == "remote"
        assert _job_and_link(PULSNITZ_REF)[0].employment_types == ["teilzeit"]


def test_apply_link_is_the_ba_page_unless_a_real_posting_is_given(app, fake_ba):
    base = copy.deepcopy(load("v4_jobdetails.json"))
    fake_ba.details[KAMENZ_REF] = {**base, "allianzpartnerUrl": "https://www.stepstone.de/"}
    posting = "https://www.stepstone.de/stellenangebote--Elektroniker-Kamenz--123.html"
    fake_ba.add_offer(NEW_REF)
    fake_ba.details[NEW_REF] = {**base, "allianzpartnerUrl": posting}
    run(app)
    with app.app_context():
        kamenz = _job_and_link(KAMENZ_REF)[0]
        assert kamenz.apply_url == kamenz.source_url  # a partner's home page never wins
        assert _job_and_link(NEW_REF)[0].apply_url == posting
        pulsnitz = _job_and_link(PULSNITZ_REF)[0]  # externeURL of the search answer
        assert pulsnitz.apply_url == "https://karriere.pflegedienst-pulsnitz.example/stellen/42"


def test_temporary_agency_and_private_placement_can_be_left_out(app, fake_ba):
    agency = "10001-1000000021-S"
    fake_ba.add_offer(agency)
    fake_ba.details[agency] = {**load("v4_jobdetails.json"), "istArbeitnehmerUeberlassung": True}
    fake_ba.add_offer(NEW_REF, istPrivateArbeitsvermittlung=True)
    result = run(app, BA_ZEITARBEIT=False, BA_PAV=False)
    assert {(p["zeitarbeit"], p["pav"]) for p in fake_ba.searches()} == {("false", "false")}
    assert result["new"] == 2 and result["filtered"] == 2
    assert set(ba_jobs(app)) == {KAMENZ_REF, PULSNITZ_REF}
    fake_ba.log.clear()
    assert run(app, BA_ZEITARBEIT=True, BA_PAV=True)["new"] == 2  # allowed: both come in
    assert {(p["zeitarbeit"], p["pav"]) for p in fake_ba.searches()} == {("true", "true")}


def test_details_fall_back_from_v6_to_v4_and_keep_the_path(app, fake_ba):
    paths = ["/pc/v6/jobdetails/{key}", "/pc/v4/jobdetails/{key}"]
    result = run(app, BA_DETAILS_PATHS=paths)
    assert result["status"] == "succeeded" and result["new"] == 2
    assert fake_ba.detail_requests("v6") == [KAMENZ_REF]  # refused once, then v4 only
    assert sorted(fake_ba.detail_requests("v4")) == [KAMENZ_REF, PULSNITZ_REF]


def test_v4_shapes_map_like_v6(app, fake_ba):
    fake_ba.speak_v4()
    fake_ba.details[KAMENZ_REF] = load("v4_jobdetails_legacy.json")
    result = run(app, BA_SEARCH_PATH="/pc/v4/jobs")
    assert result["status"] == "succeeded" and result["new"] == 2
    assert {p["version"] for p in fake_ba.searches()} == {"v4"}
    with app.app_context():
        job, _link = _job_and_link(KAMENZ_REF)
        assert job.place.postal_code == "01917" and job.street == "Macherstraße 12"
        assert job.employer_name == "Elektro Lessing GmbH & Co. KG"
        assert job.title == "Elektroniker für Energie- und Gebäudetechnik (m/w/d)"
        assert "30 Tage Urlaub" in job.description and "Befristung: unbefristet" in job.description
        assert job.employment_types == ["vollzeit"] and job.working_model == "vor_ort"


def test_mapping_reads_both_shapes_alike(app, ctx):
    from jobportal.ba import locations, offer_from_search, postal_code

    v4 = offer_from_search(load("v4_jobs_page.json")["stellenangebote"][0])
    v6 = offer_from_search(load("v6_jobs_page.json")["ergebnisliste"][0])
    for field in ("refnr", "title", "occupation", "employer", "published", "start", "places"):
        assert getattr(v4, field) == getattr(v6, field), field
    assert (v4.modified, v6.modified) == ("2026-11-18T09:12:44.538",) * 2
    assert [postal_code(v) for v in (1917, "1917", "01917", 1917.0, "D-1", None, True)] == [
        "01917",
        "01917",
        "01917",
        "01917",
        "",
        "",
        "",
    ]
    legacy = locations(load("v4_jobdetails_legacy.json"))
    current = locations(load("v4_jobdetails.json"))
    assert legacy == current and (current[0].lat, current[0].lon) == (51.269, 14.0939)
