"""deploy/: the units, the task map and the backup scripts fit the app they deploy."""

import configparser
import glob
import logging
import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from jobportal.core.extensions import db
from jobportal.models import Company, Place
from tests.conftest import PG_URL
from tests.support.search import index

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def unit(path: Path) -> configparser.ConfigParser:
    """A systemd unit file read as INI (systemd's syntax is a superset)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text())
    return parser


def task_commands() -> dict[str, list[str]]:
    """Task name -> flask arguments, as deploy/run-task maps them."""
    text_ = (DEPLOY / "run-task").read_text()
    return {
        name: args.split()
        for name, args in re.findall(r"^\s+([a-z-]+)\) flask ([^;]+) ;;", text_, re.MULTILINE)
    }


def test_every_timer_starts_a_task_that_run_task_knows():
    tasks = task_commands()
    timers = sorted((DEPLOY / "systemd").glob("jobportal-*.timer"))
    assert len(timers) == len(tasks) == 9
    for timer in timers:
        parsed = unit(timer)
        name = timer.stem.removeprefix("jobportal-")
        assert parsed["Timer"]["Unit"] == f"jobportal-task@{name}.service"
        assert parsed["Timer"]["OnCalendar"]
        assert name in tasks, name


def test_every_task_is_a_real_command(runner):
    for name, args in task_commands().items():
        result = runner.invoke(args=[*args, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_services_run_the_app_as_documented():
    web = unit(DEPLOY / "systemd" / "jobportal-web.service")
    assert "gunicorn" in web["Service"]["ExecStart"] and "wsgi:app" in web["Service"]["ExecStart"]
    index = unit(DEPLOY / "systemd" / "jobportal-index.service")
    assert index["Service"]["ExecStart"].endswith("flask --app wsgi index worker")
    task = unit(DEPLOY / "systemd" / "jobportal-task@.service")
    assert task["Service"]["ExecStart"] == "/opt/jobportal/deploy/run-task %i"


def _worker(app, caplog) -> SimpleNamespace:
    """What post_worker_init reads of a gunicorn worker: the loaded app, log, heartbeat."""
    caplog.set_level(logging.INFO, logger="gunicorn.test")
    return SimpleNamespace(wsgi=app, log=logging.getLogger("gunicorn.test"), notify=lambda: None)


def test_a_new_web_worker_warms_its_search_before_it_serves(app, factory, caplog):
    web = unit(DEPLOY / "systemd" / "jobportal-web.service")
    assert "-c deploy/gunicorn.conf.py" in web["Service"]["ExecStart"]
    factory.job(title="Pflegefachkraft (m/w/d)")
    index(app)
    hook = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["post_worker_init"]
    hook(_worker(app, caplog))
    assert re.search(r"search warmed up in \d+\.\d s", caplog.text)


def test_a_failing_warm_up_is_logged_and_the_worker_still_starts(caplog):
    hook = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["post_worker_init"]
    hook(_worker(object(), caplog))  # no app config: warm_search raises
    assert "search warm-up failed" in caplog.text


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (make test runs it)")
@pytest.mark.skipif(not _pg_tool("pg_dump"), reason="pg_dump not installed")
def test_backup_and_restore_round_trip(app, factory, tmp_path):
    with app.app_context():
        factory.company(name="Bäckerei Rückkehr GmbH")
        db.session.commit()
        companies = db.session.execute(select(func.count(Company.id))).scalar_one()
        places = db.session.execute(select(func.count(Place.id))).scalar_one()
    url = make_url(PG_URL).set(drivername="postgresql")
    target = url.set(database="jobportal_restore_check")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS jobportal_restore_check"))
        conn.execute(text("CREATE DATABASE jobportal_restore_check"))
    env = {**os.environ, "PATH": f"{Path(_pg_tool('pg_dump')).parent}:{os.environ['PATH']}"}
    plain = url.render_as_string(hide_password=False)
    subprocess.run([DEPLOY / "backup" / "backup.sh", plain, tmp_path], check=True, env=env)
    dump = next(tmp_path.glob("jobportal-*.dump"))
    restore = [DEPLOY / "backup" / "restore.sh", dump, target.render_as_string(False)]
    subprocess.run(restore, check=True, env=env)
    restored = create_engine(target)
    try:
        with restored.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM companies")).scalar() == companies
            assert conn.execute(text("SELECT count(*) FROM places")).scalar() == places
    finally:
        restored.dispose()
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE jobportal_restore_check"))
        admin.dispose()
