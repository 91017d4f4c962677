"""One run at a time across nodes: the scheduled commands' locks (SQLite and PostgreSQL)."""

from sqlalchemy import select

from jobportal.core.extensions import db
from jobportal.models import OutboxMail
from jobportal.platform.locks import exclusive_run, lock_key
from jobportal.platform.mail import sent_messages


def test_a_second_holder_is_refused_until_the_first_lets_go(ctx):
    with exclusive_run("mail-send") as first:
        with exclusive_run("mail-send") as second:
            assert (first, second) == (True, False)
        with exclusive_run("alerts-send") as other:
            assert other  # another command is not held up
    with exclusive_run("mail-send") as again:
        assert again


def test_lock_keys_are_stable_and_distinct():
    assert lock_key("mail-send") == lock_key("mail-send")
    assert lock_key("mail-send") != lock_key("alerts-send")
    assert -(2**63) <= lock_key("import-ba") < 2**63


def _queue(app) -> int:
    with app.app_context():
        mail = OutboxMail(
            recipient="erika@example.org",
            subject="Willkommen",
            body_text="Hallo",
            body_html="<p>Hallo</p>",
            headers={},
        )
        db.session.add(mail)
        db.session.commit()
        return mail.id


def _status(app, mail_id: int) -> str:
    with app.app_context():
        return db.session.execute(select(OutboxMail.status).filter_by(id=mail_id)).scalar_one()


def test_a_scheduled_command_skips_while_another_node_runs_it(app, runner):
    mail_id = _queue(app)
    with app.app_context(), exclusive_run("mail-send"):
        result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0
    assert "läuft bereits anderswo; übersprungen" in result.output
    assert _status(app, mail_id) == "pending"

    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "gesendet: 1" in result.output
    assert _status(app, mail_id) == "sent"
    with app.app_context():
        assert [m["To"] for m in sent_messages()] == ["erika@example.org"]


def test_every_scheduled_command_takes_its_lock(app, runner):
    commands = {
        "jobs-expire": ["jobs", "expire"],
        "alerts-send": ["alerts", "send", "--frequency", "daily"],
        "alerts-cleanup": ["alerts", "cleanup"],
        "privacy-retention": ["privacy", "retention"],
        "import-ba": ["import", "ba"],
    }
    for name, args in commands.items():
        with app.app_context(), exclusive_run(name):
            result = runner.invoke(args=args)
        assert result.exit_code == 0, (name, result.output)
        assert result.output.strip() == f"{name}: läuft bereits anderswo; übersprungen."
