"""Finding 1 of issue 22: moving a listing to another municipality needs that
municipality's promoter; the source municipality's promoter sees the move too."""

from types import SimpleNamespace

import pytest

from jobportal import employers, listings
from jobportal.core.extensions import db
from jobportal.models import Company, Job, User
from tests.conftest import login_as

RADEBERG = {"postal_code": "01454", "locality": "Radeberg"}


@pytest.fixture
def scene(factory):
    """A published listing of a verified Kamenz company, its employer, both promoters."""
    company = factory.company(name="Kamenzer Metallbau GmbH", member="kamenz")
    return SimpleNamespace(
        company=company,
        employer=factory.user(role="employer", company_id=company),
        kamenz=factory.user(role="promoter", members=["kamenz"]),
        radeberg=factory.user(role="promoter", members=["radeberg"]),
        job=factory.job(company_id=company, title="Schweißer (m/w/d)", postal_code="01917"),
    )


def move_to_radeberg(app, scene) -> None:
    """The employer edits the published listing to a Radeberg address and submits."""
    with app.app_context():
        job = db.session.get(Job, scene.job)
        data = {**listings.raw_values(listings.snapshot(job)), **RADEBERG}
        listings.update(job, db.session.get(User, scene.employer), data)
        db.session.commit()
        assert job.pending_changes and job.state == "published"


def queue_page(app, client, user_id) -> str:
    login_as(client, app, user_id)
    return client.get("/moderation/").get_data(as_text=True)


@pytest.mark.parametrize("auto_publish", [False, True])
def test_a_move_waits_for_the_target_promoter(app, client, scene, auto_publish):
    app.config["AUTO_PUBLISH_VERIFIED"] = auto_publish  # a verified company's own town only
    move_to_radeberg(app, scene)
    assert "Schweißer (m/w/d)" in queue_page(app, client, scene.radeberg)
    assert "Schweißer (m/w/d)" in queue_page(app, client, scene.kamenz)  # the source sees it
    assert client.get(f"/moderation/stellen/{scene.job}").status_code == 200
    client.post(f"/moderation/stellen/{scene.job}/freigeben")
    with app.app_context():
        job = db.session.get(Job, scene.job)
        assert job.pending_changes and job.member.slug == "kamenz"  # Kamenz could not approve
        kamenz = db.session.get(User, scene.kamenz)
        assert "approve" not in listings.allowed_actions(job, kamenz)
        with pytest.raises(listings.JobError):
            listings.approve(job, kamenz)
    login_as(client, app, scene.radeberg)
    assert client.get(f"/moderation/stellen/{scene.job}").status_code == 200
    client.post(f"/moderation/stellen/{scene.job}/freigeben")
    with app.app_context():
        job = db.session.get(Job, scene.job)
        assert not job.pending_changes and job.member.slug == "radeberg"
        assert job.place.name == "Radeberg" and job.state == "published"


def test_a_new_draft_elsewhere_goes_to_the_target_promoter(app, client, scene):
    app.config["AUTO_PUBLISH_VERIFIED"] = True
    with app.app_context():
        job = db.session.get(Job, scene.job)
        data = {**listings.raw_values(listings.snapshot(job)), **RADEBERG, "title": "Dreher"}
        employer = db.session.get(User, scene.employer)
        draft = listings.create_draft(db.session.get(Company, scene.company), employer, data)
        listings.submit(draft, employer)
        db.session.commit()
        assert draft.state == "pending"  # no auto-publish outside the company's own town
        assert "approve" not in listings.allowed_actions(draft, db.session.get(User, scene.kamenz))
        assert "approve" in listings.allowed_actions(draft, db.session.get(User, scene.radeberg))
    assert "Dreher" in queue_page(app, client, scene.radeberg)
    assert "Dreher" in queue_page(app, client, scene.kamenz)


def test_a_company_that_moves_is_verified_again_by_the_target(app, client, scene):
    with app.app_context():
        company = db.session.get(Company, scene.company)
        data = {**employers.profile_values(company), **RADEBERG}
        employers.update_profile(company, db.session.get(User, scene.employer), data)
        db.session.commit()
        assert company.member.slug == "radeberg" and not company.is_verified
    assert "Kamenzer Metallbau GmbH" in queue_page(app, client, scene.radeberg)
