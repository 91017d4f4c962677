"""Every POST route refuses requests without a CSRF token (also routes added later)."""

from werkzeug.routing.converters import AnyConverter, IntegerConverter

from tests.conftest import login_as

# RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token; the signed
# token in the URL protects it (tests/test_alerts_digest.py). The apply click only adds
# to a public counter (anybody can), and without a token the job page is cacheable.
CSRF_EXEMPT = {"alerts.unsubscribe", "public.apply"}


def _dummy_value(converter):
    """A value the converter accepts (the object it names need not exist)."""
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter):
        return 1
    return "x"


def post_urls(app) -> list[tuple[str, str]]:
    """(endpoint, url) of every URL rule that accepts POST, arguments filled with dummies."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()):
            continue
        values = {name: _dummy_value(rule._converters[name]) for name in rule.arguments}
        urls.append((rule.endpoint, adapter.build(rule.endpoint, values, method="POST")))
    return urls


def _check_all(app, client):
    """Post without a token everywhere; return {endpoint: status}."""
    statuses = {}
    for endpoint, url in post_urls(app):
        if endpoint in CSRF_EXEMPT:
            continue
        response = client.post(url, data={"email": "x@example.org", "password": "x"})
        statuses[endpoint] = response.status_code
        assert response.status_code in (400, 404), (endpoint, url, response.status_code)
        if response.status_code == 400:
            assert "Das Formular ist abgelaufen" in response.get_data(as_text=True), endpoint
    auth_endpoints = [e for e in statuses if e.startswith("auth.")]
    assert len(auth_endpoints) >= 10
    assert all(statuses[e] == 400 for e in auth_endpoints), statuses
    return statuses


def test_only_the_one_click_unsubscribe_and_the_apply_click_are_exempt(csrf_app):
    from jobportal.core.extensions import csrf

    views = {csrf_app.view_functions[e] for e in CSRF_EXEMPT}
    assert csrf._exempt_views == {f"{v.__module__}.{v.__name__}" for v in views}


def test_post_without_token_is_refused_for_anonymous(csrf_app):
    _check_all(csrf_app, csrf_app.test_client())


def test_post_without_token_is_refused_for_admin(csrf_app):
    from tests.conftest import Factory

    client = csrf_app.test_client()
    login_as(client, csrf_app, Factory(csrf_app).user(role="admin"))
    assert client.get("/konto").status_code == 200
    _check_all(csrf_app, client)
    assert client.get("/konto").status_code == 200  # nothing logged the admin out


def test_login_with_token_works(csrf_app):
    import re

    from tests.conftest import DEFAULT_PASSWORD, Factory

    Factory(csrf_app).user(email="erika@example.org")
    client = csrf_app.test_client()
    page = client.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/anmelden",
        data={"csrf_token": token, "email": "erika@example.org", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302


def test_forms_side_by_side_carry_the_token_under_its_plain_name(csrf_app):
    """The moderation page shows several prefixed forms: each token is named csrf_token
    (as scanners and proxies expect), ids stay unique, and the approve form works."""
    import re

    from jobportal.core.extensions import db
    from jobportal.models import Job
    from tests.conftest import Factory

    factory = Factory(csrf_app)
    job_id = factory.job(factory.company(), state="pending")
    client = csrf_app.test_client()
    login_as(client, csrf_app, factory.user(role="promoter", members=("kamenz",)))
    page = client.get(f"/moderation/stellen/{job_id}").get_data(as_text=True)
    tokens = re.findall(r'<input id="([^"]+)" name="([^"]*csrf_token)" type="hidden"', page)
    assert len(tokens) >= 3 and {name for _, name in tokens} == {"csrf_token"}
    assert len({token_id for token_id, _ in tokens}) == len(tokens)
    value = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(f"/moderation/stellen/{job_id}/freigeben").status_code == 400
    response = client.post(f"/moderation/stellen/{job_id}/freigeben", data={"csrf_token": value})
    assert response.status_code == 302
    with csrf_app.app_context():
        assert db.session.get(Job, job_id).state == "published"
