"""Role x route x object matrix: every URL rule, seven roles, objects of company A in X.

Company A is in member X (kamenz), company B in Y (radeberg). The objects (listing,
company, report, profile, contact request, alert...) belong to A / X / the job seeker.
Every rule of app.url_map needs an entry in EXPECTED (a new route fails the test until
it gets one). GET requests must not change the number of rows of any table.

Statuses per role in the order of ROLES; tokens in URLs are invalid on purpose.
Set MATRIX_PRINT=1 to print the observed table (to review, never to copy blindly).
"""

import os

import pytest
from sqlalchemy import func, select

from jobportal.core.clock import berlin_today
from jobportal.core.extensions import db
from tests.conftest import Factory, login_as, make_app
from tests.support.events import make_event

ROLES = ("anon", "seeker", "emp_a", "emp_b", "prom_x", "prom_y", "admin")
SKIP = {"static"}
# Destructive requests run last, in this order (they would hide the objects from the rest).
LAST = [
    "POST alerts.delete",
    "POST returnee.delete_profile",
    "POST employer.job_action",
    "POST privacy.delete_account",
]

# "METHOD endpoint": statuses for anon seeker emp_a emp_b prom_x prom_y admin
EXPECTED = {
    "GET admin.ba_runs": "302 403 403 403 403 403 200",
    "GET admin.index": "302 403 403 403 403 403 200",
    "GET admin.member_leave": "302 403 403 403 403 403 200",
    "POST admin.member_leave": "302 403 403 403 403 403 400",
    "GET admin.member_new": "302 403 403 403 403 403 200",
    "POST admin.member_new": "302 403 403 403 403 403 400",
    "GET admin.partners": "302 403 403 403 403 403 200",
    "POST admin.partners": "302 403 403 403 403 403 400",
    "POST admin.partner_remove": "302 403 403 403 403 403 404",
    "GET admin.promoter_detail": "302 403 403 403 403 403 200",
    "POST admin.promoter_detail": "302 403 403 403 403 403 302",
    "POST admin.promoter_invite": "302 403 403 403 403 403 302",
    "GET admin.promoters": "302 403 403 403 403 403 200",
    "POST admin.promoters": "302 403 403 403 403 403 400",
    "GET admin.user_detail": "302 403 403 403 403 403 200",
    "POST admin.user_lock": "302 403 403 403 403 403 302",
    "GET admin.users": "302 403 403 403 403 403 200",
    "GET alerts.confirm": "400 400 400 400 400 400 400",
    "POST alerts.confirm": "400 400 400 400 400 400 400",
    "POST alerts.delete": "404 302 404 404 404 404 404",
    "GET alerts.edit": "404 200 404 404 404 404 404",
    "POST alerts.edit": "404 302 404 404 404 404 404",
    "GET alerts.failed_mails": "302 403 403 403 403 403 200",
    "GET alerts.keep": "400 400 400 400 400 400 400",
    "POST alerts.keep": "400 400 400 400 400 400 400",
    "GET alerts.manage": "400 400 400 400 400 400 400",
    "GET alerts.mine": "302 200 200 200 200 200 200",
    "GET alerts.new": "200 200 200 200 200 200 200",
    "POST alerts.new": "400 302 302 302 302 302 302",
    "POST alerts.pause": "404 302 404 404 404 404 404",
    "GET alerts.requested": "200 200 200 200 200 200 200",
    "POST alerts.resume": "404 302 404 404 404 404 404",
    "GET alerts.unsubscribe": "400 400 400 400 400 400 400",
    "POST alerts.unsubscribe": "400 400 400 400 400 400 400",
    "GET api.job": "200 200 200 200 200 200 200",
    "GET api.jobs": "200 200 200 200 200 200 200",
    "GET maps.markers": "200 200 200 200 200 200 200",
    "GET public.company_logo": "404 404 404 404 404 404 404",
    "GET public.region_css": "200 200 200 200 200 200 200",
    "GET auth.account": "302 200 200 200 200 200 200",
    "GET auth.change_email": "302 200 200 200 200 200 200",
    "POST auth.change_email": "302 200 200 200 200 200 200",
    "GET auth.change_password": "302 200 200 200 200 200 200",
    "POST auth.change_password": "302 200 200 200 200 200 200",
    "GET auth.confirm_password": "302 200 200 200 200 200 200",
    "POST auth.confirm_password": "302 200 200 200 200 200 200",
    "GET auth.confirm_email_change": "400 400 400 400 400 400 400",
    "POST auth.confirm_email_change": "400 400 400 400 400 400 400",
    "GET auth.forgot_password": "200 200 200 200 200 200 200",
    "POST auth.forgot_password": "200 200 200 200 200 200 200",
    "GET auth.login": "200 302 302 302 302 302 302",
    "POST auth.login": "200 302 302 302 302 302 302",
    "POST auth.logout": "302 302 302 302 302 302 302",
    "POST auth.logout_everywhere": "302 302 302 302 302 302 302",
    "GET auth.register": "200 302 302 302 302 302 302",
    "POST auth.register": "200 302 302 302 302 302 302",
    "GET auth.register_employer": "200 302 302 302 302 302 302",
    "POST auth.register_employer": "200 302 302 302 302 302 302",
    "POST auth.resend_verification": "302 302 302 302 302 302 302",
    "POST auth.set_language": "302 302 302 302 302 302 302",
    "GET auth.reset_password": "400 400 400 400 400 400 400",
    "POST auth.reset_password": "400 400 400 400 400 400 400",
    "GET auth.unlock_login": "400 400 400 400 400 400 400",
    "POST auth.unlock_login": "400 400 400 400 400 400 400",
    "GET auth.verify_email": "400 400 400 400 400 400 400",
    "POST auth.verify_email": "400 400 400 400 400 400 400",
    "POST employer.accept_invitation": "302 302 302 302 302 302 302",
    "GET employer.company_profile": "302 403 200 200 403 403 403",
    "POST employer.company_profile": "302 403 400 400 403 403 403",
    "POST employer.remove_logo": "302 403 302 302 403 403 403",
    "POST employer.upload_logo": "302 403 400 400 403 403 403",
    "GET employer.dashboard": "302 403 200 200 403 403 403",
    "GET employer.edit_job": "302 403 200 404 403 403 403",
    "POST employer.edit_job": "302 403 400 404 403 403 403",
    "GET employer.invitation": "404 404 404 404 404 404 404",
    "POST employer.invite": "302 403 400 400 403 403 403",
    "POST employer.job_action": "302 403 302 404 403 403 403",
    "GET employer.job_detail": "302 403 200 404 403 403 403",
    "GET employer.new_job": "302 403 200 200 403 403 403",
    "POST employer.new_job": "302 403 400 400 403 403 403",
    "POST employer.renew_by_link": "400 400 400 400 400 400 400",
    "GET employer.renew_link": "404 404 404 404 404 404 404",
    "POST moderation.approve": "302 403 403 403 302 404 302",
    "POST moderation.feature": "302 403 403 403 302 404 302",
    "POST moderation.unfeature": "302 403 403 403 302 404 302",
    "POST moderation.close_report": "302 403 403 403 302 404 302",
    "GET feeds.company_feeds": "302 404 200 404 200 404 200",
    "POST feeds.add": "302 404 400 404 400 404 400",
    "POST feeds.remove": "302 404 302 404 302 404 302",
    "GET moderation.companies": "302 403 403 403 200 200 200",
    "POST moderation.notifications": "302 403 403 403 302 302 403",
    "POST moderation.company_ban": "302 403 403 403 400 404 400",
    "GET moderation.company_detail": "302 403 403 403 200 404 200",
    "GET moderation.company_history": "302 403 403 403 200 404 200",
    "POST moderation.company_note": "302 403 403 403 400 404 400",
    "POST moderation.company_unban": "302 403 403 403 302 404 302",
    "POST moderation.company_verify": "302 403 403 403 302 404 302",
    "GET moderation.import_upload": "302 403 403 403 200 200 200",
    "POST moderation.import_upload": "302 403 403 403 400 400 400",
    "GET moderation.job_detail": "302 403 403 403 200 404 200",
    "GET moderation.job_history": "302 403 403 403 200 404 200",
    "POST moderation.job_note": "302 403 403 403 400 404 400",
    "GET moderation.queue": "302 403 403 403 200 200 200",
    "POST moderation.reject": "302 403 403 403 400 404 400",
    "GET moderation.report_done": "200 200 200 200 200 200 200",
    "GET moderation.report_job": "200 200 200 200 200 200 200",
    "POST moderation.report_job": "400 400 400 400 400 400 400",
    "POST moderation.unpublish": "302 403 403 403 400 404 400",
    "POST privacy.delete_account": "302 400 400 400 400 400 400",
    "GET privacy.export": "302 200 200 200 200 200 200",
    "GET privacy.my_data": "302 200 200 200 200 200 200",
    "POST public.apply": "303 303 303 303 303 303 303",
    "GET public.company_page": "200 200 200 200 200 200 200",
    "GET public.favicon": "200 200 200 200 200 200 200",
    # the matrix app has no search index: the node reports itself unhealthy, for everyone
    "GET public.healthz": "503 503 503 503 503 503 503",
    "GET public.home": "200 200 200 200 200 200 200",
    "GET public.job_page": "200 200 200 200 200 200 200",
    "GET public.legal": "200 200 200 200 200 200 200",
    "POST returnee.answer": "302 400 403 403 403 403 403",
    "POST returnee.bookmark": "302 302 403 403 403 403 403",
    "GET returnee.contact": "302 403 200 200 200 200 200",
    "POST returnee.contact": "302 403 400 400 400 400 400",
    "POST returnee.decline": "302 302 403 403 403 403 403",
    "POST returnee.delete_profile": "302 302 403 403 403 403 403",
    "POST events.cancel": "400 400 400 400 400 400 400",
    "GET events.cancel": "400 400 400 400 400 400 400",
    "POST events.cancel_event": "302 403 403 403 302 404 302",
    "GET events.calendar_feed": "200 200 200 200 200 200 200",
    "GET events.confirm": "400 400 400 400 400 400 400",
    "POST events.confirm": "400 400 400 400 400 400 400",
    "GET events.edit": "302 403 403 403 200 404 200",
    "POST events.edit": "302 403 403 403 302 404 302",
    "GET events.event_ics": "200 200 200 200 200 200 200",
    "GET events.event_list": "200 200 200 200 200 200 200",
    "GET events.event_page": "200 200 200 200 200 200 200",
    "GET events.export": "302 403 403 403 200 404 200",
    "GET events.manage": "302 403 403 403 200 200 200",
    "GET events.new": "302 403 403 403 200 200 200",
    "POST events.new": "302 403 403 403 400 400 400",
    "GET events.organise": "302 403 403 403 200 404 200",
    "POST events.register": "400 302 302 302 302 302 302",
    "GET events.requested": "200 200 200 200 200 200 200",
    "POST events.unregister": "404 302 302 302 404 302 404",
    "GET returnee.edit_member": "302 403 403 403 200 404 200",
    "POST returnee.edit_member": "302 403 403 403 302 404 302",
    "GET returnee.figures": "302 403 403 403 200 200 200",
    "GET reports.index": "302 403 403 403 200 200 200",
    "GET reports.year": "302 403 403 403 200 200 200",
    "GET reports.print_view": "302 403 403 403 200 200 200",
    "GET reports.csv_export": "302 403 403 403 200 200 200",
    "GET returnee.matches": "302 200 403 403 403 403 403",
    "GET returnee.household": "302 200 403 403 403 403 403",
    "GET returnee.member": "200 200 200 200 200 200 200",
    "POST returnee.contact_member": "400 400 400 400 400 400 400",
    "GET returnee.pool": "302 403 200 200 200 200 200",
    "GET returnee.profile": "302 200 403 403 403 403 403",
    "POST returnee.profile": "302 400 403 403 403 403 403",
    "GET returnee.region": "200 200 200 200 200 200 200",
    "GET returnee.requests": "302 200 403 403 403 403 403",
    "POST returnee.unbookmark": "302 302 403 403 403 403 403",
    "GET returnee.watchlist": "302 200 403 403 403 403 403",
    "GET search.feed": "200 200 200 200 200 200 200",
    "GET search.place_suggestions": "200 200 200 200 200 200 200",
    "GET search.robots": "200 200 200 200 200 200 200",
    "GET search.search_page": "200 200 200 200 200 200 200",
    "GET search.sitemap": "200 200 200 200 200 200 200",
}


