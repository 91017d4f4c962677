"""The BA client against the fake server: headers, retries, backoff, giving up cleanly."""

from datetime import UTC, datetime

from jobportal.ba import BaClient, details_key, retry_after_seconds
from jobportal.models import BaListing, Job
from tests.support import ba as ba_support
from tests.support.ba import KAMENZ_REF, ba_jobs, count, run

app = ba_support.app  # the app talking to the fake BA server
fake_ba = ba_support.fake_ba


def _client(app, sleeps):
    """A client whose waits are recorded instead of slept."""
    return BaClient(app.config, sleep=sleeps.append)


def test_requests_carry_key_user_agent_and_timeout(app, fake_ba, monkeypatch):
    import requests

    seen = {}
    original = requests.Session.get

    def spy(self, url, **kwargs):
        seen.update(headers=dict(self.headers), timeout=kwargs.get("timeout"))
        return original(self, url, **kwargs)

    monkeypatch.setattr(requests.Session, "get", spy)
    client = BaClient(app.config)
    client.search({"wo": "01917", "umkreis": 5, "page": 1, "size": 10})
    assert seen["headers"]["X-API-Key"] == "jobboerse-jobsuche"
    assert seen["headers"]["User-Agent"].startswith("Jobportal-BA-Import/")
    assert seen["timeout"] == 2.0
    assert details_key(KAMENZ_REF) == "MTAwMDEtMTAwMDAwMDAwMS1T"


def test_polite_pause_between_requests(app, fake_ba):
    sleeps = []
    app.config["BA_REQUEST_INTERVAL"] = 30.0
    client = _client(app, sleeps)
    client.search({"wo": "01917", "page": 1, "size": 10})
    assert sleeps == []
    client.search({"wo": "01917", "page": 2, "size": 10})
    assert len(sleeps) == 1 and 29 < sleeps[0] <= 30


def test_429_then_success_respects_retry_after(app, fake_ba):
    fake_ba.force("jobs", status=429, body="{}", headers={"Retry-After": "7"})
    sleeps = []
    result = run(app, client=_client(app, sleeps))
    assert result["status"] == "succeeded" and result["new"] == 2
    assert sleeps == [7.0]
    assert fake_ba.searches()[0] == fake_ba.searches()[1]  # the same page again


def test_retry_after_as_http_date_and_capped(app, fake_ba):
    now = datetime(2026, 11, 22, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Sun, 22 Nov 2026 08:00:30 GMT", now) == 30
    assert retry_after_seconds("gestern", now) is None
    fake_ba.force("details", status=503, headers={"Retry-After": "86400"})
    sleeps = []
    assert run(app, client=_client(app, sleeps))["status"] == "succeeded"
    assert sleeps == [app.config["BA_RETRY_AFTER_MAX"]]


def test_500_is_retried_with_backoff_then_given_up_cleanly(app, fake_ba, runner):
    app.config["BA_BACKOFF"] = 0.5
    fake_ba.force("jobs", status=500, body="Internal Server Error", times=3)
    sleeps = []
    result = run(app, client=_client(app, sleeps))
    assert result["status"] == "failed"
    assert "HTTP 500" in result["errors"] and "aufgegeben nach 3 Versuchen" in result["errors"]
    assert sleeps == [0.5, 1.0]
    assert len(fake_ba.searches()) == 3
    assert count(app, Job) == 0 and count(app, BaListing) == 0
    # a later run works again
    assert run(app)["new"] == 2


def test_500_then_success(app, fake_ba):
    fake_ba.force("jobs", status=502, times=2)
    assert run(app)["status"] == "succeeded"
    assert set(ba_jobs(app)) and len(ba_jobs(app)) == 2


def test_timeouts_are_retried_then_given_up(app, fake_ba):
    fake_ba.force("details", delay=0.6, times=3)
    result = run(app, BA_TIMEOUT=0.2)
    assert result["status"] == "failed"
    assert "Zeitüberschreitung" in result["errors"]
    assert count(app, Job) == 0  # the unfinished page was rolled back


def test_timeout_then_success(app, fake_ba):
    fake_ba.force("jobs", delay=0.6)
    result = run(app, BA_TIMEOUT=0.2)
    assert result["status"] == "succeeded" and result["new"] == 2


def test_connection_refused_fails_the_run_and_the_cli_exits_non_zero(app, fake_ba, runner):
    app.config["BA_BASE_URL"] = "http://127.0.0.1:9"
    result = runner.invoke(args=["import", "ba"])
    assert result.exit_code != 0
    assert "BA-Import fehlgeschlagen" in result.output
    assert "Verbindungsfehler" in result.output


def test_details_404_skips_the_listing(app, fake_ba, caplog):
    fake_ba.force("details", status=404, body="{}")
    result = run(app)
    assert result["status"] == "succeeded"
    assert result["new"] == 1 and result["skipped"] == 1
    assert "Details nicht mehr vorhanden" in caplog.text


def test_details_as_html_fail_loudly(app, fake_ba):
    fake_ba.force("details", body="<html>Anmeldung</html>", content_type="text/html")
    result = run(app)
    assert result["status"] == "failed" and "kein JSON" in result["errors"]
    assert count(app, Job) == 0
