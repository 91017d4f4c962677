"""Finding 2 of issue 22 (DSGVO Art. 15 and 17): a person who used every feature is erased
from every table, the search index and the outbox; their export held every row found."""

from datetime import timedelta

from sqlalchemy import select

from jobportal import accounts, alerts, employers, listings, moderation, privacy, returnees
from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from jobportal.models import Company, ContactRequest, Job, ReturneeProfile, User
from jobportal.search import drain, reset_pools
from jobportal.search.adapter.storage import index_root, open_live
from tests.conftest import DEFAULT_PASSWORD
from tests.support.returnees import make_profile

EMAIL = "zora.zwirbel@example.org"
NAME = "Zora Zwirbelmeier"
PHONE = "0351 9876543"
PROFILE_TEXT = "Kältetechnikerin mit Zwirbelerfahrung"
ALERT_NAME = "Zwirbelstellen in Kamenz"
ANSWER = "Gern, rufen Sie mich an: Zwirbelantwort"
MESSAGE = "Guten Tag, wir hätten da eine Zwirbelanfrage"
NEEDLES = [EMAIL, NAME, PHONE, PROFILE_TEXT, ALERT_NAME, ANSWER, MESSAGE, "zwirbel"]
PSEUDO = "promoters_employers"


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


def _as_returnee(app, factory) -> dict:
    """Registration, profile, alert, bookmark, a report and an answered contact request."""
    boss = factory.user(role="employer", company_id=factory.company(name="Kältebau GmbH"))
    with app.app_context():
        zora = accounts.register_jobseeker(NAME, EMAIL, DEFAULT_PASSWORD)
        zora.email_verified_at = zora.created_at
        db.session.commit()
        ids = {"zora": zora.id, "boss": boss}
    make_profile(app, ids["zora"], work=PROFILE_TEXT, visibility=PSEUDO)
    ids["job"] = factory.job(title="Kältetechniker (m/w/d)")
    with app.app_context():
        zora, job = _user(ids["zora"]), db.session.get(Job, ids["job"])
        alerts.create_alert({"q": "Kälte"}, ALERT_NAME, "daily", user=zora, email=EMAIL)
        returnees.add_bookmark(zora, job)
        moderation.create_report(job, "fraud", "Anonyme Meldung", "hash-of-ip")
        profile = db.session.execute(select(ReturneeProfile)).scalar_one()
        request = returnees.send_contact_request(_user(boss), profile, "Hallo, Interesse?")
        returnees.answer_contact_request(request, ANSWER)
        db.session.commit()
    return ids


def _as_employer(app, factory, ids: dict) -> None:
    """Invited into the company, a contact request to another returnee, own listing."""
    anna = factory.user(email="anna@example.org", name="Anna Andere")
    anna_profile = make_profile(app, anna, visibility=PSEUDO)
    promoter = factory.user(role="promoter", members=["kamenz"])
    with app.app_context():
        boss, zora = _user(ids["boss"]), _user(ids["zora"])
        token = employers.invite_colleague(boss.company, boss, EMAIL)
        employers.accept_invite(token, zora)
        profile = db.session.get(ReturneeProfile, anna_profile)
        returnees.send_contact_request(zora, profile, MESSAGE)
        job = listings.create_draft(zora.company, zora, _listing_data())
        listings.submit(job, zora)
        listings.approve(job, _user(promoter))
        listings.update(job, zora, {**_listing_data(), "title": "Kälteanlagenbauer (m/w/d)"})
        assert job.pending_changes and job.approved_snapshot["apply_phone"] == PHONE
        db.session.commit()
        ids["listing"] = job.id


def _listing_data() -> dict:
    return {
        "title": "Kältetechniker (m/w/d)",
        "description": "Wir suchen Verstärkung für Montage und Wartung.",
        "postal_code": "01917",
        "locality": "Kamenz",
        "employment_types": ["vollzeit"],
        "working_model": "vor_ort",
        "sector": "handwerk",
        "apply_contact": NAME,
        "apply_email": EMAIL,
        "apply_phone": PHONE,
        "ends_on": (berlin_today() + timedelta(days=30)).isoformat(),
    }


def _found_in_database() -> set[tuple[str, tuple]]:
    """(table, primary key) of every row with any needle in any column."""
    found = set()
    needles = [n.lower() for n in NEEDLES]
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(table.select()).mappings():
            text = " ".join(str(value) for value in row.values()).lower()
            if any(needle in text for needle in needles):
                found.add((table.name, tuple(row[c.name] for c in table.primary_key.columns)))
    return found


def _found_in_index(app, stems=("zwirbel", "zora")) -> list[str]:
    """Index terms (any field, stemmed) starting like one of the stems."""
    drain(app)
    reset_pools()
    with open_live(index_root(app))[0].reader() as reader:
        terms = [t.decode("utf-8", "replace") for _f, t in reader.all_terms()]
    return [t for t in terms if t.startswith(stems)]


def _exported(data: dict) -> set[tuple[str, tuple]]:
    """(table, primary key) of every row in an export."""
    keys = set()
    for section, table_name in privacy.SECTION_TABLES.items():
        rows = data[section]
        table = db.metadata.tables[table_name]
        for row in [rows] if isinstance(rows, dict) else rows or []:
            keys.add((table_name, tuple(row[c.key] for c in table.primary_key.columns)))
    return keys


def test_erased_person_leaves_nothing_and_the_export_had_everything(app, factory):
    ids = _as_returnee(app, factory)
    _as_employer(app, factory, ids)
    with app.app_context():
        before = _found_in_database()
        assert {"users", "returnee_profiles", "saved_searches", "contact_requests"} <= {
            table for table, _key in before
        }
        assert {"outbox_mails", "jobs", "alert_consents"} <= {table for table, _key in before}
        exported = _exported(privacy.export_data(_user(ids["zora"])))
        assert before - exported == set()  # Art. 15: everything found was in the export
        privacy.erase_user(_user(ids["zora"]), "Selbstlöschung")
        db.session.commit()
        assert _found_in_database() == set()  # Art. 17: nothing left anywhere
        job = db.session.get(Job, ids["listing"])
        boss = _user(ids["boss"])
        assert job.apply_email == boss.email and job.approved_snapshot["apply_email"] == boss.email
        assert db.session.execute(select(ContactRequest)).scalars().all()  # others keep rows
        assert db.session.get(Company, boss.company_id).contact_email != EMAIL
    assert _found_in_index(app, ("kältetechn", "kaltetechn"))  # the lookup itself works
    assert _found_in_index(app) == []
