"""The Nu Html Checker (vnu.jar, npm package vnu-jar) finds no error on the main pages.

The pages of the mobile-first list (home, search, job, company, region, municipality,
matches, employer dashboard, listing editor, moderation queue) and a few more are
rendered by the test client as their users see them, written to a folder and checked
in one run of the checker. Without Java or vnu.jar the test is skipped with a loud
reason; `scripts/vnu.sh` (or `make vnu`) installs the jar with npm and runs this test.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import User
from tests.conftest import login_as
from tests.e2e.test_layout import EMPLOYER, PROMOTER, pages, seed

VNU_JAR = Path(
    os.environ.get("VNU_JAR")
    or Path(__file__).resolve().parents[2] / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
EXTRA = [
    ("account-promoter", PROMOTER, "/konto"),
    ("company-profile", EMPLOYER, "/arbeitgeber/unternehmen"),
    ("search-empty", None, "/jobs?q=Astronaut"),
    ("impressum", None, "/impressum"),
]


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).filter_by(email=email)).scalar_one()


def render_pages(app, folder: Path) -> list[str]:
    """Write every page as its user sees it; the file names."""
    ids = seed(app)
    names = []
    for name, who, path in pages(ids) + EXTRA:
        client = app.test_client()
        if who:
            login_as(client, app, user_id(app, who))
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        (folder / f"{name}.html").write_bytes(response.data)
        names.append(name)
    return names


def run_vnu(folder: Path) -> list[dict]:
    """The checker's errors over all files of ``folder``."""
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [*command, "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


needs_vnu = pytest.mark.skipif(
    not VNU_JAR.is_file() or shutil.which("java") is None,
    reason=f"NU HTML CHECKER SKIPPED: needs java and {VNU_JAR} (run scripts/vnu.sh)",
)


@needs_vnu
def test_the_checker_reports_errors(tmp_path):
    """The harness itself: a broken page yields its error (no silent pass)."""
    (tmp_path / "broken.html").write_text(
        '<!doctype html><html lang="de"><head><title>x</title></head>'
        '<body><img src="x.png"></body></html>'
    )
    [error] = run_vnu(tmp_path)
    assert "alt" in error["message"]


@needs_vnu
def test_main_pages_have_no_html_errors(app, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    names = render_pages(app, folder)
    assert len(names) == len(pages({"job": 0, "company": ""})) + len(EXTRA)
    errors = run_vnu(folder)
    report = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} "
        f"| {m.get('extract', '')!r}"
        for m in errors
    ]
    print(f"Nu Html Checker: {len(names)} pages, {len(errors)} errors")  # noqa: T201
    assert not report, "\n".join(report)