def _world(app) -> dict:
    """Users and objects; returns ids by name."""
    from jobportal.models import (
        AbuseReport,
        Company,
        ContactRequest,
        ListingFeed,
        Member,
        SavedSearch,
        User,
    )
    from tests.support.returnees import make_profile

    f = Factory(app)
    ids = {}
    ids["company_a"] = f.company(member="kamenz")
    ids["company_b"] = f.company(member="radeberg")
    ids["seeker"] = f.user(email="seeker@example.org")
    ids["emp_a"] = f.user(role="employer", company_id=ids["company_a"], email="a@example.org")
    ids["emp_b"] = f.user(role="employer", company_id=ids["company_b"], email="b@example.org")
    ids["prom_x"] = f.user(role="promoter", members=("kamenz",), email="x@example.org")
    ids["prom_y"] = f.user(role="promoter", members=("radeberg",), email="y@example.org")
    ids["admin"] = f.user(role="admin", email="admin@example.org")
    ids["job"] = f.job(company_id=ids["company_a"])
    ids["profile"] = make_profile(
        app, ids["seeker"], homes=("Kamenz",), work="Elektriker", visibility="promoters_employers"
    )
    with app.app_context():
        report = AbuseReport(job_id=ids["job"], reason="spam", text="Test")
        request = ContactRequest(
            profile_id=ids["profile"],
            sender_id=ids["emp_a"],
            sender_name="A",
            sender_org="A GmbH",
            sender_email="a@example.org",
            message="Hallo",
        )
        alert = SavedSearch(
            user_id=ids["seeker"],
            email="seeker@example.org",
            name="Alle",
            params={},
            status=SavedSearch.ACTIVE,
            secret="s" * 32,
        )
        feed = ListingFeed(company_id=ids["company_a"], url="https://karriere.example.org/feed")
        db.session.add_all([report, request, alert, feed])
        db.session.commit()
        ids.update(report=report.id, request=request.id, alert=alert.id, feed=feed.id)
        ids["company_slug"] = db.session.get(Company, ids["company_a"]).slug
        ids["member_x"] = db.session.execute(
            select(Member.id).filter_by(slug="kamenz")
        ).scalar_one()
        assert db.session.get(User, ids["prom_x"]).members
    ids["event"] = make_event(app, member="kamenz")
    return ids


