"""Bulk import of vacancies from JSON: validation per record, re-import updates, CLI."""

import json

import pytest
from sqlalchemy import select

from jobportal import listings
from jobportal.core.extensions import db
from jobportal.listings import import_jobs
from jobportal.models import Company, Job, User


def record(ref, **overrides) -> dict:
    data = {
        "ref": ref,
        "title": f"Pflegefachkraft {ref} (m/w/d)",
        "description": "Wir suchen Pflegefachkräfte für unser Team in Kamenz.",
        "postal_code": "01917",
        "locality": "Kamenz",
        "employment_types": ["vollzeit", "teilzeit"],
        "working_model": "vor_ort",
        "sector": "gesundheit",
        "salary_min": 3400,
        "salary_max": 3900.5,
        "salary_unit": "month",
        "start_date": "sofort",
        "apply_url": "https://pflege.example.org/jobs",
    }
    data.update(overrides)
    return data


pytestmark = pytest.mark.usefixtures("cheap_password_hashes")


@pytest.fixture
def setup(factory):
    employer, company = factory.employer()
    return {
        "company": company,
        "employer": employer,
        "promoter": factory.user(role="promoter", members=["kamenz"]),
        "other_promoter": factory.user(role="promoter", members=["radeberg"]),
    }


def run(setup, data, who="employer", publish=False):
    company = db.session.get(Company, setup["company"])
    report = import_jobs(data, company, db.session.get(User, setup[who]), publish=publish)
    db.session.commit()
    return report


def imported():
    return list(
        db.session.execute(select(Job).filter_by(source="import").order_by(Job.id)).scalars()
    )


def test_good_file_is_imported_as_pending(ctx, setup, tmp_path):
    path = tmp_path / "stellen.json"
    path.write_text(json.dumps({"jobs": [record("A-1"), record("A-2")]}), encoding="utf-8")
    report = run(setup, path)
    assert [r.status for r in report.results] == ["accepted", "accepted"]
    assert report.summary() == "2 neu, 0 aktualisiert, 0 abgelehnt"
    first, second = imported()
    assert first.state == "pending" and second.state == "pending"
    assert first.salary_min == 340000 and first.salary_max == 390050
    assert first.external_ref == f"{setup['company']}:A-1"
    assert first.member.slug == "kamenz"


def test_bad_records_are_reported_and_the_rest_imported(ctx, setup):
    data = [
        record("ok-1"),
        record("bad-1", title="", salary_min=5000, salary_max=100),
        record("bad-2", postal_code="04109", locality="Leipzig"),
        {"title": "ohne ref"},
        "kein Objekt",
        record("bad-3", description="x" * 100_000),
        record("ok-1"),
    ]
    report = run(setup, data)
    assert [r.status for r in report.results] == [
        "accepted",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
        "rejected",
    ]
    bad = {r.index: r.reasons for r in report.rejected}
    assert any("Titel" in reason for reason in bad[2])
    assert any("Mindestgehalt" in reason for reason in bad[2])
    assert any("nicht im Gebiet" in reason for reason in bad[3])
    assert any("ref" in reason for reason in bad[4])
    assert any("JSON-Objekt" in reason for reason in bad[5])
    assert any("20.000" in reason for reason in bad[6])
    assert any("mehrfach" in reason for reason in bad[7])
    assert len(imported()) == 1


def test_reimport_updates_instead_of_duplicating(ctx, setup):
    run(setup, [record("R-1"), record("R-2")])
    report = run(setup, [record("R-1", title="Pflegefachkraft Nacht (m/w/d)"), record("R-3")])
    assert [r.status for r in report.results] == ["updated", "accepted"]
    titles = [job.title for job in imported()]
    assert titles == [
        "Pflegefachkraft Nacht (m/w/d)",
        "Pflegefachkraft R-2 (m/w/d)",
        "Pflegefachkraft R-3 (m/w/d)",
    ]


def test_reimport_of_published_listing_waits_for_review(ctx, setup):
    run(setup, [record("P-1")], who="promoter", publish=True)
    [job] = imported()
    assert job.state == "published"
    run(setup, [record("P-1", title="Neue Überschrift (m/w/d)")])
    assert job.state == "published" and job.pending_changes["title"] == "Neue Überschrift (m/w/d)"


def test_publish_only_for_promoters_of_the_member(ctx, setup):
    company = db.session.get(Company, setup["company"])
    for who in ("employer", "other_promoter"):
        with pytest.raises(listings.JobError):
            import_jobs([record("X")], company, db.session.get(User, setup[who]), publish=True)
    assert imported() == []


def test_unreadable_files_are_refused(ctx, setup, tmp_path):
    broken = tmp_path / "kaputt.json"
    broken.write_text("{nicht json", encoding="utf-8")
    with pytest.raises(listings.JobError, match="kein gültiges JSON"):
        run(setup, str(broken))
    with pytest.raises(listings.JobError, match="Liste"):
        run(setup, {"stellen": []})


def test_cli_import(app, runner, setup, tmp_path):
    path = tmp_path / "stellen.json"
    path.write_text(json.dumps([record("C-1"), record("C-2", sector="weltraum")]), encoding="utf-8")
    result = runner.invoke(args=["jobs", "import", str(path), "--company", str(setup["company"])])
    assert result.exit_code == 0, result.output
    assert "Datensatz 2 (C-2) abgelehnt" in result.output and "Branche" in result.output
    assert "1 neu, 0 aktualisiert, 1 abgelehnt" in result.output
    result = runner.invoke(
        args=["jobs", "import", str(path), "--company", str(setup["company"]), "--publish"]
    )
    assert "0 neu, 1 aktualisiert, 1 abgelehnt" in result.output
    with app.app_context():
        assert [job.state for job in imported()] == ["published"]
    result = runner.invoke(args=["jobs", "import", str(path), "--company", "9999"])
    assert result.exit_code != 0 and "Kein Unternehmen" in result.output


def test_a_string_is_never_read_as_a_file_path(ctx, setup, tmp_path):
    path = tmp_path / "stellen.json"
    path.write_text(json.dumps([record("A-1")]), encoding="utf-8")
    with pytest.raises(listings.JobError, match="kein gültiges JSON"):
        run(setup, str(path))
