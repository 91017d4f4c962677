"""The app `make audit` serves (scripts/audit_app.py): the portal plus the positive control."""

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import Factory, make_app

AUDIT_APP = Path(__file__).resolve().parents[2] / "scripts" / "audit_app.py"


@pytest.fixture(scope="module")
def audit_app():
    """scripts/audit_app.py, loaded from its path (it is no part of the jobportal package)."""
    spec = importlib.util.spec_from_file_location("audit_app", AUDIT_APP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_control_answers_and_is_injectable(audit_app, tmp_path, db_template):
    app = audit_app.add_positive_control(make_app(tmp_path, db_template))
    factory = Factory(app)
    factory_ids = [factory.company(), factory.company()]
    client = app.test_client()
    one = client.get(f"{audit_app.CONTROL_PATH}?id={factory_ids[0]}")
    assert one.status_code == 200
    assert [row["id"] for row in one.get_json()] == [factory_ids[0]]
    injected = client.get(audit_app.CONTROL_PATH, query_string={"id": "0 OR 1=1"})
    assert sorted(row["id"] for row in injected.get_json()) == sorted(factory_ids)


def test_the_wsgi_factory_builds_the_portal_with_the_control(audit_app, monkeypatch, tmp_path):
    monkeypatch.setenv("JOBPORTAL_DATA_DIR", str(tmp_path / "data"))
    app = audit_app.create_audit_app("testing")
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"audit_control.companies", "public.home", "moderation.approve"} <= endpoints


def test_the_control_is_refused_in_production(audit_app, monkeypatch, tmp_path):
    monkeypatch.setenv("JOBPORTAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JOBPORTAL_SECRET_KEY", "a-long-random-production-secret")
    with pytest.raises(RuntimeError, match="production"):
        audit_app.create_audit_app("production")