def _values(endpoint: str, rule, ids: dict) -> dict:
    """URL arguments: the objects of A in X (tokens invalid)."""
    by_name = {
        "job_id": ids["job"],
        "company_id": ids["company_a"],
        "report_id": ids["report"],
        "member_id": ids["member_x"],
        "request_id": ids["request"],
        "profile_id": ids["profile"],
        "alert_id": ids["alert"],
        "feed_id": ids["feed"],
        "token": "ungueltig",
        "page": "impressum",
        "filename": "css/site.css",
        "action": "sperren",
        "user_id": ids["seeker"],
        "year": berlin_today().year,
        "event_id": ids["event"],
    }
    special = {
        "public.company_page": {"slug": ids["company_slug"]},
        "employer.job_action": {"slug": "zurueckziehen"},
        "admin.promoter_detail": {"user_id": ids["prom_x"]},
        "admin.promoter_invite": {"user_id": ids["prom_x"]},
        "maps.markers": {"kind": "members"},
    }
    values = {name: by_name.get(name, "kamenz") for name in rule.arguments}
    values.update({k: v for k, v in special.get(endpoint, {}).items() if k in rule.arguments})
    return values


# Counters of views and apply clicks (listing_months) are figures, not state: a GET of a
# public listing may add its month's row.
COUNTER_TABLES = {"listing_months"}


