"""After login each role lands where it works, unless a safe ``next`` was given."""

import pytest

from tests.conftest import DEFAULT_PASSWORD
from tests.support.returnees import make_profile


def landing(client, auth, email, next_url=None):
    """The Location after logging in through the form."""
    if next_url:
        return client.post(
            f"/anmelden?next={next_url}", data={"email": email, "password": DEFAULT_PASSWORD}
        ).location
    return auth.login(email).location


@pytest.mark.parametrize(
    ("role", "path"),
    [("promoter", "/moderation/"), ("admin", "/admin/"), ("jobseeker", "/jobs")],
)
def test_role_lands_where_it_works(app, client, auth, factory, role, path):
    factory.user(role=role, email="person@example.org", members=("kamenz",))
    assert landing(client, auth, "person@example.org") == path


def test_employer_lands_on_the_dashboard(app, client, auth, factory):
    factory.employer(email="chef@example.org")
    assert landing(client, auth, "chef@example.org") == "/arbeitgeber/"


def test_jobseeker_with_a_profile_lands_on_matches(app, client, auth, factory):
    user_id = factory.user(email="lena@example.org")
    make_profile(app, user_id, homes=("Kamenz",))
    assert landing(client, auth, "lena@example.org") == "/rueckkehr/passende-stellen"


def test_safe_next_wins_and_unsafe_next_is_ignored(app, client, auth, factory):
    factory.employer(email="chef@example.org")
    assert landing(client, auth, "chef@example.org", "/jobs?q=Koch") == "/jobs?q=Koch"
    client.post("/abmelden")
    assert landing(client, auth, "chef@example.org", "//evil.example/") == "/arbeitgeber/"
