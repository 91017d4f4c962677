"""`flask import feeds` against a fake server: first run imports, second run imports
nothing new, changes update, removed postings end, drift and hostile answers fail
loudly and end nothing."""

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import AuditEntry, Job, ListingFeed
from tests.support import feeds as support
from tests.support.fake_feeds import load
from tests.support.feeds import add_feed, feed_jobs, run

app = support.app
fake_feeds = support.fake_feeds


def feed_row(app, feed_id):
    with app.app_context():
        feed = db.session.get(ListingFeed, feed_id)
        db.session.expunge(feed)
        return feed


def test_personio_first_run_imports_second_run_nothing_new(app, fake_feeds, factory):
    company = factory.company(member="kamenz", verified=False)
    feed = add_feed(app, company, fake_feeds.serve("/xml", "personio.xml"))
    first = run(app)[feed]
    assert first.status == "succeeded" and first.format == "personio"
    assert (first.counts["new"], first.counts["skipped"]) == (2, 1)
    assert "Arbeitsort außerhalb des Netzwerks (04103 Leipzig)" in first.skips[0]
    jobs = feed_jobs(app)
    assert jobs["Zimmerer (m/w/d)"] == ("pending", ["01917", "01558"])
    assert jobs["Ausbildung Holzmechaniker (m/w/d)"][1] == ["01454"]
    with app.app_context():
        job = db.session.execute(select(Job).filter_by(title="Zimmerer (m/w/d)")).scalar_one()
        assert job.company_id == company and job.employment_types == ["vollzeit"]
        assert job.source_label == "Karriereseite des Arbeitgebers"
        assert job.apply_url.endswith("/job/2800938") and job.source_url == job.apply_url
        assert "**Deine Aufgaben**" in job.description
    second = run(app)[feed]
    assert (second.counts["new"], second.counts["updated"], second.counts["unchanged"]) == (0, 0, 2)
    status = feed_row(app, feed)
    assert status.last_status == "succeeded" and status.last_counts["unchanged"] == 2
    assert "Leipzig" in status.last_skips


def test_verified_company_publishes_directly_with_auto_publish(app, fake_feeds, factory):
    app.config["AUTO_PUBLISH_VERIFIED"] = True
    company = factory.company(member="kamenz", verified=True)
    feed = add_feed(app, company, fake_feeds.serve("/xml", "personio.xml"))
    run(app)
    # published where the company's member verified it; Radeberg's promoters review theirs
    assert feed_jobs(app)["Zimmerer (m/w/d)"][0] == "published"
    assert feed_jobs(app)["Ausbildung Holzmechaniker (m/w/d)"][0] == "pending"
    assert feed


def test_changed_posting_updates_and_removed_posting_ends(app, fake_feeds, factory):
    app.config["AUTO_PUBLISH_VERIFIED"] = True
    company = factory.company(member="kamenz", verified=True)
    url = fake_feeds.serve("/xml", "personio.xml")
    feed = add_feed(app, company, url)
    run(app)
    changed = load("personio.xml").replace(b"Zimmerer (m/w/d)", b"Zimmerer/Zimmerin (m/w/d)")
    changed = changed.replace(b"<id>2800951</id>", b"<id>9999999</id>")  # azubi gone, new one
    fake_feeds.serve("/xml", changed, "text/xml; charset=utf-8")
    outcome = run(app)[feed]
    assert (outcome.counts["updated"], outcome.counts["new"], outcome.counts["ended"]) == (1, 1, 1)
    jobs = feed_jobs(app)
    assert jobs["Zimmerer/Zimmerin (m/w/d)"][0] == "published"  # verified: changes apply
    with app.app_context():
        query = select(Job.state).where(Job.title.like("%Holzmechaniker%"))
        assert sorted(db.session.execute(query).scalars()) == ["pending", "withdrawn"]
    with app.app_context():
        reasons = db.session.execute(
            select(AuditEntry.reason).where(AuditEntry.action == "feed_end")
        ).scalars()
        assert [r for r in reasons] == [f"Nicht mehr im Karriere-Feed {url}"]