def _row_counts() -> dict:
    """Rows per table (counter tables aside)."""
    return {
        t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in db.metadata.sorted_tables
        if t.name not in COUNTER_TABLES
    }


def _requests(app, ids):
    """(key, method, url) for every rule: GETs first, then POSTs (which may change state)."""
    adapter = app.url_map.bind("localhost")
    gets, posts = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        url = adapter.build(rule.endpoint, _values(rule.endpoint, rule, ids))
        if "GET" in rule.methods:
            gets.append((f"GET {rule.endpoint}", "GET", url))
        if "POST" in rule.methods:
            posts.append((f"POST {rule.endpoint}", "POST", url))
    last = sorted((p for p in posts if p[0] in LAST), key=lambda p: LAST.index(p[0]))
    return sorted(gets) + sorted(p for p in posts if p[0] not in LAST) + last


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(tmp_path, db_template, role):
    app = make_app(tmp_path, db_template)
    ids = _world(app)
    client = app.test_client()
    column = ROLES.index(role)
    observed, wrong, writes = {}, [], []
    for key, method, url in _requests(app, ids):
        if role != "anon":
            login_as(client, app, ids[role])  # again: logout routes end the session
        with app.app_context():
            before = _row_counts() if method == "GET" else None
        response = client.open(url, method=method, data={})
        observed[key] = response.status_code
        assert response.status_code != 500, (key, url)
        if before is not None:
            with app.app_context():
                if _row_counts() != before:
                    writes.append(key)
        expected = EXPECTED.get(key)
        if expected is None or int(expected.split()[column]) != response.status_code:
            wrong.append((key, url, expected, response.status_code))
    if os.environ.get("MATRIX_PRINT"):
        for key, status in observed.items():
            print(f"{role}\t{key}\t{status}")
    assert writes == [], f"GET requests changed rows: {writes}"  # no state change on GET
    assert wrong == [], f"unexpected statuses for {role}: {wrong}"


def test_every_rule_has_an_entry(app):
    keys = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        keys |= {f"{m} {rule.endpoint}" for m in ("GET", "POST") if m in rule.methods}
    missing = sorted(keys - set(EXPECTED))
    assert missing == [], f"routes without an access matrix entry: {missing}"
    assert sorted(set(EXPECTED) - keys) == [], "entries for routes that no longer exist"