def test_a_posting_that_moves_out_of_the_network_ends(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    feed = add_feed(app, company, fake_feeds.serve("/xml", "personio.xml"))
    run(app)
    moved = load("personio.xml").replace(b"<office>Radeberg</office>", b"<office>Leipzig</office>")
    fake_feeds.serve("/xml", moved)
    outcome = run(app)[feed]
    assert outcome.counts["ended"] == 1
    assert feed_jobs(app)["Ausbildung Holzmechaniker (m/w/d)"][0] == "withdrawn"


def test_changes_of_unverified_companies_wait_for_review(app, fake_feeds, factory):
    company = factory.company(member="kamenz", verified=False)
    feed = add_feed(app, company, fake_feeds.serve("/xml", "personio.xml"))
    run(app)
    with app.app_context():
        job = db.session.execute(select(Job).filter_by(title="Zimmerer (m/w/d)")).scalar_one()
        job.state = "published"
        db.session.commit()
    fake_feeds.serve("/xml", load("personio.xml").replace(b"Abbund", b"Zuschnitt"))
    assert run(app)[feed].counts["updated"] == 1
    with app.app_context():
        job = db.session.execute(select(Job).filter_by(title="Zimmerer (m/w/d)")).scalar_one()
        assert "Abbund" in job.description
        assert "Zuschnitt" in job.pending_changes["description"]


def test_career_page_jsonld_import_with_places_and_salary(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    feed = add_feed(app, company, fake_feeds.serve("/karriere", "career_page.html"))
    outcome = run(app)[feed]
    assert (outcome.format, outcome.counts["new"], outcome.counts["skipped"]) == ("jsonld", 2, 2)
    jobs = feed_jobs(app)
    assert jobs["Elektroniker für Energie- und Gebäudetechnik (m/w/d)"][1] == ["01917", "01896"]
    assert jobs["Bürokauffrau (m/w/d) in Teilzeit"][1][0] == "01454"  # Radeberg by name
    with app.app_context():
        job = db.session.execute(select(Job).filter(Job.title.like("Elektroniker%"))).scalar_one()
        assert (job.salary_min, job.salary_max, job.salary_unit) == (320000, 380000, "month")
        assert job.street == "Bautzner Straße 5"
        assert job.apply_url == "https://www.example.org/karriere/elektroniker"


def test_rss_and_atom_feeds_fall_back_to_the_company_place(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    rss = add_feed(app, company, fake_feeds.serve("/feed.rss", "rss.xml"))
    atom = add_feed(app, company, fake_feeds.serve("/jobs.atom", "atom.xml"))
    outcomes = run(app)
    assert outcomes[rss].counts["new"] == 2 and outcomes[atom].counts["new"] == 1
    jobs = feed_jobs(app)
    assert jobs["Bäcker (m/w/d) in Vollzeit"][1] == ["01917"]
    assert jobs["Verkäufer (m/w/d)"][1] == ["01917"]  # no place given: the company's
    assert jobs["Pflegefachkraft (m/w/d)"][1] == ["02977"]


def test_drift_fails_loudly_and_ends_nothing(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    url = fake_feeds.serve("/xml", "personio.xml")
    feed = add_feed(app, company, url)
    run(app)
    fake_feeds.serve("/xml", b"<jobs><job><title>neu</title></job></jobs>")
    outcome = run(app)[feed]
    assert outcome.status == "drift"
    assert url in outcome.error and "<jobs>" in outcome.error and "workzag-jobs" in outcome.error
    assert all(state == "pending" for state, _p in feed_jobs(app).values())
    status = feed_row(app, feed)
    assert status.status_label == "Format nicht mehr lesbar" and url in status.last_error


def test_hostile_answers_are_failed_runs_not_crashes(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    feeds = {
        "huge": add_feed(app, company, fake_feeds.url("/huge")),
        "slow": add_feed(app, company, fake_feeds.url("/drip")),
        "gone": add_feed(app, company, fake_feeds.url("/nothing-here")),
        "html": add_feed(app, company, fake_feeds.serve("/p", "no_postings.html")),
    }
    outcomes = run(app)
    assert "zu groß" in outcomes[feeds["huge"]].error
    assert "zu langsam" in outcomes[feeds["slow"]].error
    assert "Status 404" in outcomes[feeds["gone"]].error
    assert outcomes[feeds["html"]].status == "drift"
    assert feed_jobs(app) == {}


def test_loopback_is_refused_without_the_test_flag(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    feed = add_feed(app, company, fake_feeds.serve("/xml", "personio.xml"))
    outcome = run(app, FEEDS_ALLOW_PRIVATE=False)[feed]
    assert outcome.status == "failed" and "internes Netz" in outcome.error
    assert fake_feeds.log == []


def test_cli_prints_each_feed_and_fails_on_errors(app, fake_feeds, factory):
    company = factory.company(member="kamenz")
    ok = add_feed(app, company, fake_feeds.serve("/xml", "personio.xml"))
    add_feed(app, company, fake_feeds.url("/nothing-here"))
    result = app.test_cli_runner().invoke(args=["import", "feeds"])
    assert result.exit_code == 1
    assert f"Feed {ok} (" in result.output and "succeeded" in result.output
    assert "1 Feed(s) fehlgeschlagen" in result.output
